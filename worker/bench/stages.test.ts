import { stagesOf, summariseStages, type Observation } from './stages';

const timesAt = (offset: number) => ({
  input: 1_002 + offset,
  received: 1_010 + offset,
  sent: 1_011 + offset,
  answered: 1_031 + offset,
});
const observation = (offset: number): Observation => ({
  sentAt: 1_000 + offset,
  times: timesAt(offset),
  producedAt: 1_040 + offset,
  appendedAt: 1_045 + offset,
  committedAt: 1_070 + offset,
});

describe('the bench stage breakdown', () => {
  it('splits one message into stages that add up to its end-to-end time', () => {
    const stages = stagesOf(observation(0));
    expect(stages).toEqual({
      append: 2,
      fetch: 8,
      queued: 1,
      model: 20,
      waiting: 9,
      produce: 5,
      commit: 25,
      total: 70,
    });
    const { total, ...parts } = stages ?? { total: 0 };
    expect(Object.values(parts).reduce((sum, value) => sum + value, 0)).toBe(total);
  });

  it('knows only the total of a result without stage times, rather than inventing the rest', () => {
    const base = observation(0);
    expect(stagesOf({ ...base, times: undefined })).toEqual({ total: 70 });
    expect(summariseStages([{ ...base, times: undefined }]).find((entry) => entry.stage === 'model')?.p50).toBeNaN();
  });

  it('summarises each stage over many messages', () => {
    const slowModel = (offset: number): Observation => {
      const times = timesAt(offset);
      return { ...observation(offset), times: { ...times, answered: times.answered + offset } };
    };
    const summary = summariseStages(Array.from({ length: 100 }, (_, index) => slowModel(index)));
    expect(summary.find((entry) => entry.stage === 'model')).toEqual({ stage: 'model', p50: 69, p99: 118 });
    expect(summary.find((entry) => entry.stage === 'append')).toEqual({ stage: 'append', p50: 2, p99: 2 });
  });
});
