import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadRelease } from '../../stacks/release';
import { readStackFiles } from '../../stacks/render';
import { lineChartSvg, type LineChart } from './charts';
import { coldStartChain, coldStartKeys } from './cold-start';
import { newestWorkerBench, readMeasuredSpeed } from './measured-speed';
import { plan, type Plan, type PlanInputs } from './plan';
import { defaultPriceFile, nodePrice, readPriceTable } from './prices';
import { reportMarkdown } from './report';
import { repoRoot, shownPath } from './repository';
import { stackSettings } from './stack-settings';
import { arrivalsPerSecond, readTrafficProfile } from './traffic-profile';

export const usage = `usage: npm run plan -- --stack <stack> --traffic <file> [--out <dir>] [options]

Forecasts what a day of traffic costs on a stack's GPUs and what its autoscaling does to latency: GPU hours,
cost (on-demand and spot), cost per 1,000 classifications, idle spend, cold starts and end-to-end latency, for the
stack as configured and its alternatives side by side, with a recommendation.

  --stack <stack>              the stack whose Pulumi.<stack>.yaml and release.yaml are planned (a GKE stack)
  --traffic <file>             CSV "time,messages_per_second" or JSON [{"time", "messagesPerSecond"}]; a rate holds
                               until the next row, the last row ends the profile (scripts/planner/profiles/)
  --out <dir>                  also write plan.json, report.md and the charts there (SVG: traffic, replicas,
                               GPU nodes, lag and latency over the profile for each alternative)
  --bench <file>               worker bench result to take speeds from (default: the newest in docs/benchmarks)
  --cold-start <stage=s,...>   override cold-start stages (${coldStartKeys.join(', ')}), e.g. node=120,image=20
  --prices <file>              price table (default scripts/planner/data/gpu-prices.yaml)
  --latency-objective <s>      p99 end-to-end latency an alternative must meet to be recommended (default 60)`;

/** The command line itself is wrong (exit 2 with the usage), as opposed to what it names (exit 1). */
class UsageError extends Error {}

/** Where the user typed the command: relative paths they give are read from there. */
const userPath = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

