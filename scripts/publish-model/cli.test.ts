import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const cli = path.join(__dirname, 'cli.ts');

describe('npm run publish-model', () => {
  let work: string;
  let modelDir: string;
  let storeUri: string;

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'publish-model-cli-'));
    modelDir = path.join(work, 'v3');
    await mkdir(modelDir);
    for (const file of ['model.onnx', 'tokenizer.json', 'labels.json'])
      await writeFile(path.join(modelDir, file), file);
    await writeFile(path.join(modelDir, 'model.json'), '{"name":"category-classifier"}');
    storeUri = pathToFileURL(path.join(work, 'store')).href;
  });

  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('prints the storage URI to put into release.yaml as its last line', async () => {
    const { stdout } = await run(tsx, [cli, '--model-dir', modelDir, '--version', 'v3', '--store', storeUri], {
      timeout: 30_000,
    });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`${storeUri}/category-classifier/v3`);
    expect(lines.filter((line) => /^[0-9a-f]{64} {2}\S+$/.test(line))).toHaveLength(4);
  }, 30_000);

  it('exits 0 saying nothing was written when the same files are published again', async () => {
    const args = [cli, '--model-dir', modelDir, '--version', 'v3', '--store', storeUri];
    await run(tsx, args, { timeout: 30_000 });
    const { stdout } = await run(tsx, args, { timeout: 30_000 });
    expect(stdout).toContain('category-classifier v3 is already published at');
    expect(stdout).toContain('with the same files; nothing was written');
  }, 60_000);

  it('exits 1 naming the file that differs when the version exists with other files', async () => {
    const args = [cli, '--model-dir', modelDir, '--version', 'v3', '--store', storeUri];
    await run(tsx, args, { timeout: 30_000 });
    await writeFile(path.join(modelDir, 'labels.json'), 'other labels');
    await expect(run(tsx, args, { timeout: 30_000 })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /already exists with different files:\n {2}- labels\.json: [\s\S]*versions are immutable/,
      ),
    });
  }, 60_000);

  it('asks for exactly one of --stack and --store', async () => {
    await expect(
      run(tsx, [cli, '--model-dir', modelDir, '--version', 'v3', '--stack', 'dev', '--store', storeUri], {
        timeout: 30_000,
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('give either --stack or --store') });
  }, 30_000);
});
