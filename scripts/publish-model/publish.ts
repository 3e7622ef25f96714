import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareDigests, formatChecksums, sha256Files, type Digests } from './checksums';
import { checkModelDir, checkPathSegment, checksumsFile, defaultModelName, modelFiles } from './model-files';
import { VersionExistsError, type ModelStore } from './store';

export interface PublishRequest {
  /** Directory holding model.onnx, tokenizer.json, labels.json and model.json. */
  readonly modelDir: string;
  readonly version: string;
  readonly store: ModelStore;
  readonly modelName?: string;
}

export interface PublishedVersion {
  /** The storage URI for `stacks/<stack>/release.yaml`. */
  readonly uri: string;
  /** sha256 of each model file, as written to the checksums manifest. */
  readonly checksums: string;
  /** The store held this version already, with the same files: nothing was written. */
  readonly alreadyPublished: boolean;
}

/** How a published version's files differ from the source's, one sentence each. */
function differences(source: Digests, published: Digests): string[] {
  if (published.size === 0) return ['the published version has no checksums manifest to compare with'];
  const files = [...new Set([...source.keys(), ...published.keys()])].sort();
  return files
    .filter((file) => source.get(file) !== published.get(file))
    .map((file) =>
      published.get(file) === undefined
        ? `${file}: not in the published version`
        : source.get(file) === undefined
          ? `${file}: published, not in the source`
          : `${file}: sha256 ${published.get(file)} published, ${source.get(file)} in the source`,
    );
}

export class ChecksumMismatchError extends Error {
  constructor(
    readonly uri: string,
    readonly problems: readonly string[],
  ) {
    super(`copy to ${uri} failed verification, nothing was published:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ChecksumMismatchError';
  }
}

/**
 * Publishes one model version: checks the source, refuses an existing version with other files
 * (and does nothing for one with the same files), copies the files and a checksums manifest,
 * compares the checksums read back from the store with the source and only then makes the
 * version visible.
 */
export async function publishModel(request: PublishRequest): Promise<PublishedVersion> {
  const version = checkPathSegment('version', request.version);
  const modelName = checkPathSegment('model name', request.modelName ?? defaultModelName);
  const { store } = request;
  await checkModelDir(request.modelDir, version);
  const uri = store.versionUri(modelName, version);

  // The source is copied once into a private staging directory, hashed there and uploaded from
  // there, so a file changing under the command cannot slip past the checksums.
  const staging = await mkdtemp(path.join(tmpdir(), 'publish-model-'));
  try {
    for (const file of modelFiles) await copyFile(path.join(request.modelDir, file), path.join(staging, file));
    const expected = await sha256Files(staging, modelFiles);
    const checksums = formatChecksums(expected);
    const published = await store.published(modelName, version);
    if (published !== undefined) {
      const different = differences(expected, published);
      if (different.length > 0) throw new VersionExistsError(uri, different);
      return { uri, checksums, alreadyPublished: true };
    }
    await writeFile(path.join(staging, checksumsFile), checksums);

    const pending = await store.write(modelName, version, staging, [...modelFiles, checksumsFile]);
    const problems = compareDigests(expected, pending.digests);
    if (problems.length > 0) {
      await pending.discard();
      throw new ChecksumMismatchError(uri, problems);
    }
    await pending.commit();
    return { uri, checksums, alreadyPublished: false };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
