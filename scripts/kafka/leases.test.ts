import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addLease, liveLeases, removeLease } from './leases';

describe('broker leases', () => {
  let leaseDir: string;

  beforeEach(async () => {
    leaseDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'leases-')), 'leases');
  });

  afterEach(async () => {
    await rm(path.dirname(leaseDir), { recursive: true, force: true });
  });

  it('counts the leases of running processes until they are removed', async () => {
    const first = await addLease(leaseDir);
    const second = await addLease(leaseDir);
    await expect(liveLeases(leaseDir)).resolves.toHaveLength(2);
    await removeLease(leaseDir, first);
    await expect(liveLeases(leaseDir)).resolves.toEqual([second]);
  });

  it('drops the lease of a process that died without giving it back', async () => {
    await addLease(leaseDir);
    await writeFile(path.join(leaseDir, `${2 ** 22 + 1}-deadbeef`), ''); // above Linux's pid_max
    await expect(liveLeases(leaseDir)).resolves.toHaveLength(1);
    await expect(readdir(leaseDir)).resolves.toHaveLength(1);
  });

  it('has no leases before anyone took one', async () => {
    await expect(liveLeases(leaseDir)).resolves.toEqual([]);
  });
});
