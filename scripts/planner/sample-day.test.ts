import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Plan } from './plan';
import { repoRoot } from './repository';

const bin = path.join(repoRoot, 'node_modules', '.bin', 'category-match');
const sampleDay = path.join('scripts', 'planner', 'profiles', 'sample-day.csv');
// The sample day's messages: night feed 240,000 at 03:00, bulk upload 450,000 at 09:30, edits around them.
const dayMessages =
  3 * 3600 +
  240_000 +
  1.5 * 3600 +
  8 * 5400 +
  450_000 +
  8 * 8700 +
  12 * 7200 +
  8 * 10_800 +
  5 * 7200 +
  15 * 10_800 +
  4 * 3600 +
  2 * 3600;

describe('npx category-match plan on the sample day (dev stack)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'plan-sample-day-'));
  let stdout = '';
  let result: Plan;
  const chart = (file: string) => readFileSync(path.join(out, file), 'utf8');

  beforeAll(async () => {
    ({ stdout } = await promisify(execFile)(bin, ['plan', '--stack', 'dev', '--traffic', sampleDay, '--out', out], {
      cwd: repoRoot,
    }));
    result = JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8')) as Plan;
  }, 60_000);

  it('prints the report: inputs with their sources, the alternatives side by side, a recommendation', () => {
    expect(stdout).toContain('**Measured speed** (docs/benchmarks/worker-');
    expect(stdout).toMatch(/on \*\*(CPU|GPU \(cuda\))\*\*/);
    expect(stdout).toContain('**Prices** as of 2026-07-30');
    expect(stdout).toContain('| min 0, scale-down delay 5m, spot (as configured) |');
    expect(stdout).toMatch(/\*\*Recommendation:\*\* min \d, scale-down delay \d+m, (spot|on-demand): /);
    expect(stdout).toContain(`Written: ${path.join(out, 'plan.json')}`);
  });

  it('classifies every message of the day in every alternative', () => {
    expect(result.alternatives).toHaveLength(6);
    for (const row of result.alternatives) {
      expect(row.classifications).toBe(dayMessages);
      expect(row.unserved).toBe(0);
      expect(row.costPer1000Classifications).toBeCloseTo((row.cost / dayMessages) * 1000, 9);
    }
  });

  it('scales to zero in the night trough and pays for it with two cold starts that hold the night feed', () => {
    const [configured] = result.alternatives;
    expect(configured).toMatchObject({ coldStarts: 2, meetsObjective: false });
    // The feed (240,000 in 10 minutes) arrives entirely within a 13-minute cold start, and the first edit at 06:30.
    expect(configured?.messagesDelayedByColdStarts).toBeGreaterThanOrEqual(240_000);
    expect(configured?.latencySeconds.p99).toBeGreaterThan(600);
    expect(configured?.gpuHours).toBeLessThan(24);
  });

  it('keeps one GPU for the whole day with one minimum replica: 24 GPU hours, no cold start, no queueing', () => {
    const warm = result.alternatives.filter((row) => row.alternative.minReplicas === 1);
    expect(warm).toHaveLength(2);
    for (const row of warm) {
      expect(row).toMatchObject({ gpuHours: 24, coldStarts: 0, messagesDelayedByColdStarts: 0, meetsObjective: true });
      expect(row.latencySeconds.max).toBeLessThan(1);
      // Idle from 01:00 to 03:00 and from 03:10 to 06:30.
      expect(row.idleGpuHours).toBeCloseTo(2 + 10 / 3, 2);
    }
    const cost = (spot: boolean) => warm.find((row) => row.alternative.spot === spot)?.cost ?? Number.NaN;
    expect(cost(true)).toBeLessThan(cost(false));
  });

  it('draws the day for each alternative: replicas drop to zero at night only where the minimum is 0', () => {
    const [scaleToZero, longerDelay, warm] = result.series;
    expect(result.series.map((series) => series.name)).toEqual([
      'min 0, scale-down delay 5m',
      'min 0, scale-down delay 30m',
      'min 1, scale-down delay 5m',
    ]);
    const at = (clock: number) => Math.floor((clock * 3600) / (scaleToZero?.bucketSeconds ?? 1));
    expect(scaleToZero?.readyReplicas[at(2)]).toBe(0);
    expect(longerDelay?.readyReplicas[at(2)]).toBe(0);
    expect(warm?.readyReplicas.every((replicas) => replicas === 1)).toBe(true);
    expect(scaleToZero?.readyReplicas[at(12)]).toBe(1);
    // The first messages of the night feed wait for the whole cold start; in the warm alternative they do not.
    expect(scaleToZero?.worstLatencySeconds[at(3)]).toBeGreaterThan(600);
    expect(warm?.worstLatencySeconds[at(3)]).toBeLessThan(1);
  });

  it('writes the report and its pictures: traffic, replicas, GPU nodes, lag and latency over the day', () => {
    const report = chart('report.md');
    expect(report).toContain('| alternative | GPU hours | cost | per 1,000 |');
    for (const file of ['traffic.svg', 'replicas.svg', 'gpu-nodes.svg', 'lag.svg', 'latency.svg']) {
      expect(report).toContain(`![${file}](${file})`);
      const svg = chart(file);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      for (const clock of ['00:00', '12:00', '24:00']) expect(svg).toContain(`>${clock}</text>`);
      const lines = file === 'traffic.svg' ? ['arrivals'] : result.series.map((series) => series.name);
      expect(svg.match(/<path d="M[\d. HVM]+"/g)).toHaveLength(lines.length);
      for (const name of lines) expect(svg).toContain(`>${name}</text>`);
    }
    // The bulk upload's 1,500 messages a second sets the traffic chart's scale; cold starts reach the minutes.
    expect(chart('traffic.svg')).toContain('>1.5k</text>');
    expect(chart('latency.svg')).toContain('>1k</text>');
  });

  it('docs/cost.md shows the report the planner writes today, with its data and charts in docs/cost/', () => {
    const docs = path.join(repoRoot, 'docs');
    const doc = readFileSync(path.join(docs, 'cost.md'), 'utf8');
    const shown = /<!-- report: generated, see above -->\n([\s\S]*)<!-- end of report -->/.exec(doc)?.[1];
    const regenerate =
      'npx category-match plan --stack dev --traffic scripts/planner/profiles/sample-day.csv --out docs/cost';
    expect({ regenerate, report: shown }).toEqual({
      regenerate,
      report: chart('report.md').replace(/!\[([^\]]+)\]\(([^)]+)\)/g, '![$1](cost/$2)'),
    });
    for (const file of [
      'report.md',
      'plan.json',
      'traffic.svg',
      'replicas.svg',
      'gpu-nodes.svg',
      'lag.svg',
      'latency.svg',
    ]) {
      expect({ regenerate, file, text: readFileSync(path.join(docs, 'cost', file), 'utf8') }).toEqual({
        regenerate,
        file,
        text: chart(file),
      });
    }
  });
});
