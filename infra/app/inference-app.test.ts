import * as k8s from '@pulumi/kubernetes';
import { setMocks, settle } from '../testing/mocks';
import { appObjects } from './app-objects';
import { InferenceApp, kubernetesTypeToken } from './inference-app';
import { appValuesFixture } from './testing/app-values-fixture';

describe('InferenceApp (pulumi delivery)', () => {
  it('creates every object the builders return, with its type token, through the given provider', async () => {
    const recorder = setMocks({ stack: 'dev' });
    const objects = appObjects(appValuesFixture());
    const provider = new k8s.Provider('cluster', {});
    new InferenceApp('app', { objects }, { providers: [provider] });
    await settle();

    expect(recorder.ofType('category-match:app:InferenceApp')).toHaveLength(1);
    const created = recorder.resources.filter((resource) => resource.type.startsWith('kubernetes:') && resource.custom);
    const types = created.map((resource) => resource.type).filter((type) => type !== 'pulumi:providers:kubernetes');
    // Registrations reach the engine asynchronously, so compare as sets with their counts.
    expect([...types].sort()).toEqual(objects.map(kubernetesTypeToken).sort());
    expect(types).toEqual(
      expect.arrayContaining([
        'kubernetes:serving.kserve.io/v1beta1:InferenceService',
        'kubernetes:apps/v1:Deployment',
        'kubernetes:policy/v1:PodDisruptionBudget',
        'kubernetes:keda.sh/v1alpha1:ScaledObject',
      ]),
    );
    const deployment = recorder.get(
      'kubernetes:apps/v1:Deployment',
      'app-deployment-category-match-category-match-worker',
    );
    expect(deployment.inputs).toMatchObject({
      metadata: { name: 'category-match-worker', namespace: 'category-match' },
    });
    expect(deployment.provider).toMatch(/cluster/);
  });
});
