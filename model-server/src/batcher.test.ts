import { DynamicBatcher, type BatchRun } from './batcher';
import { padBatch, splitRows } from './tensors';
import type { Sequence } from './tokenizer';

const sequence = (...ids: number[]): Sequence => ({
  inputIds: ids,
  attentionMask: ids.map(() => 1),
  tokenTypeIds: ids.map(() => 0),
});

/** Answers each item n with the row [n, batch size], recording every batch. */
function recordingRun(): { run: BatchRun<number>; batches: number[][] } {
  const batches: number[][] = [];
  const run: BatchRun<number> = (items) => {
    batches.push([...items]);
    return Promise.resolve(items.map((item) => Float32Array.from([item, items.length])));
  };
  return { run, batches };
}

/** Records each batch and holds it until the test calls its finisher, in order. */
function heldRun(): { held: BatchRun<number>; started: number[][]; finishers: (() => void)[] } {
  const started: number[][] = [];
  const finishers: (() => void)[] = [];
  const held: BatchRun<number> = (items) => {
    started.push([...items]);
    return new Promise((resolve) => finishers.push(() => resolve(items.map((item) => Float32Array.from([item])))));
  };
  return { held, started, finishers };
}

/** Lets every timer the batcher set fire (jest's fake clock), then gives the requests' answers. */
async function finish<T>(requests: Promise<T>): Promise<T> {
  await jest.runAllTimersAsync();
  return requests;
}

const options = (maxBatchSize: number, maxBatchDelayMs: number) => ({ maxBatchSize, maxBatchDelayMs, concurrency: 1 });

