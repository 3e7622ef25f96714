import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Artifact, type ArtifactLock, jarFileName, jarUrl } from './artifact-lock';

const downloadTimeoutMs = 120_000;
const parallelDownloads = 6;

export class ChecksumMismatchError extends Error {
  constructor(
    readonly jar: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`checksum mismatch for ${jar}: expected sha256 ${expected}, got ${actual}`);
    this.name = 'ChecksumMismatchError';
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws a ChecksumMismatchError naming the jar when the bytes are not the locked ones. */
export function verifyJar(artifact: Artifact, bytes: Uint8Array): void {
  const actual = sha256(bytes);
  if (actual !== artifact.sha256) {
    throw new ChecksumMismatchError(jarFileName(artifact), artifact.sha256, actual);
  }
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function download(repository: string, artifact: Artifact, target: string): Promise<void> {
  const url = jarUrl(repository, artifact);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(downloadTimeoutMs) });
  } catch (error) {
    throw new Error(`cannot download ${url}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (!response.ok) throw new Error(`cannot download ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  verifyJar(artifact, bytes);
  // A unique temporary name then a rename: concurrent starts never see half a jar.
  const partial = `${target}.${randomUUID()}.part`;
  await writeFile(partial, bytes);
  await rename(partial, target).catch(async (error: unknown) => {
    await rm(partial, { force: true });
    throw error;
  });
}

async function ensureJar(lock: ArtifactLock, artifact: Artifact, cacheDir: string): Promise<string> {
  const target = path.join(cacheDir, jarFileName(artifact));
  const cached = await readIfPresent(target);
  if (cached && sha256(cached) === artifact.sha256) return target;
  await download(lock.repository, artifact, target);
  return target;
}

/** Every locked jar, downloaded when missing or corrupt, verified; returns their paths in lock order. */
export async function ensureArtifacts(lock: ArtifactLock, cacheDir: string): Promise<string[]> {
  await mkdir(cacheDir, { recursive: true });
  const paths: string[] = new Array<string>(lock.artifacts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lock.artifacts.length) {
      const index = next++;
      const artifact = lock.artifacts[index];
      if (artifact) paths[index] = await ensureJar(lock, artifact, cacheDir);
    }
  };
  await Promise.all(Array.from({ length: parallelDownloads }, worker));
  return paths;
}