function positiveNumber(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${option}: "${text}" is not a positive number of seconds`);
  }
  return value;
}

/** Reads every input the plan needs, each from its one source; throws naming the first problem. */
export function planInputs(argv: readonly string[]): { inputs: PlanInputs; out: string | undefined } {
  const options = {
    args: [...argv],
    options: {
      stack: { type: 'string' },
      traffic: { type: 'string' },
      out: { type: 'string' },
      bench: { type: 'string' },
      'cold-start': { type: 'string' },
      prices: { type: 'string' },
      'latency-objective': { type: 'string' },
    },
  } as const;
  let values: ReturnType<typeof parseArgs<typeof options>>['values'];
  try {
    ({ values } = parseArgs(options));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.stack === undefined || values.traffic === undefined)
    throw new UsageError('--stack and --traffic are required');
  const { config } = readStackFiles(values.stack, repoRoot);
  const stack = stackSettings(config, loadRelease(values.stack, repoRoot));
  const benchFile =
    values.bench === undefined ? newestWorkerBench(path.join(repoRoot, 'docs', 'benchmarks')) : userPath(values.bench);
  const speed = readMeasuredSpeed(benchFile, {
    containerConcurrency: stack.modelApi.containerConcurrency,
    delivery: stack.worker.delivery,
  });
  const priceFile = values.prices === undefined ? defaultPriceFile : userPath(values.prices);
  const price = nodePrice(
    readPriceTable(priceFile),
    {
      region: stack.region,
      machineType: stack.gpuMachineType,
      accelerator: stack.gpuAcceleratorType,
      count: stack.gpuAcceleratorCount,
    },
    shownPath(priceFile),
  );
  const trafficFile = userPath(values.traffic);
  const profile = readTrafficProfile(trafficFile);
  return {
    inputs: {
      stack,
      speed,
      coldStart: coldStartChain(values['cold-start']),
      price,
      profile: { file: shownPath(trafficFile), durationSeconds: profile.durationSeconds },
      arrivals: arrivalsPerSecond(profile),
      latencyObjectiveSeconds: positiveNumber('--latency-objective', values['latency-objective'], 60),
    },
    out: values.out === undefined ? undefined : userPath(values.out),
  };
}

/** The charts of a plan: traffic, then replicas, lag and latency over the profile for each alternative. */
export function planCharts(result: Plan): Map<string, LineChart> {
  const first = result.series[0];
  if (first === undefined) return new Map();
  const lines = (pick: (series: Plan['series'][number]) => readonly (number | null)[]) =>
    result.series.map((series) => ({ name: series.name, values: pick(series) }));
  const chart = (title: string, yLabel: string, chartLines: LineChart['lines'], scale: Partial<LineChart> = {}) => ({
    title,
    yLabel,
    bucketSeconds: first.bucketSeconds,
    lines: chartLines,
    ...scale,
  });
  return new Map<string, LineChart>([
    [
      'traffic.svg',
      chart('Traffic: messages per second arriving', 'messages/s', [
        { name: 'arrivals', values: first.arrivalsPerSecond },
      ]),
    ],
    [
      'replicas.svg',
      chart(
        'Model API replicas ready',
        'replicas',
        lines((series) => series.readyReplicas),
        { integers: true },
      ),
    ],
    [
      'gpu-nodes.svg',
      chart(
        'GPU nodes billed (starting, serving, or idle until removed)',
        'nodes',
        lines((series) => series.gpuNodes),
        { integers: true },
      ),
    ],
    [
      'lag.svg',
      chart(
        'Kafka lag: messages waiting',
        'messages',
        lines((series) => series.lag),
        { integers: true },
      ),
    ],
    [
      'latency.svg',
      chart(
        'End-to-end latency of the slowest message arriving (log scale)',
        'seconds',
        lines((series) => series.worstLatencySeconds),
        { logScale: true },
      ),
    ],
  ]);
}

/** Indented JSON with each array of numbers on one line: the series stay readable and the file small. */
export function readableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /\[(\s*(?:-?[\d.e+-]+|null)(?:,\s*(?:-?[\d.e+-]+|null))*\s*)\]/g,
    (_, items: string) => `[${items.trim().split(/,\s*/).join(', ')}]`,
  );
}

/** Writes plan.json, report.md and the charts to `out`; returns the files written. */
export function writePlan(out: string, inputs: PlanInputs, result: Plan): string[] {
  mkdirSync(out, { recursive: true });
  const charts = planCharts(result);
  const files = new Map<string, string>([
    ['plan.json', `${readableJson({ inputs: { ...inputs, arrivals: undefined }, ...result })}\n`],
    ['report.md', reportMarkdown(inputs, result, [...charts.keys()])],
    ...[...charts].map(([file, chart]): [string, string] => [file, lineChartSvg(chart)]),
  ]);
  for (const [file, text] of files) writeFileSync(path.join(out, file), text);
  return [...files.keys()].map((file) => path.join(out, file));
}

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  let parsed: ReturnType<typeof planInputs>;
  try {
    parsed = planInputs(argv);
  } catch (error) {
    const message = `plan: ${error instanceof Error ? error.message : String(error)}`;
    console.error(error instanceof UsageError ? `${message}\n\n${usage}` : message);
    return error instanceof UsageError ? 2 : 1;
  }
  const { inputs, out } = parsed;
  const result = plan(inputs);
  if (out === undefined) {
    console.log(reportMarkdown(inputs, result, []));
    console.log('(--out <dir> also writes plan.json and the charts)');
    return 0;
  }
  const written = writePlan(out, inputs, result);
  console.log(reportMarkdown(inputs, result, []));
  console.log(`Written: ${written.map(shownPath).join(', ')}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
