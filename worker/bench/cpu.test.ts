import { cpuSeconds } from './cpu';

describe('CPU metering of the bench', () => {
  it('reads this process through /proc the same as through process.cpuUsage', () => {
    const fromProc = cpuSeconds(process.pid);
    const fromNode = cpuSeconds('self');
    expect(Math.abs(fromProc - fromNode)).toBeLessThan(0.5);
  });
});
