import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256Files } from './checksums';
import { CommandError, processRunner, type CommandRunner } from './command';
import type { ModelStore, PendingVersion } from './store';

/**
 * A Cloud Storage bucket (`gs://bucket/prefix`) written with `gcloud storage`, as the credentials
 * of `gcloud auth` (Workload Identity Federation in CI) allow. Objects are uploaded with
 * `--no-clobber` under the version's prefix, downloaded again to verify their sha256 (GCS itself
 * keeps only MD5/CRC32C), and removed if verification fails.
 */
export class GcsModelStore implements ModelStore {
  readonly bucket: string;
  readonly prefix: string;

  constructor(
    uri: string,
    private readonly runner: CommandRunner = processRunner,
  ) {
    const match = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])(?:\/(.*))?$/.exec(uri);
    if (match?.[1] === undefined)
      throw new Error(`not a Cloud Storage URI: ${JSON.stringify(uri)} (expected gs://bucket[/prefix])`);
    this.bucket = match[1];
    this.prefix = (match[2] ?? '').replace(/\/+$/, '');
  }

  versionUri(modelName: string, version: string): string {
    return ['gs:/', this.bucket, this.prefix, modelName, version].filter((part) => part !== '').join('/');
  }

  async hasVersion(modelName: string, version: string): Promise<boolean> {
    try {
      const listing = await this.runner.run('gcloud', ['storage', 'ls', `${this.versionUri(modelName, version)}/`]);
      return listing.trim() !== '';
    } catch (error) {
      // `gcloud storage ls` exits 1 with "matched no objects" for an absent prefix.
      if (error instanceof CommandError && /matched no objects|not found/i.test(error.stderr)) return false;
      throw error;
    }
  }

  async write(
    modelName: string,
    version: string,
    sourceDir: string,
    files: readonly string[],
  ): Promise<PendingVersion> {
    const target = this.versionUri(modelName, version);
    const discard = async () => {
      await this.runner.run('gcloud', ['storage', 'rm', '--recursive', `${target}/`]);
    };
    const readBack = await mkdtemp(path.join(tmpdir(), 'publish-model-gcs-'));
    try {
      await this.runner.run('gcloud', [
        'storage',
        'cp',
        '--no-clobber',
        ...files.map((file) => path.join(sourceDir, file)),
        `${target}/`,
      ]);
      await this.runner.run('gcloud', ['storage', 'cp', ...files.map((file) => `${target}/${file}`), readBack]);
      const digests = await sha256Files(readBack, files);
      // Objects land under their final names; a version is complete once verified.
      return { digests, commit: () => Promise.resolve(), discard };
    } catch (error) {
      await discard().catch(() => undefined);
      throw error;
    } finally {
      await rm(readBack, { recursive: true, force: true });
    }
  }
}
