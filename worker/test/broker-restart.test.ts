import { setTimeout as sleep } from 'node:timers/promises';
import { describeReport } from './support/delivery-check';
import { createTestTopics, startOwnBroker, testKafka } from './support/kafka';
import { loadProducts } from './support/products';
import { storyTransactionRecords, streamThroughRestart, type StoryProcesses } from './support/restart-story';

const partitions = 4;
const recordsPerTransaction = storyTransactionRecords;

describe('the lone local broker restarted mid-stream', () => {
  const products = loadProducts(5_000, 6);
  const processes: StoryProcesses = {};
  let broker: Awaited<ReturnType<typeof startOwnBroker>> | undefined;

  afterAll(async () => {
    await processes.worker?.stop();
    await processes.modelServer?.stop();
    await broker?.stop();
  }, 60_000);

  // A lone broker cannot keep exactly-once across its own restart with Kafka 4.3.1. Stopping it or, after the
  // restart, fencing its previous registration leaves every partition without a leader for a moment while its
  // transaction coordinator runs; the coordinator takes a leaderless partition for a deleted one, skips the markers
  // of the transaction it is completing and records the commit. That transaction's results then read as committed
  // while its input offsets never were, and come out again (worker/README.md, "Exactly-once and a lone broker").
  // So this story requires no loss and no reordering and bounds the duplicates (results and dead letters together)
  // by one transaction per partition; `replicated-broker-restart` proves exactly-once on the platform's replicated
  // shape.
  it('in exactly-once mode: nothing lost or reordered, duplicates bounded by one transaction per partition', async () => {
    broker = await startOwnBroker('restart', 29292);
    const admin = testKafka(broker.plaintext).admin();
    await admin.connect();
    const topics = await createTestTopics(admin, 'restart', partitions);
    await admin.disconnect();

    const outcome = await streamThroughRestart(processes, {
      bootstrap: broker.plaintext,
      topics,
      products,
      restart: async () => {
        await broker?.stop();
        await sleep(3_000);
        broker = await startOwnBroker('restart', 29292);
      },
    });

    console.log(describeReport(`lone broker restarted after ${outcome.producedBefore} results`, outcome.report));
    console.log(describeReport('  dead letters, by input position', outcome.deadLetters));
    expect(outcome.producedBefore).toBeLessThan(products.length);
    expect(outcome.report).toMatchObject({ missing: [], outOfOrder: [], unexpected: [] });
    expect(outcome.deadLetters).toMatchObject({ missing: [], unexpected: [] });
    const duplicated = outcome.report.duplicated.length + outcome.deadLetters.duplicated.length;
    expect(duplicated).toBeLessThanOrEqual(partitions * recordsPerTransaction);
    expect(outcome.workerAlive).toBe(true);
  }, 240_000);
});
