import { formatStageTimes, parseStageTimes, recordTimestamp } from './stage-times';

describe('the x-stage-times header', () => {
  it('reads back what it wrote, with or without the input timestamp', () => {
    const times = {
      input: 1_764_730_000_000,
      received: 1_764_730_000_004,
      sent: 1_764_730_000_009,
      answered: 1_764_730_000_020,
    };
    expect(parseStageTimes(formatStageTimes(times))).toEqual(times);
    expect(parseStageTimes(Buffer.from('received=5,sent=6,answered=9'))).toEqual({
      input: undefined,
      received: 5,
      sent: 6,
      answered: 9,
    });
  });

  it('gives undefined for a missing or foreign header instead of wrong numbers', () => {
    expect(parseStageTimes(undefined)).toBeUndefined();
    expect(parseStageTimes('received=5,sent=6')).toBeUndefined();
    expect(parseStageTimes('received=x,sent=6,answered=7')).toBeUndefined();
  });

  it('takes record timestamps as Kafka clients give them, and refuses the -1 of a record without one', () => {
    expect(recordTimestamp('1764730000000')).toBe(1_764_730_000_000);
    expect(recordTimestamp('-1')).toBeUndefined();
    expect(recordTimestamp(undefined)).toBeUndefined();
  });
});
