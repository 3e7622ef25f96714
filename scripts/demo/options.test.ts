import fc from 'fast-check';
import { parseDemoOptions } from './options';
import { dueCount, unpacedBatch } from './pacing';
import { resultLine } from './result-line';

describe('demo options', () => {
  it('defaults to 2000 messages as fast as possible', () => {
    expect(parseDemoOptions([])).toEqual({
      limit: 2000,
      rate: undefined,
      seed: 1,
      modelPort: undefined,
      metricsPort: undefined,
      idleTimeoutMs: 120_000,
      verbose: false,
      kafkaStateDir: undefined,
      kafkaPortBase: undefined,
    });
  });

  it('reads --limit, --rate, --verbose, ports (0: any free one) and the broker to prefer', () => {
    expect(
      parseDemoOptions([
        '--limit',
        '200',
        '--rate',
        '50',
        '--verbose',
        '--model-port',
        '0',
        '--kafka-state-dir',
        '.kafka/mine',
        '--kafka-port-base',
        '29000',
      ]),
    ).toMatchObject({
      limit: 200,
      rate: 50,
      verbose: true,
      modelPort: 0,
      kafkaStateDir: '.kafka/mine',
      kafkaPortBase: 29000,
    });
  });

  it.each([
    [['--limit', '0'], /--limit must be a whole number from 1/],
    [['--rate', 'fast'], /--rate must be a whole number from 1 .* got "fast"/],
    [['--bogus'], /Unknown option '--bogus'[\s\S]*usage: npm run demo/],
  ])('rejects %p with a message naming the flag', (args, problem) => {
    expect(() => parseDemoOptions(args)).toThrow(problem);
  });
});

describe('pacing', () => {
  it('sends full batches when no rate is set, never past the limit', () => {
    expect(dueCount(0, undefined, 0, 2000)).toBe(unpacedBatch);
    expect(dueCount(0, undefined, 1800, 2000)).toBe(200);
  });

  it('never asks for a negative count or for more than the limit', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }),
        fc.nat(100_000),
        fc.nat(100_000),
        (elapsedMs, rate, sent, limit) => {
          const due = dueCount(elapsedMs, rate, Math.min(sent, limit), limit);
          return due >= 0 && Math.min(sent, limit) + due <= limit;
        },
      ),
    );
  });

  it('keeps to the rate: 50 msg/s means about 50 sent after one second', () => {
    expect(dueCount(0, 50, 0, 1000)).toBe(1);
    expect(dueCount(1000, 50, 1, 1000)).toBe(50);
    expect(dueCount(1000, 50, 51, 1000)).toBe(0);
  });
});

describe('result line', () => {
  const result = {
    schemaVersion: 1 as const,
    id: '1',
    category: 'TVs',
    score: 0.934,
    model: { name: 'category-classifier', version: 'v1' },
    processedAt: '2026-01-01T00:00:00.000Z',
  };

  it('shows title, category, score, the truth, running accuracy and throughput', () => {
    const line = resultLine('lg oled55 tv', result, 'TVs', {
      answered: 7,
      limit: 200,
      accuracy: 0.95,
      throughput: 123.45,
    });
    expect(line).toMatch(/^ {2}7\/200 {2}lg oled55 tv +-> TVs \(0\.93\) ok {2}\| acc 95\.0% {2}123\.5 msg\/s$/);
  });

  it('names the true category when the model is wrong', () => {
    const line = resultLine('x', result, 'Freezers', { answered: 1, limit: 1, accuracy: 0, throughput: 0 });
    expect(line).toContain('-> TVs (0.93) expected Freezers');
  });
});
