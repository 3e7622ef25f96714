import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareDigests, formatChecksums, sha256Files } from './checksums';
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
 * Publishes one model version: checks the source, refuses an existing version, copies the files
 * and a checksums manifest, compares the checksums read back from the store with the source and
 * only then makes the version visible.
 */
export async function publishModel(request: PublishRequest): Promise<PublishedVersion> {
  const version = checkPathSegment('version', request.version);
  const modelName = checkPathSegment('model name', request.modelName ?? defaultModelName);
  const { store } = request;
  await checkModelDir(request.modelDir, version);
  const uri = store.versionUri(modelName, version);
  if (await store.hasVersion(modelName, version)) throw new VersionExistsError(uri);

  // The source is copied once into a private staging directory, hashed there and uploaded from
  // there, so a file changing under the command cannot slip past the checksums.
  const staging = await mkdtemp(path.join(tmpdir(), 'publish-model-'));
  try {
    for (const file of modelFiles) await copyFile(path.join(request.modelDir, file), path.join(staging, file));
    const expected = await sha256Files(staging, modelFiles);
    const checksums = formatChecksums(expected);
    await writeFile(path.join(staging, checksumsFile), checksums);

    const pending = await store.write(modelName, version, staging, [...modelFiles, checksumsFile]);
    const problems = compareDigests(expected, pending.digests);
    if (problems.length > 0) {
      await pending.discard();
      throw new ChecksumMismatchError(uri, problems);
    }
    await pending.commit();
    return { uri, checksums };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
