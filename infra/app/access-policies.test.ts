import {
  gatewayAuthorizationPolicy,
  modelApiAuthorizationPolicies,
  modelApiNetworkPolicy,
  workerNetworkPolicy,
} from './access-policies';
import { appValuesFixture } from './testing/app-values-fixture';

const workerPrincipal = 'cluster.local/ns/category-match/sa/category-match-worker';

describe('access policies', () => {
  const values = appValuesFixture();

  it('lets only the worker (and the gateway and activator forwarding for it) call the transformer', () => {
    const [transformer] = modelApiAuthorizationPolicies(values);
    expect(transformer?.spec).toEqual({
      selector: {
        matchLabels: { 'serving.kserve.io/inferenceservice': 'category-classifier', component: 'transformer' },
      },
      action: 'ALLOW',
      rules: [
        {
          from: [
            { source: { principals: [workerPrincipal] } },
            { source: { namespaces: ['istio-system', 'knative-serving'] } },
          ],
        },
      ],
    });
  });

  it('lets only the transformer call the predictor', () => {
    const [, predictor] = modelApiAuthorizationPolicies(values);
    expect(predictor?.spec).toMatchObject({
      selector: { matchLabels: { component: 'predictor' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/category-match/sa/model-transformer'] } },
            expect.anything(),
          ],
        },
      ],
    });
  });

  it('denies, at the gateway, requests for the model hosts from anyone but the worker and the transformer', () => {
    const policy = gatewayAuthorizationPolicy(values);
    expect(policy.metadata.namespace).toBe('istio-system');
    expect(policy.spec).toMatchObject({
      action: 'DENY',
      rules: [
        {
          from: [
            { source: { notPrincipals: [workerPrincipal, 'cluster.local/ns/category-match/sa/model-transformer'] } },
          ],
          to: [{ operation: { hosts: expect.arrayContaining(['category-classifier.category-match*']) } }],
        },
      ],
    });
  });

  it('admits network traffic to the model API only from the worker, its own pods and the platform', () => {
    const ingress = modelApiNetworkPolicy(values).spec?.ingress ?? [];
    expect(ingress).toHaveLength(1);
    const namespaces = (ingress[0]?.from ?? []).map(
      (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'],
    );
    expect(namespaces.filter((namespace) => namespace !== undefined)).toEqual([
      'istio-system',
      'knative-serving',
      'gmp-system',
    ]);
    expect(ingress[0]?.from?.[0]).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'category-match-worker' } },
    });
  });

  it('admits only metrics scrapes to the worker', () => {
    expect(workerNetworkPolicy(values).spec?.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gmp-system' } } }],
        ports: [{ port: 9464, protocol: 'TCP' }],
      },
    ]);
  });
});
