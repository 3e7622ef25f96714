import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './processes';

/**
 * A lease is a file `<pid>-<random>` in the instance's lease directory: "this process is using the
 * broker". A broker started for leaseholders stops when the last live lease is released; leases of
 * processes that died without releasing do not count.
 */
export async function addLease(leaseDir: string): Promise<string> {
  await mkdir(leaseDir, { recursive: true });
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(path.join(leaseDir, id), '');
  return id;
}

export async function removeLease(leaseDir: string, id: string): Promise<void> {
  await rm(path.join(leaseDir, id), { force: true });
}

/** Leases whose process still runs; the others are deleted on the way. */
export async function liveLeases(leaseDir: string): Promise<string[]> {
  const names = await readdir(leaseDir).catch(() => []);
  const live: string[] = [];
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && (await isAlive(pid))) live.push(name);
    else await rm(path.join(leaseDir, name), { force: true });
  }
  return live;
}
