import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync } from 'node:fs';
import { hostPath, type RehearsedImage } from './rehearse';

export interface RunOptions {
  /** Replace the image's CMD, as `docker run IMAGE args…` does. Paths in them are this machine's. */
  args?: string[];
  /** Added to the image's ENV, as `docker run -e` does. */
  env?: Record<string, string>;
}

/**
 * Starts a rehearsed image's ENTRYPOINT + CMD in its working directory with its ENV, as its USER
 * (through `setpriv` when this process is root; otherwise as whoever runs it). There is no chroot:
 * the process sees this machine's files, and `node` is this machine's.
 */
export function startImage(image: RehearsedImage, options: RunOptions = {}): ChildProcess {
  const command = [...image.entrypoint, ...(options.args ?? image.cmd)];
  // The user's home, inside the image's directory so it goes with it.
  const home = hostPath(image.root, '/home/rehearsal');
  mkdirSync(home, { recursive: true });
  const switchUser = image.user !== undefined && process.getuid?.() === 0 && image.user.uid !== 0;
  if (switchUser && image.user !== undefined) chownSync(home, image.user.uid, image.user.gid);
  const prefix =
    switchUser && image.user !== undefined
      ? ['setpriv', `--reuid=${image.user.uid}`, `--regid=${image.user.gid}`, '--clear-groups']
      : [];
  const [program, ...args] = [...prefix, ...command];
  if (program === undefined) throw new Error('the image has no command');
  return spawn(program, args, {
    cwd: hostPath(image.root, image.workdir),
    env: { PATH: process.env.PATH ?? '', HOME: home, ...image.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
