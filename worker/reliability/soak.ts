import { groupLag } from '@category-match/kafka-harness';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestTopics, testKafka } from '../test/support/kafka';
import { loadProducts } from '../test/support/products';
import { waitForMetric } from '../test/support/worker-env';
import { startBrokers, type BrokerShape } from './brokers';
import { startLoad } from './load';
import { judgeMemory, type MemoryVerdict } from './memory';
import { seededChooser } from './random';
import { startRunServices } from './services';
import { lagChart, sampleEverySecond, Timeline, type LagSample, type TimelineEvent } from './timeline';
import { judgeRun, passed, type RunVerdict } from './verdict';
import { faultKindsAt, type FaultKind } from './fault-schedule';

export interface SoakOptions {
  shape: BrokerShape;
  seconds: number;
  seed: number;
  ratePerSecond: number;
  partitions: number;
  portBase: number;
  print: (line: string) => void;
}

export interface SoakReport {
  shape: BrokerShape;
  seed: number;
  seconds: number;
  ratePerSecond: number;
  faults: { at: number; kind: FaultKind; seconds: number }[];
  verdict: RunVerdict;
  memory: MemoryVerdict;
  passed: boolean;
  events: TimelineEvent[];
  samples: LagSample[];
}

/** Every 100th message is poison: the dead-letter topic must hold exactly those. */
const poisonEvery = 100;

/**
 * A continuous load for a bounded time while random faults hit the worker (SIGKILL, SIGTERM), the model server
 * (down 5 to 40 s, then a cold start that loads the model again) and, on the replicated cluster, the brokers;
 * one fault at a time, 3 to 8 s apart, every kind once per round in a random order, the worker spared in the
 * middle third (`faultKindsAt`). Then the same checks as the restart campaign, plus the worker's memory.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const choose = seededChooser(options.seed);
  const timeline = new Timeline(options.print);
  const brokers = await startBrokers(options.shape, `soak-${options.shape}`, options.portBase);
  const kafka = testKafka(brokers.bootstrap);
  const admin = kafka.admin();
  const kinds: FaultKind[] = ['worker SIGKILL', 'worker SIGTERM', 'model server outage'];
  if (options.shape === 'replicated') kinds.push('broker restart');
  const faults: SoakReport['faults'] = [];
  // Stopped in `finally` too: a run that fails half-way must not leave the producer running.
  let load: ReturnType<typeof startLoad> | undefined;
  let stopSampling: (() => Promise<void>) | undefined;
  let services: Awaited<ReturnType<typeof startRunServices>> | undefined;
  try {
    await admin.connect();
    const topics = await createTestTopics(admin, `soak-${options.shape}`, options.partitions);
    services = await startRunServices(brokers.bootstrap, topics);
    const run = services;
    load = startLoad(kafka, {
      topic: topics.input,
      partitions: options.partitions,
      ratePerSecond: options.ratePerSecond,
      titles: loadProducts(2_000).map(({ title }) => title),
      idPrefix: 'product',
      poisonEvery,
    });
    const lag = () => groupLag(admin, topics.group, topics.input);
    stopSampling = sampleEverySecond(timeline, lag, () => run.workerMemory());
    await waitForMetric(run.metricsPort, 'worker_messages_produced_total', options.ratePerSecond, 90_000);
    timeline.event(`soak for ${options.seconds} s on ${options.shape} brokers, ${options.ratePerSecond} msg/s`);
    const began = Date.now();
    const deadline = began + options.seconds * 1_000;

    let round: FaultKind[] = [];
    while (Date.now() + 8_000 < deadline) {
      await sleep(choose.between(3_000, 8_000));
      const allowed = faultKindsAt(kinds, (Date.now() - began) / (deadline - began));
      round = round.filter((kind) => allowed.includes(kind));
      if (round.length === 0) round = choose.shuffle(allowed);
      const kind = round.pop() ?? 'worker SIGKILL';
      const startedAt = timeline.now();
      if (kind === 'worker SIGKILL' || kind === 'worker SIGTERM') {
        timeline.event(`${kind}: the worker is ended and a new one started`);
        await run.restartWorker(kind === 'worker SIGKILL' ? 'SIGKILL' : 'SIGTERM');
      } else if (kind === 'model server outage') {
        const left = Math.max(5_000, deadline - Date.now() - 5_000);
        const downMs = Math.min(choose.between(5_000, 40_000), left);
        timeline.event(`model server stops for ${(downMs / 1000).toFixed(0)} s`);
        await run.stopModel();
        await sleep(downMs);
        await run.startModel();
        timeline.event('model server back (model loaded)');
      } else {
        const node = choose.pick(brokers.nodes);
        timeline.event(`broker ${node.id} restarts (SIGTERM)`);
        await node.stop();
        await sleep(choose.between(500, 3_000));
        await node.start();
        await brokers.settle(admin, [
          topics.input,
          topics.output,
          topics.dlq,
          '__consumer_offsets',
          '__transaction_state',
        ]);
        timeline.event(`broker ${node.id} back, replicas in sync`);
      }
      faults.push({ at: startedAt, kind, seconds: timeline.now() - startedAt });
    }

    const sent = await load.stop();
    timeline.event(`load stopped: ${sent.sent.length} well-formed and ${sent.poison.length} poison messages sent`);
    const deadlineToCatchUp = Date.now() + 180_000;
    while (Date.now() < deadlineToCatchUp && (await lag()) !== 0) await sleep(500);
    await run.stopWorker();
    timeline.event('worker caught up and stopped');
    await stopSampling();
    stopSampling = undefined;

    const verdict = await judgeRun({ kafka, admin, topics, load: sent, brokers: brokers.nodes, timeoutMs: 120_000 });
    const memory = judgeMemory(timeline.samples);
    for (const line of lagChart(timeline)) options.print(line);
    options.print(
      `worker memory: peak ${memory.peakMiB} MiB` +
        (memory.longest === undefined
          ? ''
          : `; the longest-lived worker (${memory.longest.seconds.toFixed(0)} s) ${memory.longest.earlyMiB} MiB early, ${memory.longest.lateMiB} MiB at its end`) +
        (memory.bounded ? ', bounded' : ', GROWING'),
    );
    return {
      shape: options.shape,
      seed: options.seed,
      seconds: timeline.now(),
      ratePerSecond: options.ratePerSecond,
      faults,
      verdict,
      memory,
      passed: passed(verdict) && memory.bounded,
      events: timeline.events,
      samples: timeline.samples,
    };
  } finally {
    await load?.stop().catch(() => undefined);
    await stopSampling?.();
    await services?.stop();
    await admin.disconnect();
    await brokers.stop();
  }
}
