import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from '@category-match/worker/kafkajs';
import { percentile } from '@category-match/bench-results';
import { createTopicsAndWait, groupLag, startBroker, stopBroker, type BrokerInfo } from '@category-match/kafka-harness';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { modelBackoff } from '@category-match/worker/backoff';
import { ChildService } from '../demo/child-service';
import { startModelServer } from '../demo/services';
import type { MeasuredSpeed } from './measured-speed';
import { latencyPercentile, simulate, type SimulationInputs } from './simulation';
import { arrivalsPerSecond, type TrafficProfile } from './traffic-profile';

/**
 * The planner against the real local data plane: a broker, the worker and the model server run a profile with a
 * warm spell, an idle gap and a burst. The model server is stopped in the gap and started late in the burst, a
 * cold start of known length; the measured lag and end-to-end latency are compared with the simulation's for the
 * same inputs.
 */

export interface RealityCheckOptions {
  readonly repoRoot: string;
  readonly stateDir: string;
  readonly portBase: number;
  readonly speed: MeasuredSpeed;
  /** Seconds from the burst's first message until the model server is started. */
  readonly coldStartSeconds: number;
  readonly log?: (line: string) => void;
}

/** Warm at 40 messages/s for 20 s, idle until 50 s (the model server stopped at 30 s), 200 messages/s to 80 s. */
export const checkProfile: TrafficProfile = {
  points: [
    { startSecond: 0, messagesPerSecond: 40 },
    { startSecond: 20, messagesPerSecond: 0 },
    { startSecond: 50, messagesPerSecond: 200 },
  ],
  durationSeconds: 80,
};
const stopModelAtSecond = 30;
const burstStartSecond = 50;

export interface Figures {
  readonly p50Seconds: number;
  readonly p99Seconds: number;
  readonly peakLag: number;
  /** Seconds from the profile's start until every message was answered. */
  readonly drainedAtSecond: number;
}

export interface RealityCheck {
  readonly messages: number;
  /** When the restarted model server answered ready, seconds after the profile's start. */
  readonly modelReadyAtSecond: number;
  /** The worker's expected wait for its next retry once the model is up (nothing holds requests locally). */
  readonly retryWaitSeconds: number;
  /** The model server's process_start_time_seconds before and after: the restart the dashboard counts. */
  readonly processStarts: readonly number[];
  readonly measured: Figures;
  readonly predicted: Figures;
  /** |predicted − measured| ÷ measured. */
  readonly errors: { readonly p50: number; readonly p99: number; readonly peakLag: number };
  /** Lag each second, measured and simulated. */
  readonly lag: readonly { readonly second: number; readonly measured: number; readonly predicted: number }[];
}

/**
 * The mean wait from the model's return to the worker's next retry, once retries are spaced at the backoff's cap
 * (equal jitter: uniform between half the cap and the cap). A retry interval is hit in proportion to its length, so
 * the wait is E[L²] ÷ 2E[L].
 */
export function meanRetryWaitSeconds(capMs: number = modelBackoff.maxMs): number {
  const [low, high] = [capMs / 2000, capMs / 1000];
  return (low * low + low * high + high * high) / 3 / (low + high);
}

const titles = [
  'apple iphone 8 plus 64gb silver',
  'bosch serie 4 smv46kx01e fully integrated dishwasher',
  'lg 55uk6300pla 55 inch 4k ultra hd smart tv',
  'canon eos 2000d 18-55mm is ii kit',
  'samsung ww80j5555mw washing machine',
];

