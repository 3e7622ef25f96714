import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withFileLock } from './file-lock';

describe('file lock', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'file-lock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs two holders one after the other, never together', async () => {
    const lockFile = path.join(dir, 'start.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withFileLock(lockFile, 5_000, async () => {
        events.push(`${name} in`);
        await sleep(300);
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b')]);
    expect(events).toHaveLength(4);
    expect(events[0]?.replace(/^. /, '')).toBe('in');
    expect(events[1]).toBe(events[0]?.replace('in', 'out'));
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const lockFile = path.join(dir, 'start.lock');
    await writeFile(lockFile, String(2 ** 22 + 1)); // above Linux's pid_max: nobody holds it
    await expect(withFileLock(lockFile, 1_000, async () => 'taken')).resolves.toBe('taken');
  });

  it('gives up with a message naming the lock when a live process keeps it', async () => {
    const lockFile = path.join(dir, 'start.lock');
    await writeFile(lockFile, String(process.pid));
    await expect(withFileLock(lockFile, 500, async () => 'never')).rejects.toThrow(
      /timed out after 500 ms waiting for .*start\.lock, held by another process/,
    );
  });
});
