import { intraOpThreadsPerSession, sessionOptions } from './session-options';

describe('session options', () => {
  it('leave one core for the HTTP event loop and share the rest between sessions', () => {
    expect(intraOpThreadsPerSession(1, 2)).toBe(1);
    expect(intraOpThreadsPerSession(1, 8)).toBe(7);
    expect(intraOpThreadsPerSession(2, 8)).toBe(3);
  });

  it('give every session at least one thread, however few the cores', () => {
    expect(intraOpThreadsPerSession(1, 1)).toBe(1);
    expect(intraOpThreadsPerSession(4, 2)).toBe(1);
  });

  it('keep ONNX Runtime threads from spinning while they wait for work', () => {
    expect(sessionOptions('cpu', 1).extra).toEqual({ session: { intra_op: { allow_spinning: '0' } } });
  });
});
