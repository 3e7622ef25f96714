import fc from 'fast-check';
import { ModelRejectedError, ModelUnavailableError } from '../errors';
import { inferIsolatingRejections } from './isolate-rejections';
import type { Infer } from './model-client';

const model = { name: 'category-classifier', version: 'v1' };

/** A model that rejects any request containing a title in `bad`, like a server validating each input. */
function rejecting(bad: Set<string>, calls: string[][] = []): Infer {
  return async (titles) => {
    calls.push(titles);
    if (titles.some((title) => bad.has(title))) throw new ModelRejectedError('title too weird', 400);
    return { predictions: titles.map((title) => ({ label: `label-of-${title}`, score: 0.9 })), model };
  };
}

describe('inferIsolatingRejections', () => {
  it('sends the whole batch in one request when the model accepts it', async () => {
    const calls: string[][] = [];
    const outcomes = await inferIsolatingRejections(['a', 'b', 'c'], rejecting(new Set(), calls));
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true]);
  });

  it('when one title is rejected, only that title fails and its neighbours get predictions', async () => {
    const outcomes = await inferIsolatingRejections(['a', 'b', 'poison', 'd', 'e'], rejecting(new Set(['poison'])));
    expect(outcomes).toEqual([
      { ok: true, prediction: { label: 'label-of-a', score: 0.9 }, model },
      { ok: true, prediction: { label: 'label-of-b', score: 0.9 }, model },
      { ok: false, error: 'title too weird' },
      { ok: true, prediction: { label: 'label-of-d', score: 0.9 }, model },
      { ok: true, prediction: { label: 'label-of-e', score: 0.9 }, model },
    ]);
  });

  it('keeps order and fails exactly the rejected titles, for any batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ title: fc.string({ minLength: 1, maxLength: 5 }), bad: fc.boolean() }), { maxLength: 40 }),
        async (items) => {
          const titles = items.map((item, index) => `${index}:${item.title}`);
          const bad = new Set(titles.filter((_title, index) => items[index]?.bad));
          const outcomes = await inferIsolatingRejections(titles, rejecting(bad));
          expect(outcomes.map((outcome) => outcome.ok)).toEqual(titles.map((title) => !bad.has(title)));
          outcomes.forEach((outcome, index) => {
            if (outcome.ok) expect(outcome.prediction.label).toBe(`label-of-${titles[index]}`);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('lets a retriable error through so the partition pauses instead of dead-lettering', async () => {
    const down: Infer = async () => {
      throw new ModelUnavailableError('connection refused');
    };
    await expect(inferIsolatingRejections(['a', 'b'], down)).rejects.toBeInstanceOf(ModelUnavailableError);
  });
});
