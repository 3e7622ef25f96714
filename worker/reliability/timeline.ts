export interface TimelineEvent {
  /** Seconds since the run began. */
  at: number;
  what: string;
}

export interface LagSample {
  at: number;
  /** Input records not yet committed by the group; undefined while Kafka did not answer. */
  lag: number | undefined;
  /** The worker's resident memory in MiB and which start of the worker it was; undefined while none answered. */
  worker: { incarnation: number; rssMiB: number } | undefined;
}

/** What happened when during a run: faults as events, lag and worker memory sampled every second. */
export class Timeline {
  readonly events: TimelineEvent[] = [];
  readonly samples: LagSample[] = [];
  private readonly startedAt = Date.now();

  constructor(private readonly print: (line: string) => void) {}

  now(): number {
    return Math.round((Date.now() - this.startedAt) / 100) / 10;
  }

  event(what: string): void {
    const event = { at: this.now(), what };
    this.events.push(event);
    this.print(`${event.at.toFixed(1).padStart(7)} s  ${what}`);
  }

  sample(lag: number | undefined, worker: LagSample['worker']): void {
    this.samples.push({ at: this.now(), lag, worker });
  }
}

/** Samples lag and memory every second until the returned function is called. */
export function sampleEverySecond(
  timeline: Timeline,
  lag: () => Promise<number | undefined>,
  workerMemory: () => Promise<{ incarnation: number; rssBytes: number } | undefined>,
): () => Promise<void> {
  let running = true;
  const done = (async () => {
    while (running) {
      const [lagNow, memory] = await Promise.all([lag(), workerMemory()]);
      const worker =
        memory === undefined
          ? undefined
          : { incarnation: memory.incarnation, rssMiB: Math.round(memory.rssBytes / 2 ** 20) };
      timeline.sample(lagNow, worker);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

const bars = ' ▁▂▃▄▅▆▇█';

/**
 * The lag over the run as one line of block characters per `width` columns (the highest sample of each column;
 * `?` where Kafka did not answer), with the fault events marked under it.
 */
export function lagChart(timeline: Timeline, width = 100): string[] {
  const { samples, events } = timeline;
  const end = Math.max(1, samples.at(-1)?.at ?? 1);
  const columns = Array.from({ length: width }, (): number | undefined => undefined);
  const answered = Array.from({ length: width }, () => false);
  const column = (at: number) => Math.min(width - 1, Math.floor((at / end) * width));
  for (const { at, lag } of samples) {
    const index = column(at);
    if (lag === undefined) continue;
    answered[index] = true;
    columns[index] = Math.max(columns[index] ?? 0, lag);
  }
  const peak = Math.max(1, ...columns.map((value) => value ?? 0));
  const line = columns
    .map((value, index) =>
      !answered[index] ? '?' : (bars[Math.round(((value ?? 0) / peak) * (bars.length - 1))] ?? ' '),
    )
    .join('');
  const marks = Array.from({ length: width }, () => ' ');
  for (const { at } of events) marks[column(at)] = '^';
  return [
    `lag (input records not committed), peak ${peak}, over ${end.toFixed(0)} s:`,
    `|${line}|`,
    `|${marks.join('')}| ^ = fault or recovery event`,
  ];
}
