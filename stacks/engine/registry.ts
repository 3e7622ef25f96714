import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { isAlive, launchDetached } from '@category-match/kafka-harness';

const run = promisify(execFile);

/** A real OCI registry (go-containerregistry's, from the toolchain) on a free loopback port. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`: the host part of image references. */
  readonly address: string;
  readonly pid: number;
}

/**
 * Starts `crane registry serve` with its blobs in `dir` and its log beside them (it logs every
 * request), detached so the test run's end does not wait for it, and resolves once it listens.
 */
export async function startRegistry(bin: string, dir: string): Promise<LocalRegistry> {
  await mkdir(dir, { recursive: true });
  const logFile = `${dir}.log`;
  const args = ['registry', 'serve', '--address', '127.0.0.1:0', '--disk', dir];
  const pid = await launchDetached(path.join(bin, 'crane'), args, logFile);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const port = /serving on port (\d+)/.exec(await readFile(logFile, 'utf8'))?.[1];
    if (port !== undefined) return { address: `127.0.0.1:${port}`, pid };
    if (!(await isAlive(pid)) || Date.now() > deadline) {
      throw new Error(`crane registry serve did not listen: ${await readFile(logFile, 'utf8')}`);
    }
    await sleep(100);
  }
}

/** Pushes a one-layer image (an empty tar) under `reference`, as the images workflow pushes real ones. */
export async function pushImage(bin: string, reference: string): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'category-match-image-'));
  try {
    const layer = path.join(dir, 'layer.tar');
    // An empty tar archive is two zero blocks.
    await writeFile(layer, Buffer.alloc(1024));
    await run(path.join(bin, 'crane'), ['append', '--new_layer', layer, '--new_tag', reference]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
