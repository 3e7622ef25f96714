import { runCampaign } from '../reliability/campaign';
import { describeVerdict } from '../reliability/report';

// The short form of `npm run -w worker reliability -- campaign` (20 restarts, documented in the README): five
// restarts of a random broker of the platform's replicated shape, under load, the worker restarted after every
// second one so a lost marker could not stay silent. The seed makes a failing run replayable.
describe('restart campaign on the replicated cluster', () => {
  it('five random broker restarts under load: every id once, in order, offsets at the end, every marker written', async () => {
    const lines: string[] = [];
    const report = await runCampaign({
      shape: 'replicated',
      restarts: 5,
      seed: 20734,
      ratePerSecond: 100,
      workerRestartEvery: 2,
      partitions: 4,
      portBase: 29692,
      print: (line) => lines.push(line),
    });
    console.log([...lines, ...describeVerdict(report.verdict)].join('\n'));

    expect(report.workerRestarts).toBe(2);
    expect(report.verdict.inputs).toBeGreaterThan(1_000);
    expect(report.verdict.results).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(report.verdict.deadLetters).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(report.verdict.deadLetters.received).toBeGreaterThan(0);
    expect(report.verdict.offsetsBehind).toEqual([]);
    expect(report.verdict.transactions.findings).toEqual([]);
    expect(report.passed).toBe(true);
  }, 600_000);
});
