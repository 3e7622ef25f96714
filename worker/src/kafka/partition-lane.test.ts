import { ModelUnavailableError } from '../errors';
import type { Infer, InferenceResult } from '../model/model-client';
import pino from 'pino';
import { createLogger, type Logger } from '../ops/logger';
import { createMetrics } from '../ops/metrics';
import type { ClassifiedRecords } from '../processing/classify-records';
import type { InputRecord } from '../processing/records';
import { createBatchProcessor, type BatchPayload } from './batch-processor';
import { classifyWithRetries } from './classify-with-retries';
import { PartitionLane } from './partition-lane';

const source = { topic: 'category-match-in', partition: 0 };

/** A record of `category-match-in` at `offset`, or a poison one when `value` is given. */
function record(offset: number, value?: string): InputRecord {
  const id = `sku-${offset}`;
  return {
    key: Buffer.from(id),
    value: Buffer.from(value ?? JSON.stringify({ schemaVersion: 1, id, title: `product ${offset}` })),
    offset: String(offset),
    timestamp: '1764730000000',
  };
}
const records = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => record(from + index));

/** The model: labels each title after itself, or fails every call while `down` says so. */
function fakeModel() {
  const state = { down: false, calls: 0 };
  const infer: Infer = (titles) => {
    state.calls += 1;
    if (state.down) return Promise.reject(new ModelUnavailableError('model API answered 503'));
    const result: InferenceResult = {
      predictions: titles.map((title) => ({ label: `label of ${title}`, score: 0.9 })),
      model: { name: 'category-classifier', version: 'v1' },
    };
    return Promise.resolve(result);
  };
  return { state, infer };
}

interface Delivered {
  ids: string[];
  deadLetters: string[];
  nextOffset: string;
}

/**
 * Delivery that remembers what reached Kafka and where the partition's committed position is; `gate` holds each
 * delivery until the test lets it go, `failNext` makes the next one fail after its records may have landed.
 */
function fakeDelivery(initialFloor?: bigint) {
  const state = {
    delivered: [] as Delivered[],
    committed: initialFloor,
    floorChecks: 0,
    failNext: false,
    gate: undefined as Promise<void> | undefined,
  };
  return {
    state,
    firstUndelivered: () => {
      state.floorChecks += 1;
      return Promise.resolve(state.committed);
    },
    deliver: async (_partition: number, classified: ClassifiedRecords, nextOffset: string) => {
      const started = Date.now();
      await state.gate;
      if (state.failNext) {
        state.failNext = false;
        throw new Error('The producer was fenced by a newer epoch');
      }
      state.delivered.push({
        ids: classified.results.map((result) => String(result.key)),
        deadLetters: classified.deadLetters.map(({ reason }) => reason),
        nextOffset,
      });
      state.committed = BigInt(nextOffset);
      return { started, produced: Date.now(), committed: Date.now() };
    },
  };
}

/** The consumer's side: batches for the processor, and what was resolved, sought, paused and resumed. */
function fakeConsumer() {
  const seen = { resolved: [] as string[], seeks: [] as string[], pauses: 0, resumes: 0 };
  let stale = false;
  const payload = (messages: InputRecord[]): BatchPayload => ({
    batch: { ...source, highWatermark: String(Number(messages.at(-1)?.offset ?? -1) + 1), messages },
    resolveOffset: (offset) => seen.resolved.push(offset),
    heartbeat: () => Promise.resolve(),
    isRunning: () => true,
    isStale: () => stale,
  });
  return {
    seen,
    payload,
    seek: (offset: string) => {
      seen.seeks.push(offset);
      stale = true;
    },
    fetchedAfterSeek: () => {
      stale = false;
    },
    pause: () => {
      seen.pauses += 1;
      return () => {
        seen.resumes += 1;
      };
    },
  };
}

