import { alternativesOf, type Alternative } from './alternatives';
import { startDelays, type ColdStartStage } from './cold-start';
import type { MeasuredSpeed } from './measured-speed';
import type { NodePrice } from './prices';
import { latencyPercentile, simulate, type Simulation, type SimulationInputs } from './simulation';
import { duration } from './duration';
import { knativeDefaults, type StackSettings } from './stack-settings';

/** The cluster autoscaler removes a node unneeded this long (its documented default, --scale-down-unneeded-time). */
export const nodeUnneededSeconds = 600;

export interface PlanInputs {
  readonly stack: StackSettings;
  readonly speed: MeasuredSpeed;
  readonly coldStart: readonly ColdStartStage[];
  readonly price: NodePrice;
  readonly profile: { readonly file: string; readonly durationSeconds: number };
  /** Whole messages arriving in each second of the profile. */
  readonly arrivals: readonly number[];
  /** The p99 end-to-end latency an alternative must meet to be recommended. */
  readonly latencyObjectiveSeconds: number;
}

export interface LatencyFigures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** The figures of one alternative over the whole profile. */
export interface AlternativeFigures {
  readonly alternative: Alternative;
  readonly gpuHours: number;
  readonly cost: number;
  readonly costPer1000Classifications: number;
  /** GPU node-hours in seconds where nothing was classified, and what they cost. */
  readonly idleGpuHours: number;
  readonly idleCost: number;
  readonly classifications: number;
  /** Messages still waiting when the profile ends. */
  readonly unserved: number;
  readonly coldStarts: number;
  readonly messagesDelayedByColdStarts: number;
  readonly latencySeconds: LatencyFigures;
  readonly peakLag: number;
  readonly peakReadyReplicas: number;
  readonly meetsObjective: boolean;
}

/** One alternative's course over the profile, a point per bucket (at most ~1,440 points). */
export interface Series {
  readonly name: string;
  readonly bucketSeconds: number;
  /** Most replicas ready in the bucket. */
  readonly readyReplicas: number[];
  /** Most GPU nodes billed in the bucket (ready, starting or idle before removal). */
  readonly gpuNodes: number[];
  /** Most messages waiting in the bucket. */
  readonly lag: number[];
  /** Slowest message that arrived in the bucket, seconds (null: none arrived). */
  readonly worstLatencySeconds: (number | null)[];
  /** Messages per second arriving, averaged over the bucket. */
  readonly arrivalsPerSecond: number[];
}

export interface Recommendation {
  readonly name: string;
  readonly reason: string;
}

export interface Plan {
  readonly settings: SimulationSettingsReport;
  readonly alternatives: AlternativeFigures[];
  readonly series: Series[];
  readonly recommendation: Recommendation;
  readonly notes: string[];
}

/** The simulation's settings as reported: every number the chain ran with. */
export interface SimulationSettingsReport {
  readonly panicWindowSeconds: number;
  readonly panicThreshold: number;
  readonly targetUtilization: number;
  readonly nodeStartSeconds: number;
  readonly podStartSeconds: number;
  readonly nodeUnneededSeconds: number;
  readonly modelApiMaxReplicas: number;
}

const hours = (seconds: number) => seconds / 3600;

/** What the simulation runs for one alternative of the stack. */
export function simulationInputs(inputs: PlanInputs, alternative: Alternative): SimulationInputs {
  const { stack, speed } = inputs;
  return {
    arrivals: inputs.arrivals,
    worker: {
      minReplicas: stack.worker.minReplicas,
      maxReplicas: stack.worker.maxReplicas,
      lagThreshold: stack.worker.lagThreshold,
      pollingSeconds: stack.worker.pollingSeconds,
      messagesPerSecondPerReplica: speed.workerMessagesPerSecond,
    },
    modelApi: {
      minReplicas: alternative.minReplicas,
      // Each predictor takes a whole GPU node: the pool's size caps the replicas too.
      maxReplicas: Math.min(stack.modelApi.maxReplicas, stack.gpuMaxNodes),
      itemsPerSecondPerReplica: speed.itemsPerSecondPerReplica,
      targetUtilization: knativeDefaults.targetUtilizationPercentage / 100,
      stableWindowSeconds: stack.modelApi.stableWindowSeconds,
      panicWindowSeconds: Math.max(
        1,
        Math.round((stack.modelApi.stableWindowSeconds * knativeDefaults.panicWindowPercentage) / 100),
      ),
      panicThreshold: knativeDefaults.panicThresholdPercentage / 100,
      scaleDownDelaySeconds: alternative.scaleDownDelaySeconds,
    },
    gpu: { ...startDelays(inputs.coldStart), nodeIdleSeconds: nodeUnneededSeconds },
    baseLatencySeconds: speed.baseLatencySeconds,
    // A day profile starting with traffic continues the day before: its replica is up.
    warmAtStart: (inputs.arrivals[0] ?? 0) > 0,
  };
}

