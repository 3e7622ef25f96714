import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './processes';

async function holderIsGone(lockFile: string): Promise<boolean> {
  const text = await readFile(lockFile, 'utf8').catch(() => undefined);
  if (text === undefined) return false; // released meanwhile: the next attempt takes it
  const holder = Number(text.trim());
  if (Number.isInteger(holder) && holder > 0) return !(await isAlive(holder));
  // Created but its pid not written yet, unless it has been empty for long.
  const created = await stat(lockFile).catch(() => undefined);
  return created !== undefined && Date.now() - created.mtimeMs > 10_000;
}

/**
 * Runs `action` while holding an exclusive lock file that names this process, so two processes
 * starting the same broker at once do not both format and launch it. A lock left by a dead
 * process is taken over.
 */
export async function withFileLock<T>(lockFile: string, timeoutMs: number, action: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await holderIsGone(lockFile)) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${lockFile}, held by another process`, {
          cause: error,
        });
      }
      await sleep(200);
    }
  }
  try {
    return await action();
  } finally {
    await rm(lockFile, { force: true });
  }
}
