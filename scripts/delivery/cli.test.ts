import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const cli = path.join(__dirname, 'cli.ts');

describe('delivery command, as the destroy workflow calls it', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'delivery-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands the confirmed stacks to the next job as a JSON list', async () => {
    const output = path.join(dir, 'github-output');
    const result = await run(tsx, [cli, 'destroy-guard', '--stacks', 'dev,ops', '--confirm', 'ops'], {
      env: { ...process.env, GITHUB_OUTPUT: output },
      timeout: 30_000,
    });
    expect(result.stdout).toBe('["dev","ops"]\n');
    await expect(readFile(output, 'utf8')).resolves.toBe('stacks=["dev","ops"]\n');
  }, 30_000);

  it('fails the run, with the reason, when ops is not confirmed', async () => {
    const output = path.join(dir, 'github-output');
    await expect(
      run(tsx, [cli, 'destroy-guard', '--stacks', 'ops', '--confirm', 'yes'], {
        env: { ...process.env, GITHUB_OUTPUT: output },
        timeout: 30_000,
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('refusing to destroy stack "ops"') });
    await expect(readFile(output, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
