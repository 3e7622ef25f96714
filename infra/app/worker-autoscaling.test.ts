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
