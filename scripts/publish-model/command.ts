import { spawn } from 'node:child_process';

/** Runs an external program (gcloud, kubectl); an interface so stores can be driven in tests. */
export interface CommandRunner {
  /** Resolves to stdout; rejects naming the command and its stderr when it exits non-zero. */
  run(command: string, args: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<string>;
}

export class CommandError extends Error {
  constructor(
    readonly commandLine: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${commandLine} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || '(no output)'}`);
    this.name = 'CommandError';
  }
}

const defaultTimeoutMs = 10 * 60 * 1000;

/** Runs programs as child processes, with a time limit so a hung upload cannot block forever. */
export const processRunner: CommandRunner = {
  run(command, args, options = {}) {
    const commandLine = [command, ...args].join(' ');
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: options.timeoutMs ?? defaultTimeoutMs,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        const reason = error.code === 'ENOENT' ? `${command} is not installed or not on PATH` : error.message;
        reject(new Error(`${commandLine}: ${reason}`, { cause: error }));
      });
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
        else reject(new CommandError(commandLine, code, Buffer.concat(stderr).toString('utf8')));
      });
      child.stdin.end(options.input ?? '');
    });
  },
};
