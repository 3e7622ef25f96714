import type { Digests } from './checksums';

/** A version written to a store but not yet visible under its final path (where the store allows). */
export interface PendingVersion {
  /** sha256 of each file as read back from the store, for comparison with the source. */
  readonly digests: Digests;
  /** Makes the version visible; fails if the version appeared meanwhile. */
  commit(): Promise<void>;
  /** Removes everything written for this version. */
  discard(): Promise<void>;
}

/** Where model versions live: `<root>/<model-name>/<version>/<file>`. */
export interface ModelStore {
  /** The storage URI KServe's storage initializer reads the version from. */
  versionUri(modelName: string, version: string): string;
  /** The checksums of a published version (empty when it has no manifest), or undefined when it is absent. */
  published(modelName: string, version: string): Promise<Digests | undefined>;
  /** Copies `files` from `sourceDir` into the store and reads back their checksums. */
  write(modelName: string, version: string, sourceDir: string, files: readonly string[]): Promise<PendingVersion>;
}

export class VersionExistsError extends Error {
  /** `differences`: how the published files differ from the source, when known. */
  constructor(
    readonly uri: string,
    readonly differences: readonly string[] = [],
  ) {
    const how =
      differences.length === 0 ? '' : ` with different files:\n${differences.map((d) => `  - ${d}`).join('\n')}\n`;
    super(`${uri} already exists${how}; versions are immutable, publish under a new --version`);
    this.name = 'VersionExistsError';
  }
}
