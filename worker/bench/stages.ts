import { percentile } from '@category-match/bench-results';
import type { StageTimes } from '../src/processing/stage-times';

/** What the bench knows of one message: when it was sent, what its result carried, when readers saw it. */
export interface Observation {
  /** When the load generator handed the input to its producer. */
  readonly sentAt: number;
  /** The result record's timestamp: when the worker started producing it. */
  readonly producedAt: number;
  /**
   * The result's `x-stage-times` header (its `input` is the broker's append time: the bench's input topic uses
   * LogAppendTime); undefined from a worker that does not stamp it.
   */
  readonly times: StageTimes | undefined;
  /** When a read_uncommitted consumer got the result (it was appended). */
  readonly appendedAt: number | undefined;
  /** When a read_committed consumer got the result (its transaction's markers were written). */
  readonly committedAt: number;
}

/** The stages of end-to-end latency, in order; `total` is sent to visible to a read_committed consumer. */
export const benchStages = ['append', 'fetch', 'queued', 'model', 'waiting', 'produce', 'commit', 'total'] as const;
export type BenchStage = (typeof benchStages)[number];

export const stageMeaning: Readonly<Record<BenchStage, string>> = {
  append: 'produce of the input until the broker appended it',
  fetch: 'appended until the worker received it (fetch wait)',
  queued: 'received until its inference request was sent',
  model: 'inference request (HTTP, dynamic batching, inference)',
  waiting: 'answered until its transaction started (earlier transaction in flight)',
  produce: 'transaction started until the result was appended',
  commit: 'appended until visible to read_committed (offsets, commit, markers)',
  total: 'sent until visible to read_committed',
};

/**
 * One message's time in each stage, in milliseconds. Without the worker's `x-stage-times` header (a worker from
 * before it, or an input without an append time) only `total` is known.
 */
export function stagesOf(observation: Observation): Partial<Record<BenchStage, number>> {
  const { sentAt, producedAt, times, appendedAt, committedAt } = observation;
  const total = committedAt - sentAt;
  if (times?.input === undefined) return { total };
  const appended = appendedAt ?? committedAt;
  return {
    append: times.input - sentAt,
    fetch: times.received - times.input,
    queued: times.sent - times.received,
    model: times.answered - times.sent,
    waiting: producedAt - times.answered,
    produce: appended - producedAt,
    commit: committedAt - appended,
    total,
  };
}

export interface StageSummary {
  readonly stage: BenchStage;
  readonly p50: number;
  readonly p99: number;
}

/** p50 and p99 of every stage over the observations (each stage on its own: the p50s do not add up to the total's). */
export function summariseStages(observations: readonly Observation[]): StageSummary[] {
  const durations = observations.map(stagesOf);
  return benchStages.map((stage) => {
    const values = durations.flatMap((entry) => (entry[stage] === undefined ? [] : [entry[stage]]));
    return { stage, p50: percentile(values, 0.5), p99: percentile(values, 0.99) };
  });
}
