import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setStepOutput } from './github-output';

describe('step outputs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'step-output-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends name=value lines to the output file', async () => {
    const file = path.join(dir, 'output');
    await setStepOutput('stacks', '["dev"]', file);
    await setStepOutput('uri', 'gs://bucket/m/v1', file);
    await expect(readFile(file, 'utf8')).resolves.toBe('stacks=["dev"]\nuri=gs://bucket/m/v1\n');
  });

  it('refuses a value that would inject another output line', async () => {
    await expect(setStepOutput('stacks', '["dev"]\nother=1', path.join(dir, 'output'))).rejects.toThrow(
      'step output stacks must be one line',
    );
  });
});
