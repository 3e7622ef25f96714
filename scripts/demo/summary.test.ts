import { RunningSummary } from './summary';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('running summary', () => {
  it('counts accuracy over categorized results and rejects apart', () => {
    const time = clock();
    const summary = new RunningSummary(time.now);
    summary.sent('1', 'TVs');
    summary.sent('2', 'CPUs');
    summary.sent('3', 'Fridges');
    expect(summary.result('1', 'TVs')).toBe('TVs');
    expect(summary.result('2', 'TVs')).toBe('CPUs');
    summary.reject('3');
    expect(summary.resultCount).toBe(2);
    expect(summary.rejected).toBe(1);
    expect(summary.accuracy).toBe(0.5);
    expect(summary.complete).toBe(true);
  });

  it('ignores a second answer for the same id and answers for ids it never sent, and says so', () => {
    const summary = new RunningSummary(clock().now);
    summary.sent('1', 'TVs');
    summary.result('1', 'TVs');
    expect(summary.result('1', 'TVs')).toBeUndefined();
    expect(summary.result('99', 'TVs')).toBeUndefined();
    expect(summary.duplicates).toBe(1);
    expect(summary.unexpected).toBe(1);
    expect(summary.report()).toContain('duplicates 1, results for ids this run did not send 1');
  });

  it('reports throughput since the first send and produce-to-result latency percentiles', () => {
    const time = clock();
    const summary = new RunningSummary(time.now);
    for (let i = 0; i < 100; i++) summary.sent(String(i), 'TVs');
    for (let i = 0; i < 100; i++) {
      time.advance(10);
      summary.result(String(i), i < 90 ? 'TVs' : 'CPUs');
    }
    expect(summary.throughput()).toBeCloseTo(100, 5);
    expect(summary.latencyPercentile(0.5)).toBe(500);
    expect(summary.latencyPercentile(0.99)).toBe(990);
    expect(summary.report()).toBe(
      [
        'sent 100, categorized 100, rejected 0, missing 0',
        'accuracy 90.0% (90/100)',
        'throughput 100.0 msg/s over 1.0 s',
        'produce-to-result latency p50 500 ms, p99 990 ms',
        'The titles went in as fast as the broker took them, so this latency is mostly time queued behind earlier titles, not the time one title takes; `--rate N` sends N messages per second and measures that.',
      ].join('\n'),
    );
    expect(summary.report(50)).toContain("At a steady 50 msg/s this latency is one title's trip");
  });

  it('is not complete while a sent message has no answer', () => {
    const summary = new RunningSummary(clock().now);
    summary.sent('1', 'TVs');
    summary.sent('2', 'TVs');
    summary.result('1', 'TVs');
    expect(summary.complete).toBe(false);
    expect(summary.report()).toContain('missing 1');
  });
});
