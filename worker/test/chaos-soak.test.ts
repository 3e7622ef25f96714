import { runSoak } from '../reliability/soak';
import { describeVerdict } from '../reliability/report';

// The two-minute form of `npm run -w worker reliability -- soak` (ten minutes, documented in the README).
describe('chaos soak on the replicated cluster', () => {
  it('two minutes of faults under load: nothing lost or duplicated, the poison in the DLQ, memory bounded', async () => {
    const lines: string[] = [];
    const report = await runSoak({
      shape: 'replicated',
      seconds: 120,
      seed: 4,
      ratePerSecond: 100,
      partitions: 4,
      portBase: 29712,
      print: (line) => lines.push(line),
    });
    console.log([...lines, ...describeVerdict(report.verdict)].join('\n'));

    const kinds = new Set(report.faults.map(({ kind }) => kind));
    expect([...kinds].sort()).toEqual(['broker restart', 'model server outage', 'worker SIGKILL', 'worker SIGTERM']);
    expect(report.verdict.results).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(report.verdict.deadLetters).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(report.verdict.deadLetters.received).toBeGreaterThan(0);
    expect(report.verdict.offsetsBehind).toEqual([]);
    expect(report.verdict.transactions.findings).toEqual([]);
    expect(report.memory.bounded).toBe(true);
    expect(report.passed).toBe(true);
  }, 600_000);
});
