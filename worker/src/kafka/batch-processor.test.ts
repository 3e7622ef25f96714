import { ModelUnavailableError } from '../errors';
import type { Infer, InferenceResult } from '../model/model-client';
import { createLogger } from '../ops/logger';
import { createMetrics } from '../ops/metrics';
import type { ClassifiedRecords } from '../processing/classify-records';
import type { InputRecord } from '../processing/records';
import { chunksPerTransaction, createBatchProcessor, type BatchPayload } from './batch-processor';

/** A record of `category-match-in` at `offset`, or a poison one when `value` is given. */
function record(offset: number, value?: string): InputRecord {
  const id = `sku-${offset}`;
  return {
    key: Buffer.from(id),
    value: Buffer.from(value ?? JSON.stringify({ schemaVersion: 1, id, title: `product ${offset}` })),
    offset: String(offset),
  };
}

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

/** Delivery that remembers what reached Kafka: the ids of results and dead letters, and the committed position. */
function fakeDelivery(floor?: bigint) {
  const delivered: { ids: string[]; deadLetters: string[]; nextOffset: string }[] = [];
  return {
    delivered,
    firstUndelivered: () => Promise.resolve(floor),
    deliver: (_partition: number, classified: ClassifiedRecords, nextOffset: string) => {
      delivered.push({
        ids: classified.results.map((result) => String(result.key)),
        deadLetters: classified.deadLetters.map(({ reason }) => reason),
        nextOffset,
      });
      return Promise.resolve();
    },
  };
}

/** kafkajs's side of one batch: what was resolved, paused and resumed. */
function fakePayload(messages: InputRecord[]) {
  const seen = { resolved: [] as string[], pauses: 0, resumes: 0, heartbeats: 0 };
  const payload: BatchPayload = {
    batch: { topic: 'category-match-in', partition: 0, highWatermark: String(messages.length), messages },
    resolveOffset: (offset) => seen.resolved.push(offset),
    heartbeat: () => {
      seen.heartbeats += 1;
      return Promise.resolve();
    },
    isRunning: () => true,
    isStale: () => false,
    pause: () => {
      seen.pauses += 1;
      return () => {
        seen.resumes += 1;
      };
    },
  };
  return { payload, seen };
}

function processor(
  model: ReturnType<typeof fakeModel>,
  delivery: ReturnType<typeof fakeDelivery>,
  onWait?: (attempt: number) => void,
) {
  const metrics = createMetrics();
  let waits = 0;
  const process = createBatchProcessor({
    delivery,
    infer: model.infer,
    maxBatchSize: 2,
    metrics,
    logger: createLogger('silent'),
    // No real time passes: the test decides what happens between retries.
    wait: () => {
      waits += 1;
      onWait?.(waits);
      return Promise.resolve();
    },
    random: () => 0,
  });
  return { process, metrics, waits: () => waits };
}

