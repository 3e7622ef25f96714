import type { DeliveryTimes, StageTimes } from '../processing/stage-times';
import type { WorkerMetrics, WorkerStage } from './metrics';

/** Each stage's duration for one record, in milliseconds; `fetch` only when the input record had a timestamp. */
export function stageDurations(times: StageTimes, delivery: DeliveryTimes): Partial<Record<WorkerStage, number>> {
  return {
    ...(times.input === undefined ? {} : { fetch: times.received - times.input }),
    queued: times.sent - times.received,
    model: times.answered - times.sent,
    waiting: delivery.started - times.answered,
    produce: delivery.produced - delivery.started,
    commit: delivery.committed - delivery.produced,
  };
}

/** Observes every delivered result's stages and its end-to-end time. */
export function recordStages(metrics: WorkerMetrics, stageTimes: StageTimes[], delivery: DeliveryTimes): void {
  const children = new Map<WorkerStage, ReturnType<typeof metrics.stageSeconds.labels>>();
  const child = (stage: WorkerStage) => {
    let found = children.get(stage);
    if (found === undefined) {
      found = metrics.stageSeconds.labels(stage);
      children.set(stage, found);
    }
    return found;
  };
  for (const times of stageTimes) {
    for (const [stage, ms] of Object.entries(stageDurations(times, delivery)) as [WorkerStage, number][]) {
      child(stage).observe(Math.max(0, ms) / 1000);
    }
    if (times.input !== undefined)
      metrics.endToEndSeconds.observe(Math.max(0, delivery.committed - times.input) / 1000);
  }
}
