import { createMetrics } from './metrics';
import { recordStages, stageDurations } from './record-stages';

const delivery = { started: 1_050, produced: 1_056, committed: 1_080 };

describe('the stages of a delivered record', () => {
  it('runs from the input timestamp to the commit without a gap', () => {
    const durations = stageDurations({ input: 1_000, received: 1_004, sent: 1_005, answered: 1_030 }, delivery);
    expect(durations).toEqual({ fetch: 4, queued: 1, model: 25, waiting: 20, produce: 6, commit: 24 });
    expect(Object.values(durations).reduce((sum, ms) => sum + ms, 0)).toBe(delivery.committed - 1_000);
  });

  it('has no fetch stage when the input record had no timestamp', () => {
    expect(
      stageDurations({ input: undefined, received: 1_004, sent: 1_005, answered: 1_030 }, delivery),
    ).not.toHaveProperty('fetch');
  });

  it('observes each record once per stage, in seconds', async () => {
    const metrics = createMetrics();
    const times = { input: 1_000, received: 1_004, sent: 1_005, answered: 1_030 };
    recordStages(metrics, [times, times], delivery);
    const values = (await metrics.stageSeconds.get()).values;
    const sum = (stage: string) =>
      values.find((v) => v.metricName?.endsWith('_sum') && v.labels.stage === stage)?.value;
    expect([sum('model'), sum('commit')]).toEqual([0.05, 0.048]);
    const endToEnd = (await metrics.endToEndSeconds.get()).values.find((v) => v.metricName?.endsWith('_sum'));
    expect(endToEnd?.value).toBeCloseTo(0.16);
  });
});
