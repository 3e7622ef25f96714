import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseChecksums, sha256Files, type Digests } from './checksums';
import { CommandError, processRunner, type CommandRunner } from './command';
import { checksumsFile } from './model-files';
import type { ModelStore, PendingVersion } from './store';

/** `gcloud storage ls` / `cat` exit 1 with "matched no objects" or "not found" for what is absent. */
export function isAbsentObject(error: unknown): boolean {
  return error instanceof CommandError && /matched no objects|not found/i.test(error.stderr);
}

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

  async published(modelName: string, version: string): Promise<Digests | undefined> {
    await this.checkBucket();
    const uri = this.versionUri(modelName, version);
    try {
      return parseChecksums(await this.runner.run('gcloud', ['storage', 'cat', `${uri}/${checksumsFile}`]));
    } catch (error) {
      if (!isAbsentObject(error)) throw error;
    }
    try {
      const listing = await this.runner.run('gcloud', ['storage', 'ls', `${uri}/`]);
      return listing.trim() === '' ? undefined : new Map();
    } catch (error) {
      if (isAbsentObject(error)) return undefined;
      throw error;
    }
  }

  /** Fails naming the bucket when it does not exist or cannot be read, before anything is uploaded. */
  private async checkBucket(): Promise<void> {
    const bucket = `gs://${this.bucket}`;
    try {
      await this.runner.run('gcloud', ['storage', 'buckets', 'describe', bucket, '--format=value(name)']);
    } catch (error) {
      if (error instanceof CommandError && /not found|404/i.test(error.stderr)) {
        throw new Error(
          `the model store ${bucket} does not exist (a stack with modelStore gcs creates it: pulumi up)`,
          {
            cause: error,
          },
        );
      }
      if (error instanceof CommandError && /403|denied|permission/i.test(error.stderr)) {
        throw new Error(
          `cannot read the model store ${bucket} as the current gcloud account (gcloud auth login, or the publisher service account)`,
          { cause: error },
        );
      }
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
