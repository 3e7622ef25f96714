import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { repoRoot } from './repository';

const tsxCli = require.resolve('tsx/cli');

/**
 * Runs one of the repository's TypeScript scripts with `args`, its output on this terminal, and resolves with its
 * exit status. The script runs from `cwd`, the repository root unless its npm script runs it from a workspace;
 * `INIT_CWD` tells it where the user typed the command, for relative paths the user gave.
 */
export function runScript(script: string, args: readonly string[], cwd = '.'): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, path.join(repoRoot, script), ...args], {
      cwd: path.join(repoRoot, cwd),
      stdio: 'inherit',
      env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() },
    });
    // Ctrl-C reaches the script through the terminal's process group; a SIGTERM sent to this process is passed on.
    const ignore = () => undefined;
    const forward = () => child.kill('SIGTERM');
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