describe('one batch of a partition', () => {
  it('delivers every result in offset order and resolves the last offset', async () => {
    const model = fakeModel();
    const delivery = fakeDelivery();
    const { payload, seen } = fakePayload([0, 1, 2, 3, 4].map((offset) => record(offset)));
    await processor(model, delivery).process(payload);
    expect(delivery.delivered).toEqual([
      { ids: ['sku-0', 'sku-1', 'sku-2', 'sku-3', 'sku-4'], deadLetters: [], nextOffset: '5' },
    ]);
    expect(seen.resolved).toEqual(['4']);
    expect(seen.pauses).toBe(0);
  });

  it('while the model answers 503 pauses the partition and delivers and resolves nothing; when it is back, resumes in order', async () => {
    const model = fakeModel();
    model.state.down = true;
    const delivery = fakeDelivery();
    const { payload, seen } = fakePayload([0, 1, 2].map((offset) => record(offset)));
    const observedWhileDown: { delivered: number; resolved: number; pauses: number }[] = [];
    const { process, metrics, waits } = processor(model, delivery, (attempt) => {
      observedWhileDown.push({
        delivered: delivery.delivered.length,
        resolved: seen.resolved.length,
        pauses: seen.pauses,
      });
      if (attempt === 3) model.state.down = false;
    });

    await process(payload);

    expect(waits()).toBe(3);
    expect(observedWhileDown).toEqual([
      { delivered: 0, resolved: 0, pauses: 1 },
      { delivered: 0, resolved: 0, pauses: 1 },
      { delivered: 0, resolved: 0, pauses: 1 },
    ]);
    expect(delivery.delivered).toEqual([{ ids: ['sku-0', 'sku-1', 'sku-2'], deadLetters: [], nextOffset: '3' }]);
    expect(seen).toMatchObject({ resolved: ['2'], pauses: 1, resumes: 1 });
    expect((await metrics.retries.get()).values).toEqual([
      expect.objectContaining({ labels: { cause: 'model' }, value: 3 }),
    ]);
    expect((await metrics.pausedPartitions.get()).values[0]?.value).toBe(0);
  });

  it('delivers a long batch in one transaction per group of chunks, classifying the next group meanwhile', async () => {
    const model = fakeModel();
    const delivery = fakeDelivery();
    const callsAtDelivery: number[] = [];
    const deliver = delivery.deliver;
    delivery.deliver = (partition, classified, nextOffset) => {
      callsAtDelivery.push(model.state.calls);
      return deliver(partition, classified, nextOffset);
    };
    const records = Array.from({ length: 2 * chunksPerTransaction * 2 + 3 }, (_, offset) => record(offset));
    const { payload, seen } = fakePayload(records);
    await processor(model, delivery).process(payload);
    // Chunks of two records, chunksPerTransaction of them per transaction: three transactions, in order.
    expect(delivery.delivered.map(({ nextOffset }) => nextOffset)).toEqual([
      String(2 * chunksPerTransaction),
      String(4 * chunksPerTransaction),
      String(records.length),
    ]);
    expect(delivery.delivered.flatMap(({ ids }) => ids)).toEqual(records.map((_, offset) => `sku-${offset}`));
    // When the first group is delivered, the second group's requests have already gone to the model.
    expect(callsAtDelivery[0]).toBe(2 * chunksPerTransaction);
    expect(seen.resolved).toEqual([
      String(2 * chunksPerTransaction - 1),
      String(4 * chunksPerTransaction - 1),
      String(records.length - 1),
    ]);
  });

  it('sends a poison record to the DLQ with its reason and delivers the rest of the batch with it', async () => {
    const model = fakeModel();
    const delivery = fakeDelivery();
    const { payload, seen } = fakePayload([record(0), record(1, '{not json'), record(2)]);
    await processor(model, delivery).process(payload);
    expect(delivery.delivered).toEqual([{ ids: ['sku-0', 'sku-2'], deadLetters: ['invalid-json'], nextOffset: '3' }]);
    expect(seen.resolved).toEqual(['2']);
  });

  it('skips the records a previous owner of the partition already delivered', async () => {
    const model = fakeModel();
    const delivery = fakeDelivery(3n);
    const { payload, seen } = fakePayload([0, 1, 2, 3, 4].map((offset) => record(offset)));
    await processor(model, delivery).process(payload);
    expect(delivery.delivered).toEqual([{ ids: ['sku-3', 'sku-4'], deadLetters: [], nextOffset: '5' }]);
    expect(seen.resolved).toEqual(['4']);
  });

  it('abandons the batch unresolved when the group rebalances during an outage', async () => {
    const model = fakeModel();
    model.state.down = true;
    const delivery = fakeDelivery();
    const { payload, seen } = fakePayload([record(0), record(1)]);
    let stale = false;
    payload.isStale = () => stale;
    await processor(model, delivery, () => {
      stale = true;
    }).process(payload);
    expect(delivery.delivered).toEqual([]);
    expect(seen).toMatchObject({ resolved: [], pauses: 1, resumes: 1 });
  });
});
