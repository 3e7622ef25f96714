import { fileURLToPath } from 'node:url';
import type { ClusterTarget } from './cluster-access';
import { fileCatalogue, gcsCatalogue, pvcCatalogue, type ModelCatalogue } from './catalogue';
import { processRunner, type CommandRunner } from './command';
import { FileModelStore } from './file-store';
import { GcsModelStore } from './gcs-store';
import { PvcModelStore } from './pvc-store';
import type { ModelStore } from './store';

/** A small image with sh, cp, mv, tar and sha256sum, for the model disk's copy Jobs. */
export const defaultJobImage = 'busybox:1.37.0';

export interface StoreOptions {
  /** Namespace of the model volume claims (`pvc://` only). */
  readonly namespace?: string;
  /** Claim the copy Jobs mount read-write, when not the URI's own (`pvc://` only). */
  readonly writerClaim?: string;
  readonly jobImage?: string;
  /** The stack's cluster, checked before a `pvc://` store is written. */
  readonly cluster?: Pick<ClusterTarget, 'contextIncludes' | 'createdBy'>;
  readonly runner?: CommandRunner;
}

/** Opens the store a base URI names: `file:///dir`, `gs://bucket[/prefix]` or `pvc://claim[/path]`. */
export function openStore(uri: string, options: StoreOptions = {}): ModelStore {
  switch (/^([a-z]+):\/\//.exec(uri)?.[1]) {
    case 'file':
      return new FileModelStore(fileURLToPath(uri));
    case 'gs':
      return new GcsModelStore(uri, options.runner);
    case 'pvc':
      return new PvcModelStore(uri, {
        namespace: claimNamespace(uri, options),
        image: options.jobImage ?? defaultJobImage,
        writerClaimName: options.writerClaim,
        cluster: options.cluster,
        runner: options.runner,
      });
    default:
      throw unsupported(uri);
  }
}

/** Lists the versions of the store a base URI names (for `model list`). */
export function openCatalogue(uri: string, options: Pick<StoreOptions, 'namespace' | 'runner'> = {}): ModelCatalogue {
  const runner = options.runner ?? processRunner;
  switch (/^([a-z]+):\/\//.exec(uri)?.[1]) {
    case 'file':
      return fileCatalogue(fileURLToPath(uri));
    case 'gs':
      return gcsCatalogue(uri, runner);
    case 'pvc':
      return pvcCatalogue(claimNamespace(uri, options), runner);
    default:
      throw unsupported(uri);
  }
}

function claimNamespace(uri: string, options: Pick<StoreOptions, 'namespace'>): string {
  if (options.namespace === undefined) {
    throw new Error(`${uri}: a pvc:// store needs the namespace of its claim (--namespace, or --stack to read it)`);
  }
  return options.namespace;
}

const unsupported = (uri: string) =>
  new Error(`unsupported model store ${JSON.stringify(uri)}: expected file://, gs:// or pvc://`);