/** The simulation of the same run: one worker, one model replica stopped in the gap and ready when it was. */
export function checkSimulationInputs(
  speed: MeasuredSpeed,
  modelReadyAtSecond: number,
  retryWaitSeconds: number,
): SimulationInputs {
  const arrivals = [...arrivalsPerSecond(checkProfile), ...new Array<number>(240).fill(0)];
  return {
    arrivals,
    worker: {
      minReplicas: 1,
      maxReplicas: 1,
      lagThreshold: Number.MAX_SAFE_INTEGER,
      pollingSeconds: 1,
      messagesPerSecondPerReplica: speed.workerMessagesPerSecond,
    },
    modelApi: {
      minReplicas: 0,
      maxReplicas: 1,
      itemsPerSecondPerReplica: speed.itemsPerSecondPerReplica,
      targetUtilization: 0.7,
      // Scales to zero 10 s after the warm spell, as the model server is stopped; asked for again by the burst.
      stableWindowSeconds: stopModelAtSecond - 20,
      panicWindowSeconds: 1,
      panicThreshold: 2,
      scaleDownDelaySeconds: 0,
    },
    // Asked for at the burst's first second, ready 1 + podStart later: when the real one was, plus the retry wait.
    gpu: {
      nodeStartSeconds: 0,
      podStartSeconds: Math.max(0, Math.round(modelReadyAtSecond + retryWaitSeconds) - burstStartSecond - 1),
      nodeIdleSeconds: 0,
    },
    baseLatencySeconds: speed.baseLatencySeconds,
    warmAtStart: true,
  };
}

async function processStartTime(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = /^process_start_time_seconds (\d+(?:\.\d+)?)$/m.exec(text);
  if (match === null) throw new Error('the model server serves no process_start_time_seconds');
  return Number(match[1]);
}

