import { markdownTable } from '@category-match/bench-results';
import { duration } from './duration';
import type { AlternativeFigures, Plan, PlanInputs } from './plan';

const grouped = (value: number) => Math.round(value).toLocaleString('en-US');
const dollars = (value: number, digits = 2) => (Number.isFinite(value) ? `$${value.toFixed(digits)}` : '–');

function alternativeRow(row: AlternativeFigures): string[] {
  return [
    `${row.alternative.name}${row.alternative.configured ? ' (as configured)' : ''}`,
    row.gpuHours.toFixed(2),
    dollars(row.cost),
    dollars(row.costPer1000Classifications, 4),
    `${row.idleGpuHours.toFixed(2)} (${dollars(row.idleCost)})`,
    String(row.coldStarts),
    grouped(row.messagesDelayedByColdStarts),
    duration(row.latencySeconds.p50),
    duration(row.latencySeconds.p99),
    duration(row.latencySeconds.max),
    row.meetsObjective ? 'yes' : 'no',
  ];
}

/** The inputs the plan ran with, each with where it came from. */
export function inputLines(inputs: PlanInputs, result: Plan): string[] {
  const { stack, speed, price } = inputs;
  const { modelApi, worker } = stack;
  const messages = inputs.arrivals.reduce((sum, count) => sum + count, 0);
  const stages = inputs.coldStart.map((stage) => `${stage.key} ${stage.seconds} s`).join(', ');
  return [
    `- **Stack** ${stack.stack} (Pulumi.${stack.stack}.yaml, stacks/${stack.stack}/release.yaml): ${stack.region}, ${stack.gpuMachineType} with ${stack.gpuAcceleratorCount} × ${stack.gpuAcceleratorType}, ${stack.gpuSpot ? 'spot' : 'on-demand'}, at most ${stack.gpuMaxNodes} GPU node${stack.gpuMaxNodes === 1 ? '' : 's'}.`,
    `- **Traffic** ${inputs.profile.file}: ${duration(inputs.profile.durationSeconds)}, ${grouped(messages)} messages.`,
    `- **Model API** (Knative): ${modelApi.minReplicas}–${result.settings.modelApiMaxReplicas} replicas, scale to zero ${modelApi.scaleToZero ? 'on' : 'off'}, ${modelApi.scaleMetric} target ${modelApi.scaleTarget}, container concurrency ${modelApi.containerConcurrency}, timeout ${modelApi.timeoutSeconds} s, stable window ${modelApi.stableWindowSeconds} s, scale-down delay ${modelApi.scaleDownDelaySeconds} s; Knative defaults: panic window ${result.settings.panicWindowSeconds} s at ${result.settings.panicThreshold * 100} %, target utilisation ${result.settings.targetUtilization * 100} %.`,
    `- **Worker** (KEDA): ${worker.minReplicas}–${worker.maxReplicas} replicas on ${worker.partitions} partitions, a replica per ${worker.lagThreshold} messages of lag, read every ${worker.pollingSeconds} s, ${worker.delivery}, ${worker.maxBatchSize} titles per request.`,
    `- **Measured speed** (${speed.source}, ${speed.measuredAt.slice(0, 10)}): ${grouped(speed.itemsPerSecondPerReplica)} items/s per model API replica on **${speed.executionProvider === 'cpu' ? 'CPU' : `GPU (${speed.executionProvider})`}** (${speed.machine}; ${speed.requestsInFlight} requests of ${speed.titlesPerRequest} titles in flight), ${grouped(speed.workerMessagesPerSecond)} messages/s per worker, ${duration(speed.baseLatencySeconds)} end to end unloaded (p50 at 10 % load).`,
    `- **Cold start**: ${result.settings.nodeStartSeconds + result.settings.podStartSeconds} s on a new GPU node (${stages}); ${result.settings.podStartSeconds} s on a node that has the image. Idle nodes go after ${result.settings.nodeUnneededSeconds / 60} min (cluster autoscaler default).`,
    `- **Prices** as of ${price.asOf}: ${dollars(price.onDemandPerHour, 4)}/h on-demand, ${dollars(price.spotPerHour, 4)}/h spot per GPU node (${price.sources.join(', ')}).`,
  ];
}

export const alternativeColumns = [
  'alternative',
  'GPU hours',
  'cost',
  'per 1,000',
  'idle GPU h (cost)',
  'cold starts',
  'msgs in cold starts',
  'p50',
  'p99',
  'max',
  'meets objective',
];

/** The report as Markdown: inputs, the alternatives side by side, the recommendation and notes. */
export function reportMarkdown(inputs: PlanInputs, result: Plan, charts: readonly string[]): string {
  return [
    `## Cost plan: stack ${inputs.stack.stack}, ${inputs.profile.file}`,
    '',
    ...inputLines(inputs, result),
    '',
    `End-to-end latency objective: p99 ≤ ${inputs.latencyObjectiveSeconds} s.`,
    '',
    markdownTable(alternativeColumns, result.alternatives.map(alternativeRow)),
    '',
    `**Recommendation:** ${result.recommendation.name}: ${result.recommendation.reason}`,
    ...(result.notes.length === 0 ? [] : ['', ...result.notes.map((note) => `- ${note}`)]),
    ...(charts.length === 0 ? [] : ['', ...charts.map((chart) => `![${chart}](${chart})`)]),
    '',
  ].join('\n');
}
