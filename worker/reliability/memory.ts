import type { LagSample } from './timeline';

/** The worker's memory limit in the platform (infra/app/worker.ts). */
export const workerMemoryLimitMiB = 512;

export interface MemoryVerdict {
  peakMiB: number;
  /** The worker process that ran longest: its memory early in its life and at its end. */
  longest: { incarnation: number; seconds: number; earlyMiB: number; lateMiB: number } | undefined;
  /** Below the limit throughout, and the longest-lived worker did not keep growing. */
  bounded: boolean;
}

/**
 * Judges the worker's resident memory over a run. A leak shows as a process whose memory keeps rising: the longest
 * one's highest sample in the last fifth of its life may exceed the highest of its second fifth (after warm-up) by
 * half plus 32 MiB at most.
 */
export function judgeMemory(samples: readonly LagSample[]): MemoryVerdict {
  const byWorker = new Map<number, { at: number; rssMiB: number }[]>();
  for (const { at, worker } of samples) {
    if (worker === undefined) continue;
    const series = byWorker.get(worker.incarnation) ?? [];
    series.push({ at, rssMiB: worker.rssMiB });
    byWorker.set(worker.incarnation, series);
  }
  const peakMiB = Math.max(0, ...samples.map(({ worker }) => worker?.rssMiB ?? 0));
  let longest: MemoryVerdict['longest'];
  for (const [incarnation, series] of byWorker) {
    const first = series[0]?.at ?? 0;
    const seconds = (series.at(-1)?.at ?? first) - first;
    if (longest !== undefined && seconds <= longest.seconds) continue;
    const highestBetween = (from: number, to: number) =>
      Math.max(
        0,
        ...series
          .filter(({ at }) => at >= first + from * seconds && at <= first + to * seconds)
          .map(({ rssMiB }) => rssMiB),
      );
    longest = { incarnation, seconds, earlyMiB: highestBetween(0.2, 0.4), lateMiB: highestBetween(0.8, 1) };
  }
  const growing = longest !== undefined && longest.lateMiB > longest.earlyMiB * 1.5 + 32;
  return { peakMiB, longest, bounded: peakMiB <= workerMemoryLimitMiB && !growing };
}
