import type { KubernetesObject } from './addon-config';
import { pointedAt } from './webhooks';

describe('a webhook configuration pointed at a loopback process', () => {
  const configuration: KubernetesObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'inferenceservice.serving.kserve.io' },
    webhooks: [
      {
        name: 'inferenceservice.kserve-webhook-server.defaulter',
        clientConfig: { service: { name: 'kserve-webhook-server-service', namespace: 'kserve', path: '/mutate-pods' } },
        failurePolicy: 'Fail',
      },
    ],
  };

  it("calls the URL at the Service's path and trusts the given CA, keeping the rest", () => {
    const pointed = pointedAt(configuration, 'https://127.0.0.1:9443', 'PEM');
    expect(pointed['webhooks']).toEqual([
      {
        name: 'inferenceservice.kserve-webhook-server.defaulter',
        clientConfig: { url: 'https://127.0.0.1:9443/mutate-pods', caBundle: Buffer.from('PEM').toString('base64') },
        failurePolicy: 'Fail',
      },
    ]);
  });

  it('takes the path from the caller where the Service names none (Knative fills it in itself)', () => {
    const pointed = pointedAt(configuration, 'https://localhost:8443', 'PEM', () => '/defaulting');
    expect(pointed['webhooks']).toEqual([
      expect.objectContaining({ clientConfig: expect.objectContaining({ url: 'https://localhost:8443/defaulting' }) }),
    ]);
  });

  it('refuses a webhook it cannot place', () => {
    expect(() => pointedAt(configuration, 'https://localhost:1', 'PEM', () => undefined)).toThrow(
      /a webhook of inferenceservice.serving.kserve.io has no path/,
    );
  });
});
