import { appValuesFixture } from './testing/app-values-fixture';
import { lagReaderTriggerAuthentication, workerScaledObject } from './worker-autoscaling';

describe('worker autoscaling', () => {
  const values = appValuesFixture();

  it('scales the worker Deployment on the consumer lag of the input topic', () => {
    expect(workerScaledObject(values).spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'category-match-worker' },
      minReplicaCount: 1,
      maxReplicaCount: 6,
      triggers: [
        {
          type: 'kafka',
          metadata: {
            bootstrapServers: 'category-match-kafka-bootstrap.kafka.svc:9093',
            consumerGroup: 'category-match-worker',
            topic: 'category-match-in',
            lagThreshold: '100',
          },
          authenticationRef: { name: 'category-match-worker-kafka-lag' },
        },
      ],
    });
  });

  it('scales down one replica a minute after five quiet minutes, on the HPA KEDA makes', () => {
    const spec = workerScaledObject(values).spec as Record<string, unknown>;
    expect(spec.advanced).toEqual({
      horizontalPodAutoscalerConfig: {
        behavior: {
          scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
        },
      },
    });
    // KEDA applies cooldownPeriod only on the way to zero replicas: set where the worker may go there, and nowhere else.
    expect(spec.cooldownPeriod).toBeUndefined();
    const toZero = workerScaledObject(appValuesFixture({ worker: { ...values.worker, minReplicas: 0 } }));
    expect((toZero.spec as Record<string, unknown>).cooldownPeriod).toBe(300);
  });

  it('refuses more worker replicas than partitions, naming both numbers', () => {
    const tooMany = appValuesFixture({ worker: { ...values.worker, maxReplicas: 7 } });
    expect(() => workerScaledObject(tooMany)).toThrow(
      /maxReplicas \(7\) exceeds the 6 partitions of category-match-in/,
    );
  });

  it('signs in as the lag reader with its Secret and trusts the cluster CA', () => {
    expect(lagReaderTriggerAuthentication(values).spec).toMatchObject({
      secretTargetRef: [
        { parameter: 'password', name: 'category-match-lag-reader', key: 'password' },
        { parameter: 'ca', name: 'category-match-cluster-ca-cert', key: 'ca.crt' },
      ],
    });
  });
});
