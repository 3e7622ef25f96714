import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A headline figure of a run, with its value in each repetition (the doc shows the median and range). */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly values: readonly number[];
  /** What the project aims for, in words (e.g. ">= 0.8"), when it has a target. */
  readonly target?: string;
}

/** A table as the bench printed it (medians over repetitions, typically). */
export interface ResultTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** One run of one bench: where and when it ran, how, and what it measured. */
export interface BenchResult {
  readonly bench: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The commit measured, and whether the working tree had uncommitted changes. */
  readonly commit: string;
  readonly dirty: boolean;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly platform: string;
    readonly arch: string;
  };
  readonly node: string;
  /** 1, 5 and 15 minute load averages: a busy machine reads lower. */
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly figures: readonly Figure[];
  readonly tables: readonly ResultTable[];
  /** Every measurement, for whoever wants more than the tables. */
  readonly raw?: unknown;
}

function git(repoRoot: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Starts the record of a run: the machine, the commit and the load before it. */
export function startRun(bench: string, repoRoot: string, settings: BenchResult['settings']) {
  const startedAt = new Date().toISOString();
  const before = os.loadavg().map((load) => Number(load.toFixed(2)));
  return {
    finish(measured: Pick<BenchResult, 'figures' | 'tables' | 'raw'>): BenchResult {
      return {
        bench,
        startedAt,
        finishedAt: new Date().toISOString(),
        commit: git(repoRoot, ['rev-parse', 'HEAD']) || 'unknown',
        // The recorded runs themselves are not what is measured.
        dirty:
          git(repoRoot, ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)docs/benchmarks']) !==
          '',
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model ?? 'unknown',
          memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
          platform: process.platform,
          arch: process.arch,
        },
        node: process.version,
        loadAverage: { before, after: os.loadavg().map((load) => Number(load.toFixed(2))) },
        settings,
        ...measured,
      };
    },
  };
}

/** Where results are kept: `docs/benchmarks/<bench>-<time>.json`, beside the page made from them. */
export function resultsDir(repoRoot: string): string {
  return path.join(repoRoot, 'docs', 'benchmarks');
}

/** Writes a run's record and returns its path. */
export function writeResult(result: BenchResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.bench}-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Rows of objects (what `console.table` takes) as a table with the keys as columns. */
export function tableOf(title: string, rows: readonly Readonly<Record<string, string | number>>[]): ResultTable {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return { title, columns, rows: rows.map((row) => columns.map((column) => row[column] ?? '')) };
}
