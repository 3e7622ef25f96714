/**
 * The chain the platform runs, one second at a time: Kafka lag -> workers (KEDA on lag, at most one per
 * partition) -> the model API (Knative's autoscaler: stable and panic windows, scale-down delay, scale to zero)
 * -> GPU nodes (the cluster autoscaler adds a node per pod that has none and removes one idle for long enough)
 * -> pods ready after their start. Pure: the same inputs give the same outputs. Hand-written: no library
 * simulates this particular chain; each rule is the documented behaviour of the component it names.
 */

export interface WorkerSettings {
  readonly minReplicas: number;
  /** At most the input topic's partitions: a replica without a partition idles. */
  readonly maxReplicas: number;
  /** KEDA's lagThreshold: one replica per this many messages of lag. */
  readonly lagThreshold: number;
  /** How often KEDA looks at the lag. */
  readonly pollingSeconds: number;
  /** What one worker replica can pass on to the model API. */
  readonly messagesPerSecondPerReplica: number;
}

export interface ModelApiSettings {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** What one predictor replica classifies per second at the worker's request shape. */
  readonly itemsPerSecondPerReplica: number;
  /** Knative's target utilisation: replicas are sized for demand ÷ (capacity × this). */
  readonly targetUtilization: number;
  readonly stableWindowSeconds: number;
  readonly panicWindowSeconds: number;
  /** Panic mode starts when the panic window's demand reaches this multiple of the ready capacity. */
  readonly panicThreshold: number;
  /** The last replica (and each one above the need) stays this long after the need for it ends. */
  readonly scaleDownDelaySeconds: number;
}

export interface GpuSettings {
  /** A new GPU node: provisioning, boot and driver. */
  readonly nodeStartSeconds: number;
  /** A pod on a node: image pull and model load. */
  readonly podStartSeconds: number;
  /** The cluster autoscaler removes a node idle this long. */
  readonly nodeIdleSeconds: number;
}

export interface SimulationInputs {
  /** Messages arriving in each second. */
  readonly arrivals: readonly number[];
  readonly worker: WorkerSettings;
  readonly modelApi: ModelApiSettings;
  readonly gpu: GpuSettings;
  /** A message's trip through Kafka, the worker and the model when nothing queues. */
  readonly baseLatencySeconds: number;
  /** One replica ready at second 0 even with none required: the profile continues traffic that kept it up. */
  readonly warmAtStart?: boolean;
}

/** The state at the end of one second. */
export interface Step {
  readonly second: number;
  readonly arrived: number;
  readonly served: number;
  /** Messages waiting (Kafka lag) at the end of the second. */
  readonly lag: number;
  readonly workers: number;
  readonly readyReplicas: number;
  /** Replicas asked for and not ready yet. */
  readonly startingReplicas: number;
  readonly nodes: number;
  readonly panic: boolean;
}

export interface Simulation {
  readonly steps: Step[];
  /** End-to-end latency of the messages (first in, first out). */
  readonly latency: LatencyHistogram;
  /** Node-seconds of GPU nodes (billed from creation to removal). */
  readonly gpuSeconds: number;
  /** Node-seconds with no message served. */
  readonly idleGpuSeconds: number;
  /** Times the model API was asked for a replica while it had none (a cold start). */
  readonly coldStarts: number;
  /** Messages that arrived while no model replica was ready: each waited for a cold start. */
  readonly messagesDuringColdStarts: number;
}

