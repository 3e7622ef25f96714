import { modelStoreWriterClaimName } from '../../infra/gcp/model-store/model-store';
import { resourceName } from '../../infra/naming';
import { modelStoreBaseUri } from '../../stacks/derived-names';
import { readStackFiles } from '../../stacks/render';

/** Where a stack keeps its model versions, named exactly as the InferenceService reads them. */
export interface StackModelStore {
  /** Base storage URI (`pvc://model-store` or `gs://<bucket>`); versions live at `<uri>/<model>/<version>`. */
  readonly uri: string;
  /** Namespace of the model volume claims (disk store). */
  readonly namespace: string;
  /** The claim the publisher mounts read-write (disk store). */
  readonly writerClaim?: string;
  /** The stack's cluster, as kubectl must reach it: what its context names, and what creates the claim. */
  readonly cluster: { readonly contextIncludes?: string; readonly createdBy: string };
}

/**
 * The model store of a stack from `Pulumi.<stack>.yaml`: the disk through its claims in the
 * serving namespace, the stack's bucket, or the storage an existing cluster names.
 */
export function stackModelStore(repoRoot: string, stack: string): StackModelStore {
  const { project, config } = readStackFiles(stack, repoRoot);
  const naming = { project, stack };
  const uri = modelStoreBaseUri(config, naming);
  const namespace = config.servingNamespace;
  if (config.cluster === 'gke') {
    // GKE contexts are named gke_<project>_<location>_<cluster>.
    const cluster = { contextIncludes: resourceName(naming, 'gke'), createdBy: `pulumi up -s ${stack}` };
    return config.modelStore === 'disk'
      ? { uri, namespace, writerClaim: modelStoreWriterClaimName, cluster }
      : { uri, namespace, cluster };
  }
  const cluster = {
    ...(config.kubeContext === undefined ? {} : { contextIncludes: config.kubeContext }),
    createdBy: 'you create it: docs/existing-cluster.md',
  };
  // A claim of an existing cluster (kind, minikube: one node, ReadWriteOnce) is written through itself.
  const claim = /^pvc:\/\/([^/]+)/.exec(uri)?.[1];
  return claim === undefined ? { uri, namespace, cluster } : { uri, namespace, writerClaim: claim, cluster };
}
