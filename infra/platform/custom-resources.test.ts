import { validateManifest } from '../validation';
import { strictPeerAuthentication } from './istio/peer-authentication';
import type { KafkaClusterInput } from './kafka/kafka-cluster';
import { kafkaCluster, kafkaNodePool, kafkaTopic } from './kafka/kafka-cluster';
import {
  clientTrustCertificate,
  kafkaCaCertificate,
  kafkaCaIssuer,
  listenerCertificate,
  selfSignedIssuer,
} from './kafka/kafka-tls';
import { kafkaClients, kafkaUser, topicNames } from './kafka/kafka-users';
import { clusterSizes } from './kafka/testing/cluster-sizes';
import { knativeServing } from './knative/knative-serving';
import { criticalPodsQuota } from './monitoring/critical-pods-quota';
import { grafanaDashboardConfigMap } from './monitoring/grafana-dashboard';

function platformObjects(cluster: KafkaClusterInput): object[] {
  const tls = {
    clusterName: cluster.name,
    kafkaNamespace: cluster.namespace,
    clientNamespace: 'category-match',
    certManagerNamespace: 'cert-manager',
  };
  return [
    strictPeerAuthentication('category-match'),
    knativeServing({
      namespace: 'knative-serving',
      replicas: cluster.brokers > 1 ? 2 : 1,
      autoscaling: { scaleToZero: true, scaleDownDelay: '15m', stableWindow: '60s', maxRevisionTimeoutSeconds: 1800 },
      gatewaySelector: { istio: 'ingressgateway' },
    }),
    kafkaNodePool(cluster),
    kafkaCluster(cluster, 'category-match'),
    ...Object.values(topicNames).map((topicName) => kafkaTopic(cluster, { topicName, partitions: 6 })),
    ...Object.values(kafkaClients).map((client) =>
      kafkaUser(client, { name: cluster.name, namespace: 'category-match' }),
    ),
    selfSignedIssuer(),
    kafkaCaCertificate(tls),
    kafkaCaIssuer(),
    listenerCertificate(tls),
    clientTrustCertificate(tls),
    grafanaDashboardConfigMap('category-match-dashboard', 'gpu-monitoring', 'category-match.json'),
    criticalPodsQuota('gpu-monitoring', 4),
  ];
}

describe.each(['dev', 'ops'] as const)('custom resources of the %s sizing', (stack) => {
  it.each(
    platformObjects(clusterSizes[stack]).map((object) => [
      `${(object as { kind: string }).kind}/${(object as { metadata: { name: string } }).metadata.name}`,
      object,
    ]),
  )('%s validates against its upstream schema', (_name, object) => {
    expect(validateManifest(object)).toEqual([]);
  });
});

describe('schema validation of platform objects', () => {
  it('catches a misspelt field in a KafkaTopic', () => {
    const topic = kafkaTopic(clusterSizes.ops, { topicName: topicNames.input, partitions: 6 });
    const misspelt = { ...topic, spec: { ...topic.spec, replica: 3 } };
    expect(validateManifest(misspelt).join('\n')).toMatch(/replica/);
  });
});
