import { type ChildProcess, spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A TypeScript entry point run as its own process, logging to a file, stopped on request. */
export interface ServiceSpec {
  readonly name: string;
  /** Entry file and arguments, run with `node --import tsx`. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  /** An HTTP URL that answers 200 once the service is ready. */
  readonly readyUrl: string;
  readonly readyTimeoutMs: number;
}

export class ChildService {
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly spec: ServiceSpec,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      });
      child.once('error', () => {
        this.exitCode ??= null;
        resolve();
      });
    });
  }

  static async start(spec: ServiceSpec, cwd: string): Promise<ChildService> {
    const log = await open(spec.logFile, 'w');
    try {
      // Its own process group: a Ctrl-C in the terminal reaches the demo, which stops services in order.
      const child = spawn(process.execPath, ['--import', 'tsx', ...spec.args], {
        cwd,
        env: spec.env,
        detached: true,
        stdio: ['ignore', log.fd, log.fd],
      });
      return new ChildService(spec, child);
    } finally {
      await log.close();
    }
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Polls the ready URL; fails with the end of the service's log when it exits or times out. */
  async waitUntilReady(abort: AbortSignal): Promise<void> {
    const deadline = Date.now() + this.spec.readyTimeoutMs;
    while (Date.now() < deadline && !abort.aborted) {
      if (!this.running)
        throw new Error(`${this.spec.name} exited with code ${String(this.exitCode)}${await this.logTail()}`);
      const ok = await fetch(this.spec.readyUrl, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await sleep(250);
    }
    if (abort.aborted) throw new Error(`stopped while waiting for ${this.spec.name}`);
    throw new Error(
      `${this.spec.name} not ready at ${this.spec.readyUrl} after ${this.spec.readyTimeoutMs} ms${await this.logTail()}`,
    );
  }

  /** SIGTERM to its process group, SIGKILL after the grace period; resolves once it has exited. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.signalGroup('SIGTERM');
    // The grace timer is cancelled once the service exits, so it does not hold the demo open.
    const grace = new AbortController();
    const stopped = await Promise.race([
      this.exited.then(() => true),
      sleep(graceMs, false, { signal: grace.signal }).catch(() => false),
    ]);
    grace.abort();
    if (!stopped) {
      this.signalGroup('SIGKILL');
      await this.exited;
    }
    // Anything the service left in its group goes too.
    this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  async logTail(lines = 15): Promise<string> {
    const text = await readFile(this.spec.logFile, 'utf8').catch(() => '');
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    return tail === '' ? '' : `\n--- last lines of ${this.spec.logFile} ---\n${tail}`;
  }
}
