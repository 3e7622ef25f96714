import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureModelDirectory } from './cached';

const workDir = mkdtempSync(path.join(tmpdir(), 'ensure-model-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Stands in for the real build: slow enough for callers to overlap, counting how often it runs. */
function countingBuild(): { build: (out: string) => Promise<void>; runs: () => number } {
  let runs = 0;
  return {
    runs: () => runs,
    build: async (out) => {
      runs++;
      mkdirSync(out, { recursive: true });
      await sleep(300);
      for (const file of ['model.onnx', 'tokenizer.json', 'labels.json', 'model.json']) {
        writeFileSync(path.join(out, file), file);
      }
    },
  };
}

describe('ensureModelDirectory', () => {
  it('builds once when several callers ask at the same time, and all get the finished directory', async () => {
    const dir = path.join(workDir, 'shared', 'v1');
    const { build, runs } = countingBuild();
    const dirs = await Promise.all([1, 2, 3].map(() => ensureModelDirectory(dir, build)));
    expect(dirs).toEqual([dir, dir, dir]);
    expect(runs()).toBe(1);
    expect(readdirSync(path.dirname(dir))).toEqual(['v1']);
  });

  it('does not build again when the directory is complete', async () => {
    const dir = path.join(workDir, 'shared', 'v1');
    const { build, runs } = countingBuild();
    await ensureModelDirectory(dir, build);
    expect(runs()).toBe(0);
  });

  it('when the build fails, releases the lock and leaves nothing half-built', async () => {
    const dir = path.join(workDir, 'failing', 'v1');
    await expect(
      ensureModelDirectory(dir, async () => {
        throw new Error('out of disk');
      }),
    ).rejects.toThrow('out of disk');
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(path.dirname(dir))).toEqual([]);
  });
});
