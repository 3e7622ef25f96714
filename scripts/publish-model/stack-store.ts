import { modelStoreWriterClaimName } from '../../infra/gcp/model-store/model-store';
import { modelStoreBaseUri } from '../../stacks/app-values';
import { readStackFiles } from '../../stacks/render';

/** Where a stack keeps its model versions, named exactly as the InferenceService reads them. */
export interface StackModelStore {
  /** Base storage URI (`pvc://model-store` or `gs://<bucket>`); versions live at `<uri>/<model>/<version>`. */
  readonly uri: string;
  /** Namespace of the model volume claims (disk store). */
  readonly namespace: string;
  /** The claim the publisher mounts read-write (disk store). */
  readonly writerClaim?: string;
}

/**
 * The model store of a stack from `Pulumi.<stack>.yaml`: the disk through its claims in the
 * serving namespace, the stack's bucket, or the storage an existing cluster names.
 */
export function stackModelStore(repoRoot: string, stack: string): StackModelStore {
  const { project, config } = readStackFiles(stack, repoRoot);
  const uri = modelStoreBaseUri(config, { project, stack });
  const namespace = config.servingNamespace;
  if (config.modelStore === 'disk') return { uri, namespace, writerClaim: modelStoreWriterClaimName };
  // A claim of an existing cluster (kind, minikube: one node, ReadWriteOnce) is written through itself.
  const claim = /^pvc:\/\/([^/]+)/.exec(uri)?.[1];
  return claim === undefined ? { uri, namespace } : { uri, namespace, writerClaim: claim };
}
