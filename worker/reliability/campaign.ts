import { groupLag } from '@category-match/kafka-harness';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestTopics, testKafka, type TestTopics } from '../test/support/kafka';
import { loadProducts } from '../test/support/products';
import { waitForMetric } from '../test/support/worker-env';
import { startBrokers, type BrokerShape } from './brokers';
import { startLoad } from './load';
import { seededChooser } from './random';
import { startRunServices } from './services';
import { lagChart, sampleEverySecond, Timeline, type LagSample, type TimelineEvent } from './timeline';
import { judgeRun, passed, type RunVerdict } from './verdict';

export interface CampaignOptions {
  shape: BrokerShape;
  restarts: number;
  seed: number;
  /** Input messages per second while the brokers restart. */
  ratePerSecond: number;
  /** After every n-th broker restart the worker restarts too and re-reads its committed offsets. */
  workerRestartEvery: number;
  partitions: number;
  portBase: number;
  print: (line: string) => void;
}

export interface CampaignReport {
  shape: BrokerShape;
  seed: number;
  brokerRestarts: number;
  workerRestarts: number;
  ratePerSecond: number;
  seconds: number;
  verdict: RunVerdict;
  passed: boolean;
  events: TimelineEvent[];
  samples: LagSample[];
}

/** The topics whose partitions must be led (and in sync) before the next restart. */
function settledTopics(topics: TestTopics): string[] {
  return [topics.input, topics.output, topics.dlq, '__consumer_offsets', '__transaction_state'];
}

/** Polls until the group has committed the input to its end, or the time is up. */
async function waitForCatchUp(lag: () => Promise<number | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await lag()) === 0) return;
    await sleep(500);
  }
}

/**
 * Restarts a random broker at random moments while the worker runs exactly-once under a continuous load, restarts
 * the worker after some of them, then checks the exact input and output sets, the committed offsets and every
 * broker's log (see `verdict.ts`).
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const choose = seededChooser(options.seed);
  const timeline = new Timeline(options.print);
  const brokers = await startBrokers(options.shape, `campaign-${options.shape}`, options.portBase);
  const kafka = testKafka(brokers.bootstrap);
  const admin = kafka.admin();
  // Stopped in `finally` too: a run that fails half-way must not leave the producer running.
  let load: ReturnType<typeof startLoad> | undefined;
  let stopSampling: (() => Promise<void>) | undefined;
  let services: Awaited<ReturnType<typeof startRunServices>> | undefined;
  try {
    await admin.connect();
    const topics = await createTestTopics(admin, `campaign-${options.shape}`, options.partitions);
    services = await startRunServices(brokers.bootstrap, topics);
    const run = services;
    const titles = loadProducts(2_000).map(({ title }) => title);
    load = startLoad(kafka, {
      topic: topics.input,
      partitions: options.partitions,
      ratePerSecond: options.ratePerSecond,
      titles,
      idPrefix: 'product',
      poisonEvery: 200,
      onSendFailure: (error, ids) =>
        timeline.event(
          `a send of ${ids.length} failed, retried (${ids[0] ?? ''}…): ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    const lag = () => groupLag(admin, topics.group, topics.input);
    stopSampling = sampleEverySecond(timeline, lag, () => run.workerMemory());
    await waitForMetric(run.metricsPort, 'worker_messages_produced_total', options.ratePerSecond, 90_000);
    timeline.event(`${options.shape} brokers, worker exactly-once, ${options.ratePerSecond} msg/s`);

    for (let restart = 1; restart <= options.restarts; restart += 1) {
      await sleep(choose.between(1_000, 4_000));
      const node = choose.pick(brokers.nodes);
      const downMs = choose.between(500, 3_000);
      timeline.event(`restart ${restart}/${options.restarts}: broker ${node.id} stops (SIGTERM), down ${downMs} ms`);
      await node.stop();
      await sleep(downMs);
      await node.start();
      timeline.event(`broker ${node.id} back`);
      if (restart % options.workerRestartEvery === 0) {
        await run.restartWorker('SIGTERM');
        timeline.event('worker restarted: it re-reads its committed offsets');
      }
      await brokers.settle(admin, settledTopics(topics));
    }

    await sleep(2_000);
    const sent = await load.stop();
    timeline.event(`load stopped: ${sent.sent.length + sent.poison.length} messages sent`);
    await waitForCatchUp(lag, 120_000);
    await run.stopWorker();
    timeline.event('worker caught up and stopped');
    await stopSampling();
    stopSampling = undefined;

    const verdict = await judgeRun({ kafka, admin, topics, load: sent, brokers: brokers.nodes, timeoutMs: 120_000 });
    for (const line of lagChart(timeline)) options.print(line);
    return {
      shape: options.shape,
      seed: options.seed,
      brokerRestarts: options.restarts,
      workerRestarts: run.workerStarts - 1,
      ratePerSecond: options.ratePerSecond,
      seconds: timeline.now(),
      verdict,
      passed: passed(verdict),
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
