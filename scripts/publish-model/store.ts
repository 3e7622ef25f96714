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
  hasVersion(modelName: string, version: string): Promise<boolean>;
  /** Copies `files` from `sourceDir` into the store and reads back their checksums. */
  write(modelName: string, version: string, sourceDir: string, files: readonly string[]): Promise<PendingVersion>;
}

export class VersionExistsError extends Error {
  constructor(readonly uri: string) {
    super(`${uri} already exists; versions are immutable, publish under a new --version`);
    this.name = 'VersionExistsError';
  }
}
