import { randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseChecksums, sha256Files, type Digests } from './checksums';
import { checksumsFile } from './model-files';
import { VersionExistsError, type ModelStore, type PendingVersion } from './store';

async function exists(target: string): Promise<boolean> {
  try {
    await access(target);
    return true;
  } catch {
    return false;
  }
}

/**
 * A store in a local directory (`file:///...`), used by tests and for a model repository on a
 * shared disk. A version is written into a hidden staging directory beside its final place and
 * renamed into place on commit, so a half-copied version is never visible.
 */
export class FileModelStore implements ModelStore {
  constructor(readonly root: string) {
    if (!path.isAbsolute(root))
      throw new Error(`file store root must be an absolute path, got ${JSON.stringify(root)}`);
  }

  versionDir(modelName: string, version: string): string {
    return path.join(this.root, modelName, version);
  }

  versionUri(modelName: string, version: string): string {
    return pathToFileURL(this.versionDir(modelName, version)).href;
  }

  async published(modelName: string, version: string): Promise<Digests | undefined> {
    const dir = this.versionDir(modelName, version);
    if (!(await exists(dir))) return undefined;
    const manifest = path.join(dir, checksumsFile);
    return (await exists(manifest)) ? parseChecksums(await readFile(manifest, 'utf8')) : new Map();
  }

  async write(
    modelName: string,
    version: string,
    sourceDir: string,
    files: readonly string[],
  ): Promise<PendingVersion> {
    const target = this.versionDir(modelName, version);
    const staging = path.join(this.root, modelName, `.staging-${version}-${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { recursive: true });
    try {
      for (const file of files) await this.copy(path.join(sourceDir, file), path.join(staging, file));
      const digests = await sha256Files(staging, files);
      const uri = this.versionUri(modelName, version);
      return {
        digests,
        commit: async () => {
          if (await exists(target)) throw new VersionExistsError(uri);
          try {
            await rename(staging, target);
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new VersionExistsError(uri);
            throw error;
          }
        },
        discard: () => rm(staging, { recursive: true, force: true }),
      };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** One file copy; a separate method so a fault-injecting store can corrupt it in tests. */
  protected async copy(source: string, destination: string): Promise<void> {
    await copyFile(source, destination);
  }
}
