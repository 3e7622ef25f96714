import { knativeServing } from './knative-serving';

const serving = knativeServing({
  namespace: 'knative-serving',
  replicas: 2,
  autoscaling: { scaleToZero: true, scaleDownDelay: '15m', stableWindow: '90s', maxRevisionTimeoutSeconds: 1800 },
  gatewaySelector: { istio: 'ingressgateway' },
});

describe('KnativeServing', () => {
  it('uses Istio for ingress, on the Istio gateway pods', () => {
    expect(serving.spec.ingress.istio).toEqual({
      enabled: true,
      'knative-ingress-gateway': { selector: { istio: 'ingressgateway' } },
    });
    expect(serving.spec.config.network['ingress-class']).toBe('istio.ingress.networking.knative.dev');
  });

  it('scales to zero with the configured delay and window', () => {
    expect(serving.spec.config.autoscaler).toEqual({
      'enable-scale-to-zero': 'true',
      'scale-down-delay': '15m',
      'stable-window': '90s',
    });
  });

  it('lets a revision wait out a cold GPU start', () => {
    expect(serving.spec.config.defaults['max-revision-timeout-seconds']).toBe('1800');
    expect(serving.spec.config.deployment['progress-deadline']).toBe('1800s');
  });

  it('admits the pod fields KServe sets for the GPU pool and the model volume', () => {
    expect(Object.values(serving.spec.config.features).every((value) => value === 'enabled')).toBe(true);
    expect(Object.keys(serving.spec.config.features)).toEqual(
      expect.arrayContaining(['kubernetes.podspec-nodeselector', 'kubernetes.podspec-tolerations']),
    );
  });

  it('installs the Knative Serving release matching the operator', () => {
    expect(serving.spec.version).toBe('1.23.0');
  });
});
