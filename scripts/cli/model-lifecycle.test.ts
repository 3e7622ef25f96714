import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareModels } from '@category-match/model-server/compare';
import { buildReferenceModel, ensureReferenceModel, productsCsv } from '@category-match/model-server/reference-model';
import { comparisonItems } from './comparison-input';
import { runCli } from './program';
import { repoRoot } from './repository';

// Two real versions of the reference model: seed 42 (v1, the cached one) and seed 7 (v2, built here).
const workDir = mkdtempSync(path.join(tmpdir(), 'model-lifecycle-'));
const repo = path.join(workDir, 'repo');
let v1: string;
let v2: string;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
const release = (stack: string) => readFileSync(path.join(repo, 'stacks', stack, 'release.yaml'), 'utf8');

/** The command line in this process; what it printed and its exit status. */
async function cli(...args: string[]): Promise<{ status: number; out: string }> {
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => printed.push(parts.join(' ')));
  try {
    const status = await runCli(args, {
      writeOut: (text) => printed.push(text),
      writeErr: (text) => printed.push(text),
    });
    return { status, out: printed.join('\n') };
  } finally {
    log.mockRestore();
  }
}

/** `model promote` of v2 over v1 in `stack` of the temporary checkout. */
const promote = (stack: string, ...options: string[]) =>
  cli(
    'model',
    'promote',
    '--stack',
    stack,
    '--version',
    'v2',
    ...options,
    '--candidate-dir',
    v2,
    '--baseline-dir',
    v1,
    '--repo',
    repo,
  );

beforeAll(async () => {
  v1 = await ensureReferenceModel();
  v2 = path.join(workDir, 'v2');
  await buildReferenceModel({ data: productsCsv, out: v2, version: 'v2', seed: 7, command: 'model-lifecycle test' });
  // A checkout of its own: the stacks' release, promotion thresholds and delivery, with history.
  for (const stack of ['dev', 'ops']) {
    mkdirSync(path.join(repo, 'stacks', stack), { recursive: true });
    for (const file of ['release.yaml', 'promotion.yaml']) {
      copyFileSync(path.join(repoRoot, 'stacks', stack, file), path.join(repo, 'stacks', stack, file));
    }
    copyFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), path.join(repo, `Pulumi.${stack}.yaml`));
  }
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'v1 everywhere');
}, 300_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('model versions compared, promoted and rolled back', () => {
  it('compares seeds 7 and 42 on the offers neither trained on: known agreement, accuracy, calibration, latency', async () => {
    const { items, source } = await comparisonItems('held-out', 10_000, {}, [v2, v1]);
    expect(source).toContain("held out from both models' training");
    expect(items).toHaveLength(1302);
    const comparison = await compareModels(v2, v1, items);
    // Measured when this was written: 96.93 % agreement, v2 96.16 % and v1 96.77 % accurate.
    expect(comparison.agreement).toBeCloseTo(0.9693, 2);
    expect(comparison.candidate.accuracy).toBeCloseTo(0.9616, 2);
    expect(comparison.baseline.accuracy).toBeCloseTo(0.9677, 2);
    expect(comparison.candidate.ece).toBeLessThanOrEqual(0.05);
    expect(comparison.candidate.microsecondsPerItem).toBeGreaterThan(0);
    expect(comparison.disagreements).toHaveLength(10);
    expect(comparison.disagreements[0]?.candidate.label).not.toBe(comparison.disagreements[0]?.baseline.label);
  }, 120_000);

  it('promotes v2 in dev, whose thresholds it passes, printing the diff and the next command', async () => {
    const { status, out } = await promote('dev', '--canary', '10');
    expect(status).toBe(0);
    expect(out).toContain('-  version: v1\n+  version: v2');
    expect(out).toContain('-canaryTrafficPercent: 100\n+canaryTrafficPercent: 10');
    expect(out).toContain('next: git commit stacks/dev/release.yaml, then pulumi preview -s dev and pulumi up -s dev');
    expect(release('dev')).toMatch(/^ {2}version: v2$/m);
    // Comments and layout stay.
    expect(release('dev')).toContain('# What the dev stack runs.');
  }, 120_000);

  it('refuses v2 in ops, whose thresholds it fails, and leaves release.yaml as it was', async () => {
    const before = release('ops');
    const { status, out } = await promote('ops');
    expect(status).toBe(1);
    expect(out).toMatch(
      /not promoted: accuracy 0\.96\d* is 0\.00\d+ below the baseline's 0\.96\d* \(maxAccuracyDrop 0\.002\)/,
    );
    expect(release('ops')).toBe(before);
  }, 120_000);

  it("rolls dev back to the version it ran before, from the release file's git history", async () => {
    git('commit', '-q', '-am', 'Canary v2 in dev');
    const { status, out } = await cli('model', 'rollback', '--stack', 'dev', '--repo', repo);
    expect(status).toBe(0);
    expect(out).toContain('rolling back from v2 to v1 (as of');
    expect(out).toContain('-  version: v2\n+  version: v1');
    expect(release('dev')).toMatch(/^ {2}version: v1$/m);
    expect(release('dev')).toMatch(/^canaryTrafficPercent: 100$/m);
  });
});