describe('padBatch', () => {
  it('pads every row to the longest with zeros and a zero attention mask', () => {
    const feeds = padBatch([sequence(5, 6, 7), sequence(8)], ['input_ids', 'attention_mask']);
    expect(feeds.input_ids?.dims).toEqual([2, 3]);
    expect(Array.from(feeds.input_ids?.data ?? [], Number)).toEqual([5, 6, 7, 8, 0, 0]);
    expect(Array.from(feeds.attention_mask?.data ?? [], Number)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(feeds.token_type_ids).toBeUndefined();
  });
});

describe('splitRows', () => {
  it('cuts a [batch, classes] tensor into one row per item', () => {
    const rows = splitRows({ data: Float32Array.from([1, 2, 3, 4, 5, 6]), dims: [3, 2] });
    expect(rows.map((row) => Array.from(row))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });
});

// Batch membership is decided by the clock: jest's fake one, so no test depends on how busy the machine is.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('DynamicBatcher', () => {
  it('runs concurrent requests as one batch and gives each its own rows back', async () => {
    const { run, batches } = recordingRun();
    const batcher = new DynamicBatcher(run, options(32, 20));
    const results = await finish(Promise.all([batcher.infer([1]), batcher.infer([2, 3])]));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(results.map((rows) => rows.map((row) => row[0]))).toEqual([[1], [2, 3]]);
  });

  it('never puts more items in a batch than the maximum', async () => {
    const { run } = recordingRun();
    const sizes: number[] = [];
    const batcher = new DynamicBatcher(run, { ...options(4, 50), onBatch: (size) => sizes.push(size) });
    await finish(Promise.all(Array.from({ length: 10 }, (_, i) => batcher.infer([i]))));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('while a batch runs, a full batch is handed over at once and a partial one waits for the session', async () => {
    const { held, started, finishers } = heldRun();
    const settle = () => jest.advanceTimersByTimeAsync(0);
    const batcher = new DynamicBatcher(held, options(2, 0));
    const requests = [batcher.infer([1, 2]), batcher.infer([3, 4]), batcher.infer([5])];
    await settle();
    expect(started).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finishers.shift()?.();
    await settle();
    expect(started).toHaveLength(2);
    finishers.shift()?.();
    await settle();
    expect(started).toEqual([[1, 2], [3, 4], [5]]);
    finishers.shift()?.();
    await expect(Promise.all(requests)).resolves.toHaveLength(3);
  });

  it('with a maximum batch size of 1 runs every request as a batch of its own', async () => {
    const { run, batches } = recordingRun();
    const batcher = new DynamicBatcher(run, options(1, 0));
    await finish(Promise.all([1, 2, 3].map((id) => batcher.infer([id]))));
    expect(batches).toEqual([[1], [2], [3]]);
  });

  it('runs a lone request once the maximum delay has passed, not before', async () => {
    const { run, batches } = recordingRun();
    const batcher = new DynamicBatcher(run, options(8, 30));
    const request = batcher.infer([4]);
    await jest.advanceTimersByTimeAsync(29);
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[4]]);
    await expect(request).resolves.toHaveLength(1);
  });

  it('reports the queue depth as requests arrive and leave', async () => {
    const { run } = recordingRun();
    const depths: number[] = [];
    const batcher = new DynamicBatcher(run, { ...options(8, 5), onQueueDepth: (items) => depths.push(items) });
    await finish(Promise.all([batcher.infer([1, 2]), batcher.infer([3])]));
    expect(depths).toEqual([2, 3, 0]);
  });

  it('when a run fails, every request in that batch fails and later ones still run', async () => {
    const { run } = recordingRun();
    let fail = true;
    const flaky: BatchRun<number> = async (items) => {
      if (fail) {
        fail = false;
        throw new Error('session crashed');
      }
      return run(items);
    };
    const batcher = new DynamicBatcher(flaky, options(8, 5));
    const first = await finish(Promise.allSettled([batcher.infer([1]), batcher.infer([2])]));
    expect(first.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(finish(batcher.infer([3]))).resolves.toHaveLength(1);
  });
});

describe('DynamicBatcher with a request larger than a batch', () => {
  it('runs it in batch-sized parts and answers it whole, in order', async () => {
    const { run, batches } = recordingRun();
    const batcher = new DynamicBatcher(run, options(4, 0));
    const rows = await finish(batcher.infer([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(rows.map((row) => row[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('lets a small request that arrives meanwhile run in the next batch, not after the whole large one', async () => {
    const { held, started, finishers } = heldRun();
    const settle = () => jest.advanceTimersByTimeAsync(0);
    const batcher = new DynamicBatcher(held, options(4, 0));
    const large = batcher.infer(Array.from({ length: 40 }, (_, index) => index));
    await settle();
    const small = batcher.infer([1000]);
    let smallDone = false;
    void small.then(() => (smallDone = true));
    for (let batch = 0; batch < 8 && !smallDone; batch += 1) {
      finishers.shift()?.();
      await settle();
    }
    expect(smallDone).toBe(true);
    // When it arrived, two parts of the large request were in batches (one running, one handed over); it rides
    // in the next batch, beside the start of the large request's next part.
    const smallBatch = started.findIndex((batch) => batch.includes(1000));
    expect(smallBatch).toBe(2);
    while (finishers.length > 0) {
      finishers.shift()?.();
      await settle();
    }
    await expect(large).resolves.toHaveLength(40);
    // Every batch is full but the last: the small request shares one with a part of the large one.
    expect(started.slice(0, -1).every((batch) => batch.length === 4)).toBe(true);
  });

  it('fails the whole request once when one of its parts fails, and runs none of its later parts', async () => {
    const { run, batches } = recordingRun();
    let runs = 0;
    const failing: BatchRun<number> = async (items) => {
      runs += 1;
      if (runs === 2) throw new Error('session crashed');
      return run(items);
    };
    const depths: number[] = [];
    const batcher = new DynamicBatcher(failing, { ...options(4, 0), onQueueDepth: (items) => depths.push(items) });
    await expect(finish(batcher.infer(Array.from({ length: 20 }, (_, index) => index)))).rejects.toThrow(
      'session crashed',
    );
    // Two parts were in batches when the second failed; no part after them ran.
    expect(runs).toBe(2);
    expect(batches).toHaveLength(1);
    await expect(finish(batcher.infer([7]))).resolves.toHaveLength(1);
    expect(depths.at(-1)).toBe(0);
  });
});

describe('DynamicBatcher told what is arriving', () => {
  it('runs a lone request at the end of the turn when nothing else is arriving, without waiting out the delay', async () => {
    const { run, batches } = recordingRun();
    const batcher = new DynamicBatcher(run, { ...options(8, 1000), arriving: () => 0 });
    const request = batcher.infer([7]);
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[7]]);
    await expect(request).resolves.toHaveLength(1);
  });

  it('still gathers requests submitted in the same turn into one batch', async () => {
    const { run, batches } = recordingRun();
    const batcher = new DynamicBatcher(run, { ...options(8, 1000), arriving: () => 0 });
    await finish(Promise.all([batcher.infer([1]), batcher.infer([2]), batcher.infer([3])]));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('waits for requests still arriving, up to the delay', async () => {
    const { run, batches } = recordingRun();
    let arriving = 1;
    const batcher = new DynamicBatcher(run, { ...options(8, 1000), arriving: () => arriving });
    const first = batcher.infer([1]);
    await jest.advanceTimersByTimeAsync(20);
    expect(batches).toEqual([]);
    arriving = 0;
    const second = batcher.infer([2]);
    await finish(Promise.all([first, second]));
    expect(batches).toEqual([[1, 2]]);
  });
});
