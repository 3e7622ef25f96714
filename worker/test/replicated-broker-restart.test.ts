import { setTimeout as sleep } from 'node:timers/promises';
import { waitForTopicLeaders, type LocalCluster } from '@category-match/kafka-harness';
import { describeReport } from './support/delivery-check';
import { createTestTopics, startOwnCluster, testKafka } from './support/kafka';
import { loadProducts } from './support/products';
import { streamThroughRestart, type StoryProcesses } from './support/restart-story';

// The platform's shape (ops): three brokers, three replicas, two in sync. A rolling restart stops one broker at a
// time; its partitions and its share of the transaction coordinator move to the others while it is away.
describe('one broker of a replicated cluster restarted mid-stream', () => {
  const products = loadProducts(5_000, 5);
  const processes: StoryProcesses = {};
  let cluster: LocalCluster | undefined;

  afterAll(async () => {
    await processes.worker?.stop();
    await processes.modelServer?.stop();
    await cluster?.stop();
  }, 90_000);

  it('in exactly-once mode every id comes out exactly once, in order', async () => {
    cluster = await startOwnCluster('replicated', 29492, 3);
    const admin = testKafka(cluster.bootstrap).admin();
    await admin.connect();
    const topics = await createTestTopics(admin, 'replicated', 4);
    // The broker leading the first output partition: the restart lands on a partition being written.
    const [output] = await waitForTopicLeaders(admin, [topics.output]);
    const leaderId = output?.partitions.find(({ partitionId }) => partitionId === 0)?.leader;
    await admin.disconnect();
    const restarted = cluster.nodes.find(({ nodeId }) => nodeId === leaderId);
    if (restarted === undefined) throw new Error(`no node leads ${topics.output}-0 (leader ${String(leaderId)})`);

    const outcome = await streamThroughRestart(processes, {
      bootstrap: cluster.bootstrap,
      topics,
      products,
      restart: async () => {
        await restarted.stop();
        await sleep(3_000);
        await restarted.start();
      },
    });

    console.log(
      describeReport(
        `broker ${restarted.nodeId} of 3 restarted after ${outcome.producedBefore} results`,
        outcome.report,
      ),
    );
    console.log(describeReport('  dead letters, by input position', outcome.deadLetters));
    expect(outcome.producedBefore).toBeLessThan(products.length);
    expect(outcome.report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], unexpected: [] });
    expect(outcome.deadLetters).toMatchObject({ missing: [], duplicated: [], unexpected: [] });
    expect(outcome.workerAlive).toBe(true);
  }, 300_000);
});
