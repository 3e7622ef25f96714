import { readFileSync } from 'node:fs';
import path from 'node:path';
import { latestResults, renderBenchmarksPage } from './render';
import { resultsDir, startRun, tableOf, type BenchResult } from './result';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('docs/benchmarks.md', () => {
  it('is exactly what npm run benchmarks makes of the recorded runs', () => {
    const results = latestResults(resultsDir(repoRoot));
    expect(results.map(({ result }) => result.bench)).toEqual([
      'model-server-bert-mini',
      'model-server-fairness',
      'model-server-reference',
      'planner-check',
      'worker',
      'worker-kill9',
    ]);
    expect(readFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), 'utf8')).toBe(renderBenchmarksPage(results));
  });
});

describe('a recorded run', () => {
  const result: BenchResult = startRun('model-server-reference', repoRoot, { repetitions: 3 }).finish({
    figures: [{ name: 'batching on ÷ off', unit: 'ratio', values: [1.2, 0.9, 1.5], target: '>= 1' }],
    tables: [tableOf('server', [{ batching: 'on', 'items/s': 1234.5 }])],
  });

  it('names the commit, the machine, Node and the load around it', () => {
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(result.machine.cpus).toBeGreaterThan(0);
    expect(result.node).toBe(process.version);
    expect(result.loadAverage.before).toHaveLength(3);
    expect(result.loadAverage.after).toHaveLength(3);
  });

  it('shows each figure as the median and range of its repetitions, beside its target', () => {
    const page = renderBenchmarksPage([{ file: 'docs/benchmarks/model-server-reference-x.json', result }]);
    expect(page).toContain('| batching on ÷ off | 1.20 | 0.90–1.50 | 3 | ratio | >= 1 |');
    expect(page).toContain('| on | 1,235 |');
    expect(
      renderBenchmarksPage([{ file: 'x.json', result: { ...result, tables: [tableOf('t', [{ batch: 32 }])] } }]),
    ).toContain('| 32 |');
  });

  it('names the command that records each series', () => {
    const page = (bench: string) => renderBenchmarksPage([{ file: 'x.json', result: { ...result, bench } }]);
    expect(page('model-server-bert-mini')).toContain('`npm run -w model-server bench -- --model bert-mini`');
    expect(page('model-server-fairness')).toContain('`npm run -w model-server bench:fairness`');
    expect(page('worker')).toContain('`npm run -w worker bench`');
  });
});