interface Pod {
  readyAt: number;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

export function simulate(inputs: SimulationInputs): Simulation {
  const { arrivals, worker, modelApi, gpu } = inputs;
  const steps: Step[] = [];
  const demandHistory: number[] = [];
  let lag = 0;
  let workers = worker.minReplicas;
  const initialReplicas = Math.max(modelApi.minReplicas, inputs.warmAtStart === true ? 1 : 0);
  let pods: Pod[] = Array.from({ length: initialReplicas }, () => ({ readyAt: 0 }));
  let nodes = initialReplicas;
  let nodeIdleSince: number[] = [];
  let neededSince = 0;
  // Knative stays in panic mode until a stable window passes without the panic condition.
  let panicUntil = -1;
  let gpuSeconds = 0;
  let idleGpuSeconds = 0;
  let coldStarts = 0;
  let messagesDuringColdStarts = 0;
  const departures: number[] = [];

  for (let second = 0; second < arrivals.length; second++) {
    const arrived = arrivals[second] ?? 0;
    lag += arrived;

    if (second % worker.pollingSeconds === 0) {
      const wanted = Math.ceil(lag / worker.lagThreshold);
      workers = Math.min(worker.maxReplicas, Math.max(worker.minReplicas, wanted));
    }

    // What the workers would send the model API this second, whatever answers it.
    const demand = Math.min(lag, workers * worker.messagesPerSecondPerReplica);
    demandHistory.push(demand);
    const ready = pods.filter((pod) => pod.readyAt <= second).length;
    if (ready === 0) messagesDuringColdStarts += arrived;
    const capacity = ready * modelApi.itemsPerSecondPerReplica;
    const served = Math.min(demand, capacity);
    lag -= served;
    departures.push(served);

    // Knative: replicas for the window's demand; the panic window decides while demand outruns capacity.
    const perReplica = modelApi.itemsPerSecondPerReplica * modelApi.targetUtilization;
    const stable = Math.ceil(mean(demandHistory.slice(-modelApi.stableWindowSeconds)) / perReplica);
    const panicDemand = mean(demandHistory.slice(-modelApi.panicWindowSeconds));
    const panicWanted = Math.ceil(panicDemand / perReplica);
    if (panicDemand >= modelApi.panicThreshold * Math.max(capacity, perReplica * 0.5) && panicWanted > pods.length) {
      panicUntil = second + modelApi.stableWindowSeconds;
    }
    const panic = second < panicUntil;
    // In panic the replica count only grows. Demand that waits for a first replica counts: with none, anything
    // waiting asks for one.
    const wanted = Math.max(panic ? Math.max(panicWanted, pods.length) : stable, lag > 0 && pods.length === 0 ? 1 : 0);
    const target = Math.min(modelApi.maxReplicas, Math.max(modelApi.minReplicas, wanted));
    if (target >= pods.length) neededSince = second;
    if (target > pods.length) {
      if (pods.length === 0) coldStarts += 1;
      for (let added = pods.length; added < target; added++) {
        // A pod on an idle node starts at once; otherwise the cluster autoscaler adds a node first.
        const onIdleNode = nodeIdleSince.length > 0;
        if (onIdleNode) nodeIdleSince.pop();
        else nodes += 1;
        pods.push({ readyAt: second + 1 + gpu.podStartSeconds + (onIdleNode ? 0 : gpu.nodeStartSeconds) });
      }
    } else if (target < pods.length && second - neededSince >= modelApi.scaleDownDelaySeconds && !panic) {
      const removed = pods.length - target;
      pods = pods.slice(0, target);
      for (let index = 0; index < removed; index++) nodeIdleSince.push(second);
    }
    // Idle nodes go once the cluster autoscaler has seen them unneeded for long enough.
    const keep = nodeIdleSince.filter((since) => second - since < gpu.nodeIdleSeconds);
    nodes -= nodeIdleSince.length - keep.length;
    nodeIdleSince = keep;

    gpuSeconds += nodes;
    if (served === 0) idleGpuSeconds += nodes;
    steps.push({
      second,
      arrived,
      served,
      lag,
      workers,
      readyReplicas: pods.filter((pod) => pod.readyAt <= second + 1).length,
      startingReplicas: pods.filter((pod) => pod.readyAt > second + 1).length,
      nodes,
      panic,
    });
  }
  return {
    steps,
    latency: latencyHistogram(arrivals, departures, inputs.baseLatencySeconds),
    gpuSeconds,
    idleGpuSeconds,
    coldStarts,
    messagesDuringColdStarts,
  };
}

/** How long messages took end to end: count per whole-second latency, and those still waiting at the end. */
export interface LatencyHistogram {
  /** [latency in seconds, messages], in increasing latency. */
  readonly counts: [number, number][];
  readonly unserved: number;
  /** Per arrival second, the latency of its last message (FIFO: the slowest of that second); NaN if none served. */
  readonly worstBySecond: number[];
}

/**
 * First in, first out, exactly: the messages arriving in second t are the arrivals numbered (A(t-1), A(t)]; those
 * departing in second s are (D(s-1), D(s)]; each overlap's messages took s - t seconds in the queue, plus `base`.
 */
export function latencyHistogram(
  arrivals: readonly number[],
  departures: readonly number[],
  base: number,
): LatencyHistogram {
  const counts = new Map<number, number>();
  let arrivedBefore = 0;
  let departedBefore = 0;
  let departureSecond = 0;
  let served = 0;
  const worstBySecond = arrivals.map(() => Number.NaN);
  arrivals.forEach((count, second) => {
    let from = arrivedBefore;
    const to = arrivedBefore + count;
    while (from < to && departureSecond < departures.length) {
      const departedBy = departedBefore + (departures[departureSecond] ?? 0);
      const overlap = Math.min(to, departedBy) - Math.max(from, departedBefore);
      if (overlap > 0) {
        const latency = Math.max(0, departureSecond - second) + base;
        counts.set(latency, (counts.get(latency) ?? 0) + overlap);
        worstBySecond[second] = latency;
        served += overlap;
        from += overlap;
      }
      if (departedBy <= from) {
        departedBefore = departedBy;
        departureSecond += 1;
      } else if (overlap <= 0) {
        break;
      }
    }
    arrivedBefore = to;
  });
  return {
    counts: [...counts].sort(([a], [b]) => a - b),
    unserved: arrivedBefore - served,
    worstBySecond,
  };
}

/** The latency at or below which `fraction` of the served messages finished (nearest rank). */
export function latencyPercentile(histogram: LatencyHistogram, fraction: number): number {
  const total = histogram.counts.reduce((sum, [, count]) => sum + count, 0);
  let seen = 0;
  for (const [latency, count] of histogram.counts) {
    seen += count;
    if (seen >= fraction * total - 1e-9) return latency;
  }
  return Number.NaN;
}
