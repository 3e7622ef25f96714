import { readFileSync } from 'node:fs';

// /proc reports CPU time in USER_HZ ticks, which the Linux ABI fixes at 100 per second.
const ticksPerSecond = 100;

/** CPU seconds (user and system, all threads) a process has used so far; `self` is this process. */
export function cpuSeconds(pid: number | 'self'): number {
  if (pid === 'self') {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond;
}

/** Cores each process kept busy between `start` and `stop` (CPU seconds per wall-clock second). */
export function meterCpu(processes: Readonly<Record<string, number | 'self'>>) {
  const startedAt = Date.now();
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return {
    stop(): Record<string, number> {
      const seconds = (Date.now() - startedAt) / 1000;
      return Object.fromEntries(
        Object.entries(processes).map(([name, pid]) => [name, (cpuSeconds(pid) - (before[name] ?? 0)) / seconds]),
      );
    },
  };
}