function setUp(options: {
  buffer: number;
  transactionMaxRecords?: number;
  floor?: bigint;
  onWait?: () => void;
  logger?: Logger;
}) {
  const model = fakeModel();
  const delivery = fakeDelivery(options.floor);
  const consumer = fakeConsumer();
  const metrics = createMetrics();
  const logger = options.logger ?? createLogger('silent');
  const lane = new PartitionLane({
    source,
    delivery,
    maxBatchSize: 2,
    transactionMaxRecords: options.transactionMaxRecords ?? 4,
    classify: (chunk, control) =>
      classifyWithRetries(chunk, control, { infer: model.infer, source, metrics, logger, random: () => 0 }),
    seek: consumer.seek,
    pause: consumer.pause,
    metrics,
    logger,
    // No real time passes: the test decides what happens between retries.
    sleep: () => {
      options.onWait?.();
      return new Promise((resolve) => setImmediate(resolve));
    },
  });
  const process = createBatchProcessor({ laneFor: () => lane, partitionBufferRecords: options.buffer });
  return { model, delivery, consumer, metrics, lane, process };
}

const ticks = async (count: number) => {
  for (let round = 0; round < count; round += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** Lets every pending promise chain run to its end. */
async function settle(lane: PartitionLane): Promise<void> {
  for (let round = 0; round < 50 && lane.buffered > 0; round += 1)
    await new Promise((resolve) => setImmediate(resolve));
}

describe('a partition lane', () => {
  it('with no buffer, returns from a batch only once it is all delivered, in offset order', async () => {
    const { delivery, consumer, process } = setUp({ buffer: 0 });
    await process(consumer.payload(records(0, 10)));
    expect(delivery.state.delivered.flatMap(({ ids }) => ids)).toEqual(records(0, 10).map((r) => String(r.key)));
    expect(delivery.state.delivered.at(-1)?.nextOffset).toBe('10');
    // No transaction holds more than TRANSACTION_MAX_RECORDS (4 here).
    expect(Math.max(...delivery.state.delivered.map(({ ids }) => ids.length))).toBeLessThanOrEqual(4);
    expect(consumer.seen.resolved).toEqual(['9']);
  });

  it('classifies while a transaction is in flight, and delivers a consumed batch a full transaction at a time', async () => {
    const { delivery, consumer, process, model, lane } = setUp({ buffer: 0 });
    let open: () => void = () => undefined;
    delivery.state.gate = new Promise((resolve) => (open = resolve));
    const processing = process(consumer.payload(records(0, 8)));
    await ticks(10);
    // Every request (four of two titles) went to the model while the first transaction waits.
    expect(model.state.calls).toBe(4);
    open();
    await processing;
    expect(lane.buffered).toBe(0);
    // The batch's first request did not go out alone: its results waited for the next to fill a transaction.
    expect(delivery.state.delivered.map(({ nextOffset }) => nextOffset)).toEqual(['4', '8']);
  });

  it('delivers a small batch at once rather than waiting for a later batch to fill the transaction', async () => {
    const { delivery, consumer, process } = setUp({ buffer: 100, transactionMaxRecords: 8 });
    await process(consumer.payload(records(0, 1)));
    await ticks(10);
    expect(delivery.state.delivered.map(({ nextOffset }) => nextOffset)).toEqual(['1']);
  });

  it('with a buffer, lets the consumer fetch on while earlier records are still being delivered, in order', async () => {
    const { delivery, consumer, process, lane } = setUp({ buffer: 100 });
    let open: () => void = () => undefined;
    delivery.state.gate = new Promise((resolve) => (open = resolve));
    await process(consumer.payload(records(0, 3)));
    await process(consumer.payload(records(3, 6)));
    expect(consumer.seen.resolved).toEqual(['2', '5']);
    expect(delivery.state.delivered).toEqual([]);
    expect(lane.buffered).toBe(6);
    open();
    await settle(lane);
    expect(delivery.state.delivered.flatMap(({ ids }) => ids)).toEqual(records(0, 6).map((r) => String(r.key)));
    expect(delivery.state.delivered.at(-1)?.nextOffset).toBe('6');
  });

  it('holds the consumer while the lane is over its buffer', async () => {
    const { delivery, consumer, process, lane } = setUp({ buffer: 4 });
    let open: () => void = () => undefined;
    delivery.state.gate = new Promise((resolve) => (open = resolve));
    let returned = false;
    const processing = process(consumer.payload(records(0, 9))).then(() => (returned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false);
    open();
    await processing;
    expect(lane.buffered).toBeLessThanOrEqual(4);
  });

  it('records every result stage on /metrics once delivered', async () => {
    const { consumer, process, metrics } = setUp({ buffer: 0 });
    await process(consumer.payload(records(0, 3)));
    const stages = (await metrics.stageSeconds.get()).values.filter((value) => value.metricName?.endsWith('_count'));
    expect(Object.fromEntries(stages.map((value) => [value.labels.stage, value.value]))).toEqual({
      fetch: 3,
      queued: 3,
      model: 3,
      waiting: 3,
      produce: 3,
      commit: 3,
    });
    const endToEnd = (await metrics.endToEndSeconds.get()).values.find((value) => value.metricName?.endsWith('_count'));
    expect(endToEnd?.value).toBe(3);
  });

  it('while the model answers 503 pauses the partition and delivers nothing; when it is back, delivers in order', async () => {
    let waits = 0;
    const context = { model: undefined as ReturnType<typeof fakeModel> | undefined };
    const lane = setUp({
      buffer: 0,
      onWait: () => {
        waits += 1;
        if (waits === 3 && context.model !== undefined) context.model.state.down = false;
      },
    });
    context.model = lane.model;
    lane.model.state.down = true;
    await lane.process(lane.consumer.payload(records(0, 3)));
    expect(lane.delivery.state.delivered.flatMap(({ ids }) => ids)).toEqual(['sku-0', 'sku-1', 'sku-2']);
    expect(lane.delivery.state.delivered.at(-1)?.nextOffset).toBe('3');
    expect(lane.consumer.seen).toMatchObject({ pauses: 1, resumes: 1 });
    expect((await lane.metrics.retries.get()).values).toEqual([
      expect.objectContaining({ labels: { cause: 'model' }, value: expect.any(Number) }),
    ]);
    expect((await lane.metrics.pausedPartitions.get()).values[0]?.value).toBe(0);
  });

  it('sends a poison record to the DLQ with its reason, logs it with its key, and delivers its neighbours', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const { delivery, consumer, process } = setUp({ buffer: 0, logger });
    await process(consumer.payload([record(0), record(1, '{not json'), record(2)]));
    expect(delivery.state.delivered.flatMap(({ ids }) => ids)).toEqual(['sku-0', 'sku-2']);
    expect(delivery.state.delivered.flatMap(({ deadLetters }) => deadLetters)).toEqual(['invalid-json']);
    expect(lines.filter((line) => line.msg === 'message rejected to the DLQ')).toEqual([
      expect.objectContaining({ level: 30, key: 'sku-1', offset: '1', reason: 'invalid-json', partition: 0 }),
    ]);
    expect(delivery.state.delivered.at(-1)?.nextOffset).toBe('3');
  });

  it('skips the records a previous owner of the partition already delivered', async () => {
    const { delivery, consumer, process } = setUp({ buffer: 0, floor: 3n });
    await process(consumer.payload(records(0, 5)));
    expect(delivery.state.delivered.flatMap(({ ids }) => ids)).toEqual(['sku-3', 'sku-4']);
  });

  it('after a failed delivery, moves the consumer back to the committed position and delivers each record once', async () => {
    const { delivery, consumer, process, lane } = setUp({ buffer: 100 });
    await process(consumer.payload(records(0, 4)));
    await settle(lane);
    delivery.state.failNext = true;
    await process(consumer.payload(records(4, 8)));
    for (let round = 0; round < 50 && consumer.seen.seeks.length === 0; round += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(consumer.seen.seeks).toEqual(['4']);
    // A batch fetched before the seek is not taken; the consumer then fetches from the committed position.
    await process(consumer.payload(records(8, 10)));
    expect(lane.buffered).toBe(0);
    consumer.fetchedAfterSeek();
    await process(consumer.payload(records(4, 10)));
    await settle(lane);
    const ids = delivery.state.delivered.flatMap((step) => step.ids);
    expect(ids).toEqual(records(0, 10).map((r) => String(r.key)));
    expect(delivery.state.floorChecks).toBe(2);
  });

  it('once closed (the partition was revoked), drops what it holds and delivers nothing more', async () => {
    const { delivery, consumer, process, lane, model } = setUp({ buffer: 100 });
    model.state.down = true;
    await process(consumer.payload(records(0, 3)));
    await new Promise((resolve) => setImmediate(resolve));
    await lane.close();
    model.state.down = false;
    await ticks(10);
    expect(lane.buffered).toBe(0);
    expect(delivery.state.delivered).toEqual([]);
    expect(consumer.seen).toMatchObject({ pauses: 1, resumes: 1 });
  });
});
