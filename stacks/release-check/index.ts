import type * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import { artifactRegistryImage, bucketModelVersion } from './gcp-lookups';
import { unknown, type ReleaseLookups } from './lookup';
import { kubeconfigConfigMapReader, recordedModelLookup } from './model-version-record';
import { ociImageLookup } from './oci-registry';
import { assertReleaseReady, type ReleaseHints } from './gate';
import type { ReleaseRequirements } from './requirements';

export { assertReleaseReady, releaseProblems, ReleaseNotReadyError, type ReleaseHints } from './gate';
export { missing, present, unknown, type Presence, type ReleaseLookups } from './lookup';
export { modelVersionRecord, modelVersionRecordName, versionCompleteMarker } from './model-version-record';
export { imagesOf, releaseRequirements, type ReleaseRequirements } from './requirements';

/** Builds a stack's lookups once its kubeconfig is known (the model disk's records live in the cluster). */
export type ReleaseLookupsFactory = (config: StackConfig, kubeconfig: string) => ReleaseLookups;

/**
 * The lookups a stack's cluster implies: Artifact Registry through the gcp provider on GKE, the
 * OCI distribution API for an existing cluster's registry; a bucket through the gcp provider, a
 * model disk through the version records publish-model writes beside its claim.
 */
export const stackReleaseLookups: ReleaseLookupsFactory = (config, kubeconfig) => ({
  image: config.cluster === 'gke' ? artifactRegistryImage : ociImageLookup(),
  modelVersion: (storageUri) => {
    if (storageUri.startsWith('gs://')) return bucketModelVersion(storageUri);
    if (storageUri.startsWith('pvc://')) {
      return recordedModelLookup(config.servingNamespace, kubeconfigConfigMapReader(kubeconfig))(storageUri);
    }
    return Promise.resolve(unknown('the program checks pvc:// and gs:// model stores only'));
  },
});

/** How a user of this stack provides a missing image or model version. */
export function releaseHints(config: StackConfig): ReleaseHints {
  const { stack } = config;
  return {
    stack,
    pushImage:
      config.cluster === 'gke'
        ? `the images workflow (.github/workflows/images.yml) pushes <sha> and <sha>-cuda for each commit it builds; name one with npm run release-images -- --tag <sha> --stacks ${stack}`
        : 'push it to the registry category-match:imageRegistry names (docs/existing-cluster.md)',
    publishModel: (version) =>
      `npm run publish-model -- --stack ${stack} --model-dir <dir> --version ${version} (docs/first-deploy.md)`,
  };
}

/**
 * An output that resolves once the kubeconfig is known and every requirement of the release is
 * found; otherwise it fails the run with one message naming each missing piece.
 */
export function releaseGate(
  requirements: ReleaseRequirements,
  config: StackConfig,
  kubeconfig: pulumi.Output<string>,
  lookups: ReleaseLookupsFactory = stackReleaseLookups,
): pulumi.Output<void> {
  return kubeconfig.apply((text) => assertReleaseReady(requirements, lookups(config, text), releaseHints(config)));
}
