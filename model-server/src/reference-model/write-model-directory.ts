import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Has `writeFiles` write into a sibling temporary directory, then renames it into place, so a reader
 * never sees a half-written model. An existing directory is replaced.
 */
export function writeModelDirectory(out: string, writeFiles: (staging: string) => void): void {
  const target = path.resolve(out);
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(staging);
  try {
    writeFiles(staging);
    if (existsSync(target)) {
      const retired = `${target}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
      renameSync(target, retired);
      renameSync(staging, target);
      rmSync(retired, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