export async function runRealityCheck(options: RealityCheckOptions): Promise<RealityCheck> {
  const log = options.log ?? (() => undefined);
  const logDir = path.join(options.stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const run = Date.now();
  const topics = { input: `plan-check-in-${run}`, output: `plan-check-out-${run}`, dlq: `plan-check-dlq-${run}` };
  const groupId = `plan-check-worker-${run}`;
  const modelPort = options.portBase + 10;
  const metricsPort = options.portBase + 11;
  const modelDir = await ensureReferenceModel();
  const broker: BrokerInfo = await startBroker({
    stateDir: path.join(options.stateDir, 'kafka'),
    portBase: options.portBase,
  });
  const kafka = new Kafka({ clientId: 'plan-check', brokers: [broker.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true });
  const consumer = kafka.consumer({ groupId: `plan-check-reader-${run}`, readUncommitted: false });
  const services: ChildService[] = [];
  // Ends the lag sampler, also when the run fails.
  let stopped = false;
  const modelServer = (name: string) => startModelServer(modelDir, modelPort, path.join(logDir, `${name}.log`));
  try {
    await admin.connect();
    await createTopicsAndWait(admin, [
      { topic: topics.input, numPartitions: 2 },
      { topic: topics.output, numPartitions: 2 },
      { topic: topics.dlq, numPartitions: 1 },
    ]);
    const warmModel = await modelServer('model-server-warm');
    services.push(warmModel);
    await warmModel.waitUntilReady(new AbortController().signal);
    const processStarts = [await processStartTime(modelPort)];
    const worker = await ChildService.start(
      {
        name: 'worker',
        args: ['worker/src/main.ts'],
        env: {
          ...process.env,
          KAFKA_BROKERS: broker.plaintext,
          KAFKA_CLIENT_ID: 'plan-check-worker',
          KAFKA_GROUP_ID: groupId,
          KAFKA_INPUT_TOPIC: topics.input,
          KAFKA_OUTPUT_TOPIC: topics.output,
          KAFKA_DLQ_TOPIC: topics.dlq,
          MODEL_URL: `http://127.0.0.1:${modelPort}`,
          METRICS_PORT: String(metricsPort),
          LOG_LEVEL: 'warn',
        },
        logFile: path.join(logDir, 'worker.log'),
        readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
        readyTimeoutMs: 90_000,
      },
      options.repoRoot,
    );
    services.push(worker);
    await worker.waitUntilReady(new AbortController().signal);

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let lastAnswerAt = 0;
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: topics.output, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const { id } = JSON.parse(message.value?.toString() ?? '{}') as { id?: string };
        const at = id === undefined ? undefined : sentAt.get(id);
        if (at === undefined) return;
        sentAt.delete(id as string);
        lastAnswerAt = Date.now();
        latencies.push((lastAnswerAt - at) / 1000);
      },
    });

    const arrivals = arrivalsPerSecond(checkProfile);
    const messages = arrivals.reduce((sum, count) => sum + count, 0);
    const start = Date.now() + 1000;
    const second = () => (Date.now() - start) / 1000;
    const lag: { second: number; measured: number }[] = [];
    const sampler = (async () => {
      for (let at = 0; !stopped; at++) {
        await sleep(Math.max(0, start + at * 1000 - Date.now()));
        const measured = await groupLag(admin, groupId, topics.input);
        if (measured !== undefined) lag.push({ second: at, measured });
      }
    })();
    // Awaited on success; on failure the finally block ends them, and their rejections are not left unhandled.
    sampler.catch(() => undefined);
    let modelReadyAtSecond = Number.NaN;
    const modelSchedule = (async () => {
      await sleep(start + stopModelAtSecond * 1000 - Date.now());
      log(`${second().toFixed(1)} s: model server stopped (scaled to zero)`);
      await warmModel.stop(10_000);
      await sleep(start + (burstStartSecond + options.coldStartSeconds) * 1000 - Date.now());
      log(`${second().toFixed(1)} s: model server started (the cold start's end)`);
      const cold = await modelServer('model-server-cold');
      services.push(cold);
      for (;;) {
        const ready = await fetch(cold.spec.readyUrl).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) break;
        if (!cold.running) await cold.waitUntilReady(new AbortController().signal);
        await sleep(50);
      }
      modelReadyAtSecond = second();
      log(`${modelReadyAtSecond.toFixed(1)} s: model server ready`);
      processStarts.push(await processStartTime(modelPort));
    })();
    modelSchedule.catch(() => undefined);
    // Each second's messages spread over it in tenths, as a steady source sends them.
    let sequence = 0;
    for (const [at, count] of arrivals.entries()) {
      for (let tenth = 0; tenth < 10; tenth++) {
        const share = Math.floor(((tenth + 1) * count) / 10) - Math.floor((tenth * count) / 10);
        await sleep(Math.max(0, start + at * 1000 + tenth * 100 - Date.now()));
        if (share === 0) continue;
        const batch = Array.from({ length: share }, () => {
          sequence += 1;
          return { id: `check-${sequence}`, title: titles[sequence % titles.length] ?? '' };
        });
        const now = Date.now();
        for (const product of batch) sentAt.set(product.id, now);
        await producer.send({
          topic: topics.input,
          messages: batch.map((product) => ({
            key: product.id,
            value: JSON.stringify({ schemaVersion: 1, ...product }),
          })),
        });
      }
    }
    await modelSchedule;
    const deadline = Date.now() + 120_000;
    while (sentAt.size > 0 && Date.now() < deadline) await sleep(200);
    await sleep(2000);
    stopped = true;
    await sampler;
    if (sentAt.size > 0) throw new Error(`${sentAt.size} of ${messages} messages got no answer within 2 minutes`);

    const retryWaitSeconds = meanRetryWaitSeconds();
    const simulation = simulate(checkSimulationInputs(options.speed, modelReadyAtSecond, retryWaitSeconds));
    const measured: Figures = {
      p50Seconds: percentile(latencies, 0.5),
      p99Seconds: percentile(latencies, 0.99),
      peakLag: Math.max(...lag.map((sample) => sample.measured)),
      drainedAtSecond: (lastAnswerAt - start) / 1000,
    };
    const lastServed = simulation.steps.reduce((last, step) => (step.served > 0 ? step.second : last), 0);
    const predicted: Figures = {
      p50Seconds: latencyPercentile(simulation.latency, 0.5),
      p99Seconds: latencyPercentile(simulation.latency, 0.99),
      peakLag: Math.max(...simulation.steps.map((step) => step.lag)),
      drainedAtSecond: lastServed + 1,
    };
    const error = (a: number, b: number) => Math.abs(a - b) / b;
    return {
      messages,
      modelReadyAtSecond,
      retryWaitSeconds,
      processStarts,
      measured,
      predicted,
      errors: {
        p50: error(predicted.p50Seconds, measured.p50Seconds),
        p99: error(predicted.p99Seconds, measured.p99Seconds),
        peakLag: error(predicted.peakLag, measured.peakLag),
      },
      // A sample at second k is taken as second k begins: the simulation's state at the end of second k - 1.
      lag: lag.map((sample) => ({ ...sample, predicted: simulation.steps[sample.second - 1]?.lag ?? 0 })),
    };
  } finally {
    stopped = true;
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    for (const service of services.reverse()) await service.stop(10_000).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await stopBroker({ stateDir: path.join(options.stateDir, 'kafka'), portBase: options.portBase });
  }
}
