/**
 * The Kafka harness as other packages use it (`@category-match/kafka-harness`): the worker's
 * stories and bench, the demo, and the local API server's lock and process helpers.
 */
export {
  acquireBroker,
  brokerStatus,
  ensureBroker,
  freePortBase,
  takenBrokerPorts,
  startBroker,
  stopBroker,
  type BrokerInfo,
  type BrokerLease,
  type BrokerOptions,
  type EnsuredBroker,
  type PlatformListener,
} from './broker';
export { brokerPaths, defaultPortBase, type BrokerPaths } from './broker-config';
export { anyFreePort, isPortFree } from './ports';
export { startCluster, type ClusterNode, type ClusterOptions, type LocalCluster } from './cluster';
export { withFileLock } from './file-lock';
export { requireJava } from './java';
export { createCertificateAuthority, type IssuedListenerCertificate } from './tls';
export { loopbackFor } from './readiness';
export { commandLine, isAlive, launchDetached, terminate, waitForExit } from './processes';
export { quietKafkajsTimeoutWarning } from './quiet-kafkajs-warnings';
export { groupLag } from './group-lag';
export { createTopicsAndWait, waitForInSyncReplicas, waitForTopicLeaders } from './topics';
export { readPartitionBatches, readSegmentBatches, type SegmentBatch } from './log-segments';
export {
  checkPartitionTransactions,
  checkTopicTransactions,
  skippedMarkerLines,
  verifyTransactions,
  type PartitionTransactions,
} from './transaction-integrity';
