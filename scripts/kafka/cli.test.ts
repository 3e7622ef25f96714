import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './broker-config';

function kafkaCli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/kafka/cli.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run kafka', () => {
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'kafka-cli-'));
  });

  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('status says "not running" with exit code 3 where no broker runs', () => {
    const run = kafkaCli('status', '--state-dir', stateDir);
    expect(run.stdout).toContain('Kafka broker: not running');
    expect(run.code).toBe(3);
  });

  it('rejects an unknown command with the usage', () => {
    const run = kafkaCli('restart');
    expect(run.stderr).toMatch(/unknown command "restart"\nusage: npm run kafka -- start\|stop\|status/);
    expect(run.code).toBe(1);
  });

  it('rejects a port base that is not a number before starting anything', () => {
    const run = kafkaCli('start', '--state-dir', stateDir, '--port-base', 'high');
    expect(run.stderr).toContain('--port-base must be an integer, got "high"');
    expect(run.code).toBe(1);
  });
});
