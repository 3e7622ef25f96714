import type { LagSample } from './timeline';

/** The worker's memory limit in the platform (infra/app/worker.ts). */
export const workerMemoryLimitMiB = 512;

export interface MemoryVerdict {
  peakMiB: number;
  /**
   * The worker process that ran longest: the highest memory it reached before the last fifth of its life, and
   * in that last fifth.
   */
  longest: { incarnation: number; seconds: number; earlyMiB: number; lateMiB: number } | undefined;
  /** Below the limit throughout, and the longest-lived worker did not keep growing. */
  bounded: boolean;
}

// What the last fifth of a life may add to the highest memory reached before it (allocator and heap noise).
const growthSlackMiB = 32;

/**
 * Judges the worker's resident memory over a run. Memory rises with the work in hand (a backlog after a model
 * outage) and V8 keeps what it grew, so a worker idle early and busy later is not a leak; a leak is memory that
 * keeps setting new highs: the longest-lived worker's highest sample in the last fifth of its life may exceed the
 * highest before it by at most 32 MiB.
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
    longest = { incarnation, seconds, earlyMiB: highestBetween(0, 0.8), lateMiB: highestBetween(0.8, 1) };
  }
  const growing = longest !== undefined && longest.lateMiB > longest.earlyMiB + growthSlackMiB;
  return { peakMiB, longest, bounded: peakMiB <= workerMemoryLimitMiB && !growing };
}
