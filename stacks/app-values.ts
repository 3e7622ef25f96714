import type { AppValues } from '../infra/app/app-values';
import { modelStorageUri } from '../infra/gcp/model-store/model-store';
import { predictorKubernetesServiceAccount } from '../infra/gcp/identities/identities';
import { standardLabels, type NamingContext } from '../infra/naming';
import { clientCaSecretName } from '../infra/platform/kafka/kafka-tls';
import { kafkaClients, topicNames, workerConsumerGroup } from '../infra/platform/kafka/kafka-users';
import type { StackConfig } from './config';
import { imageRegistry, kafkaBootstrap, modelStoreBaseUri } from './derived-names';
import { managedPrometheusNamespace } from '../infra/platform/monitoring/pod-monitoring';
import { platformNamespaces } from './platform';
import { imagesNotFromWorkflow, type Release } from './release';

/**
 * The application's values for one stack, from its config and release only (no engine, no cloud),
 * so `pulumi up` and `npm run render` build the same objects. Fails naming every inconsistency.
 */
export function appValuesFor(config: StackConfig, release: Release, naming: NamingContext): AppValues {
  // Cross-key rules of the config itself ran when it was parsed; this one spans config and release.
  if (release.worker.maxReplicas > config.kafkaPartitions) {
    throw new Error(
      `Invalid app settings for stack "${config.stack}": stacks/${config.stack}/release.yaml worker.maxReplicas (${release.worker.maxReplicas}) exceeds category-match:kafkaPartitions (${config.kafkaPartitions}); a worker without a partition idles`,
    );
  }
  const foreignImages = config.cluster === 'gke' ? imagesNotFromWorkflow(release) : [];
  if (foreignImages.length > 0) {
    throw new Error(
      `Invalid app settings for stack "${config.stack}": stacks/${config.stack}/release.yaml ${foreignImages.join(', ')} ${foreignImages.length === 1 ? 'is not a tag' : 'are not tags'} the images workflow pushes (the 40-character SHA of the commit it built); once it has run for a commit: npm run release-images -- --tag <sha> --stacks ${config.stack}`,
    );
  }
  const registry = imageRegistry(config, naming);
  return {
    stack: config.stack,
    namespace: config.servingNamespace,
    labels: standardLabels(naming, config.costCenter),
    model: {
      name: release.model.name,
      version: release.model.version,
      storageUri: modelStorageUri(modelStoreBaseUri(config, naming), release.model.name, release.model.version),
      predictorServiceAccount: predictorKubernetesServiceAccount,
    },
    images: {
      modelServer: `${registry}/model-server:${release.images.modelServer}`,
      // The image workflow pushes the CUDA build of the same commit as `<tag>-cuda`.
      modelServerCuda: `${registry}/model-server:${release.images.modelServer}-cuda`,
      worker: `${registry}/worker:${release.images.worker}`,
    },
    modelApi: {
      minReplicas: config.modelApiMinReplicas,
      maxReplicas: config.modelApiMaxReplicas,
      scaleMetric: config.modelApiScaleMetric,
      scaleTarget: config.modelApiScaleTarget,
      containerConcurrency: config.modelApiContainerConcurrency,
      timeoutSeconds: config.modelApiTimeoutSeconds,
      canaryTrafficPercent: release.canaryTrafficPercent,
      gpus: config.modelApiGpus,
      // The node label exists on GKE only; elsewhere the GPU request alone places the predictor.
      ...(config.cluster === 'gke' ? { gpuAcceleratorType: config.gpuAcceleratorType } : {}),
    },
    kafka: {
      bootstrap: kafkaBootstrap(config),
      clusterName: config.kafkaClusterName,
      caSecretName: clientCaSecretName(config.kafkaClusterName),
      partitions: config.kafkaPartitions,
      inputTopic: topicNames.input,
      outputTopic: topicNames.output,
      deadLetterTopic: topicNames.deadLetter,
      consumerGroup: workerConsumerGroup,
      workerUser: kafkaClients.worker.userName,
      lagReaderUser: kafkaClients.lagReader.userName,
    },
    worker: {
      minReplicas: release.worker.minReplicas,
      maxReplicas: release.worker.maxReplicas,
      maxBatchSize: config.workerMaxBatchSize,
      transactionMaxRecords: config.workerTransactionMaxRecords,
      partitionBufferRecords: config.workerPartitionBufferRecords,
      fetchMaxWaitMs: config.workerFetchMaxWaitMs,
      abstainBelowScore: config.workerAbstainBelowScore,
      delivery: config.workerDelivery,
      lagThreshold: config.workerLagThreshold,
    },
    platformNamespaces: {
      istio: platformNamespaces.istio,
      knativeServing: platformNamespaces.knativeServing,
      // Managed Prometheus scrapes from its own namespace, not from the exporter's.
      monitoring: managedPrometheusNamespace,
    },
  };
}
