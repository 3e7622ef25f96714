import { faultKindsAt, type FaultKind } from './fault-schedule';

const kinds: FaultKind[] = ['worker SIGKILL', 'worker SIGTERM', 'model server outage', 'broker restart'];

describe('the soak fault schedule', () => {
  it('hits the worker in the first and last thirds', () => {
    expect(faultKindsAt(kinds, 0)).toEqual(kinds);
    expect(faultKindsAt(kinds, 0.7)).toEqual(kinds);
  });

  it('spares the worker in the middle third, so one worker lives long enough to judge its memory', () => {
    expect(faultKindsAt(kinds, 0.34)).toEqual(['model server outage', 'broker restart']);
    expect(faultKindsAt(kinds, 0.66)).toEqual(['model server outage', 'broker restart']);
  });
});
