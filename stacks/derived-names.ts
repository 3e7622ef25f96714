import { bucketUri, diskStoreUri } from '../infra/gcp/model-store/model-store';
import { registryUrl } from '../infra/gcp/registry/registry';
import { bucketName, resourceName, type NamingContext } from '../infra/naming';
import { kafkaBootstrapAddress } from '../infra/platform/kafka/kafka-cluster';
import type { GkeStackConfig, StackConfig } from './config';

/**
 * The names and addresses a stack derives from its config, each computed here only: the
 * foundation creates resources under them, and the app values, the manifest renderer and the
 * operator commands (publish-model, release-images) read them without an engine.
 */

/** Artifact Registry repository id of a GKE stack's images. */
export function registryRepositoryId(naming: NamingContext): string {
  return resourceName(naming, 'images');
}

/** The bucket of a `modelStore: gcs` stack. */
export function modelBucketName(config: Pick<GkeStackConfig, 'gcpProject'>, naming: NamingContext): string {
  return bucketName(naming, config.gcpProject, 'models');
}

/** Storage URI prefix of model versions: the disk's claim, the stack's bucket, or the existing store. */
export function modelStoreBaseUri(config: StackConfig, naming: NamingContext): string {
  if (config.modelStore === 'existing') return config.modelStoreUri;
  return config.modelStore === 'disk' ? diskStoreUri : bucketUri(modelBucketName(config, naming));
}

/** Docker repository the images are pushed to and pulled from. */
export function imageRegistry(config: StackConfig, naming: NamingContext): string {
  if (config.cluster === 'existing') return config.imageRegistry;
  return registryUrl(config.gcpRegion, config.gcpProject, registryRepositoryId(naming));
}

/** TLS bootstrap address of the stack's Strimzi cluster. */
export function kafkaBootstrap(config: Pick<StackConfig, 'kafkaClusterName' | 'kafkaNamespace'>): string {
  return kafkaBootstrapAddress(config.kafkaClusterName, config.kafkaNamespace);
}
