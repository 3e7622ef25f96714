import { ArrivalCounter } from './arrivals';

describe('ArrivalCounter', () => {
  it('counts each request once, however often it is started or finished', () => {
    const counter = new ArrivalCounter();
    const a = {};
    const b = {};
    counter.start(a);
    counter.start(a);
    counter.start(b);
    expect(counter.receivingNow).toBe(2);
    counter.finish(a);
    counter.finish(a);
    expect(counter.receivingNow).toBe(1);
    counter.finish(b);
    expect(counter.receivingNow).toBe(0);
  });
});
