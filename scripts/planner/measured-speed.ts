import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { median } from '@category-match/bench-results';
import { shownPath } from './repository';

/** What the planner takes from a worker bench run (`npx category-match bench worker`). */
export interface MeasuredSpeed {
  /** The bench file, relative to the repository when inside it. */
  readonly source: string;
  readonly measuredAt: string;
  /** `cpu` or `cuda`: which the model server ran on. */
  readonly executionProvider: string;
  readonly machine: string;
  /** Titles per inference request (the worker's batch). */
  readonly titlesPerRequest: number;
  /** Items per second of one model server at `requestsInFlight` requests of `titlesPerRequest` titles. */
  readonly itemsPerSecondPerReplica: number;
  readonly requestsInFlight: number;
  /** Messages per second one worker passes through at most (the backlog drained). */
  readonly workerMessagesPerSecond: number;
  /** End-to-end p50 at 10 % load: a message's trip when nothing queues. */
  readonly baseLatencySeconds: number;
}

const benchFile = z.object({
  bench: z.literal('worker'),
  startedAt: z.string(),
  machine: z.object({ cpus: z.number(), cpuModel: z.string() }),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  figures: z.array(z.object({ name: z.string(), values: z.array(z.number()) })),
  tables: z.array(z.object({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.unknown())) })),
});

/**
 * The newest worker bench result in `dir`: files are named `<bench>-<start time>.json`, so the worker bench's are
 * `worker-` and a year, and the last sorts newest.
 */
export function newestWorkerBench(dir: string): string {
  const files = readdirSync(dir)
    .filter((file) => /^worker-\d{4}-.*\.json$/.test(file))
    .sort();
  const newest = files.at(-1);
  if (newest === undefined) {
    throw new Error(`no worker bench result in ${dir}: run npx category-match bench worker, or pass --bench <file>`);
  }
  return path.join(dir, newest);
}

/**
 * Reads the speeds the planner needs from a worker bench result: the model server alone at the worker's request
 * shape (the most requests in flight one replica accepts: containerConcurrency, 0 meaning no limit), and the
 * worker's maximum throughput and unloaded latency for the stack's delivery guarantee.
 */
export function readMeasuredSpeed(
  file: string,
  options: { readonly containerConcurrency: number; readonly delivery: string },
): MeasuredSpeed {
  const parsed = benchFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a worker bench result: ${parsed.error.issues[0]?.message}`);
  const run = parsed.data;
  const problem = (what: string) => new Error(`${file}: ${what}; run npx category-match bench worker for a new one`);
  const alone = run.tables.find((table) => table.title.startsWith('model server alone'));
  if (alone === undefined) throw problem('no "model server alone" table');
  const rows = alone.rows
    .map(([inFlight, items]) => ({ inFlight: Number(inFlight), items: Number(items) }))
    .filter((row) => Number.isFinite(row.inFlight) && Number.isFinite(row.items))
    .sort((a, b) => a.inFlight - b.inFlight);
  const limit = options.containerConcurrency === 0 ? Number.POSITIVE_INFINITY : options.containerConcurrency;
  const chosen = rows.filter((row) => row.inFlight <= limit).at(-1) ?? rows[0];
  if (chosen === undefined) throw problem('an empty "model server alone" table');
  const figure = (prefix: string) => {
    const found = run.figures.find((candidate) => candidate.name.startsWith(`${options.delivery}: ${prefix}`));
    if (found === undefined) throw problem(`no figure "${options.delivery}: ${prefix}…"`);
    return median(found.values);
  };
  const titles = run.settings['batch size'];
  return {
    source: shownPath(file),
    measuredAt: run.startedAt,
    executionProvider: String(run.settings['execution provider'] ?? 'cpu'),
    machine: `${run.machine.cpus} × ${run.machine.cpuModel}`,
    titlesPerRequest: typeof titles === 'number' ? titles : Number(titles),
    itemsPerSecondPerReplica: chosen.items,
    requestsInFlight: chosen.inFlight,
    workerMessagesPerSecond: figure('maximum throughput'),
    baseLatencySeconds: figure('end-to-end p50 at 10 %') / 1000,
  };
}