/** Three decimals are more than a chart or a reader needs, and keep plan.json small. */
const rounded = (value: number) => Math.round(value * 1000) / 1000;

function seriesOf(name: string, run: Simulation, arrivals: readonly number[]): Series {
  const bucketSeconds = Math.max(1, Math.ceil(arrivals.length / 1440));
  const buckets = Math.ceil(arrivals.length / bucketSeconds);
  const slice = <T>(values: readonly T[], index: number) =>
    values.slice(index * bucketSeconds, (index + 1) * bucketSeconds);
  const indexes = Array.from({ length: buckets }, (_, index) => index);
  const peaks = (pick: (step: Simulation['steps'][number]) => number) =>
    indexes.map((index) => rounded(Math.max(...slice(run.steps, index).map(pick))));
  return {
    name,
    bucketSeconds,
    readyReplicas: peaks((step) => step.readyReplicas),
    gpuNodes: peaks((step) => step.nodes),
    lag: peaks((step) => step.lag),
    worstLatencySeconds: indexes.map((index) => {
      const served = slice(run.latency.worstBySecond, index).filter((latency) => !Number.isNaN(latency));
      return served.length === 0 ? null : rounded(Math.max(...served));
    }),
    arrivalsPerSecond: indexes.map((index) => {
      const window = slice(arrivals, index);
      return rounded(window.reduce((sum, count) => sum + count, 0) / window.length);
    }),
  };
}

function figuresOf(alternative: Alternative, run: Simulation, price: NodePrice, objective: number): AlternativeFigures {
  const perHour = alternative.spot ? price.spotPerHour : price.onDemandPerHour;
  const classifications = run.steps.reduce((sum, step) => sum + step.served, 0);
  const latencySeconds = {
    p50: latencyPercentile(run.latency, 0.5),
    p95: latencyPercentile(run.latency, 0.95),
    p99: latencyPercentile(run.latency, 0.99),
    max: run.latency.counts.at(-1)?.[0] ?? Number.NaN,
  };
  const cost = hours(run.gpuSeconds) * perHour;
  return {
    alternative,
    gpuHours: hours(run.gpuSeconds),
    cost,
    costPer1000Classifications: classifications === 0 ? Number.NaN : (cost / classifications) * 1000,
    idleGpuHours: hours(run.idleGpuSeconds),
    idleCost: hours(run.idleGpuSeconds) * perHour,
    classifications,
    unserved: run.latency.unserved,
    coldStarts: run.coldStarts,
    messagesDelayedByColdStarts: run.messagesDuringColdStarts,
    latencySeconds,
    // reduce, not Math.max(...): a week of seconds is more arguments than a call takes.
    peakLag: run.steps.reduce((peak, step) => Math.max(peak, step.lag), 0),
    peakReadyReplicas: run.steps.reduce((peak, step) => Math.max(peak, step.readyReplicas), 0),
    meetsObjective: run.latency.unserved === 0 && latencySeconds.p99 <= objective,
  };
}

const money = (value: number) => `$${value.toFixed(2)}`;

/** The cheapest alternative meeting the latency objective; if none does, the fastest. */
export function recommend(figures: readonly AlternativeFigures[], objective: number): Recommendation {
  const byCost = [...figures].sort((a, b) => a.cost - b.cost);
  const meeting = byCost.filter((row) => row.meetsObjective);
  const spotNote = (row: AlternativeFigures) =>
    row.alternative.spot
      ? ' Spot GPUs can be taken back at any time; each preemption is a cold start this plan does not count.'
      : '';
  const best = meeting[0];
  if (best !== undefined) {
    const cheapest = byCost[0];
    const cheaper =
      cheapest !== undefined && cheapest !== best
        ? ` The cheapest, ${cheapest.alternative.name} (${money(cheapest.cost)}), misses it: p99 ${duration(cheapest.latencySeconds.p99)}.`
        : '';
    return {
      name: best.alternative.name,
      reason: `the cheapest (${money(best.cost)}) whose p99 end-to-end latency (${duration(best.latencySeconds.p99)}) meets the ${objective} s objective.${cheaper}${spotNote(best)}`,
    };
  }
  const fastest = [...figures].sort((a, b) => a.latencySeconds.p99 - b.latencySeconds.p99 || a.cost - b.cost)[0];
  if (fastest === undefined) throw new Error('no alternatives to compare');
  return {
    name: fastest.alternative.name,
    reason: `no alternative meets the ${objective} s p99 objective; this one comes closest (p99 ${duration(fastest.latencySeconds.p99)}, ${money(fastest.cost)}).${spotNote(fastest)}`,
  };
}

/** Simulates each alternative of the stack over the profile and compares them. */
export function plan(inputs: PlanInputs): Plan {
  const alternatives = alternativesOf(inputs.stack);
  // Spot and on-demand differ only in price: each shape is simulated once.
  const runs = new Map<string, Simulation>();
  const shapeKey = (alternative: Alternative) => `${alternative.minReplicas}/${alternative.scaleDownDelaySeconds}`;
  const series: Series[] = [];
  for (const alternative of alternatives) {
    const key = shapeKey(alternative);
    if (runs.has(key)) continue;
    const run = simulate(simulationInputs(inputs, alternative));
    runs.set(key, run);
    series.push(seriesOf(alternative.name.replace(/, (spot|on-demand)$/, ''), run, inputs.arrivals));
  }
  const figures = alternatives.map((alternative) => {
    const run = runs.get(shapeKey(alternative));
    if (run === undefined) throw new Error(`no simulation for ${alternative.name}`);
    return figuresOf(alternative, run, inputs.price, inputs.latencyObjectiveSeconds);
  });
  const sample = alternatives[0];
  const settings = simulationInputs(
    inputs,
    sample ?? { minReplicas: 0, scaleDownDelaySeconds: 0, spot: false, name: '', configured: true },
  );
  const coldStartSeconds = settings.gpu.nodeStartSeconds + settings.gpu.podStartSeconds;
  const notes = [
    ...(coldStartSeconds + 1 > inputs.stack.modelApi.timeoutSeconds
      ? [
          `A cold start (${coldStartSeconds} s) outlasts category-match:modelApiTimeoutSeconds (${inputs.stack.modelApi.timeoutSeconds} s): requests waiting for it fail and the worker retries them.`,
        ]
      : []),
    ...(inputs.speed.executionProvider === 'cpu'
      ? [
          `Items per second per replica were measured on CPU (${inputs.speed.machine}); no GPU measurement exists yet. A GPU replica classifies faster, so replicas, and with several replicas GPU hours, are an upper bound.`,
        ]
      : []),
  ];
  return {
    settings: {
      panicWindowSeconds: settings.modelApi.panicWindowSeconds,
      panicThreshold: settings.modelApi.panicThreshold,
      targetUtilization: settings.modelApi.targetUtilization,
      nodeStartSeconds: settings.gpu.nodeStartSeconds,
      podStartSeconds: settings.gpu.podStartSeconds,
      nodeUnneededSeconds,
      modelApiMaxReplicas: settings.modelApi.maxReplicas,
    },
    alternatives: figures,
    series,
    recommendation: recommend(figures, inputs.latencyObjectiveSeconds),
    notes,
  };
}
