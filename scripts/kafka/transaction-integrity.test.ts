import { Kafka, logLevel, type Producer } from 'kafkajs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBroker, stopBroker, type BrokerInfo } from './broker';
import { repoRoot } from './broker-config';
import { readPartitionBatches, readSegmentBatches } from './log-segments';
import { createTopicsAndWait } from './topics';
import {
  checkPartitionTransactions,
  checkTopicTransactions,
  verifyTransactions,
  type PartitionTransactions,
} from './transaction-integrity';

// An instance of its own (ports below Linux's ephemeral range), so the default broker is never disturbed.
const options = { stateDir: path.join(repoRoot, '.kafka', 'transaction-integrity-test'), portBase: 28292 };
const dataDir = path.join(options.stateDir, 'data');
const topic = 'txn-check';
let broker: BrokerInfo;
let kafka: Kafka;

beforeAll(async () => {
  // A log of this run's transactions only.
  await stopBroker(options);
  await rm(options.stateDir, { recursive: true, force: true });
  broker = await startBroker(options);
  kafka = new Kafka({ clientId: 'txn-check', brokers: [broker.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
  await admin.disconnect();
}, 120_000);

afterAll(async () => {
  await stopBroker(options);
}, 60_000);

function transactional(id: string): Producer {
  return kafka.producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1 });
}

async function inTransaction(producer: Producer, values: string[], outcome: 'commit' | 'abort'): Promise<void> {
  const transaction = await producer.transaction();
  await transaction.send({ topic, messages: values.map((value) => ({ key: value, value })) });
  await (outcome === 'commit' ? transaction.commit() : transaction.abort());
}

/** The markers are written after the commit returns: wait until the log has closed every transaction. */
async function settledCheck(): Promise<PartitionTransactions[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const results = await checkTopicTransactions(dataDir, [topic]);
    if (results.every((result) => result.open.length === 0) || Date.now() > deadline) return results;
    await sleep(200);
  }
}

describe('the transaction-integrity check, on a real broker log', () => {
  it('counts committed and aborted transactions, a fenced producer included, and finds nothing wrong', async () => {
    const producer = transactional('txn-check-a');
    await producer.connect();
    await inTransaction(producer, ['a1', 'a2'], 'commit');
    await inTransaction(producer, ['a3'], 'commit');
    await inTransaction(producer, ['a4', 'a5'], 'abort');
    await inTransaction(producer, ['a6'], 'commit');
    await producer.disconnect();

    // A second producer with the same transactional id fences the first mid-transaction: the
    // coordinator aborts the first one's open transaction with a marker at the new epoch.
    const first = transactional('txn-check-f');
    await first.connect();
    const open = await first.transaction();
    await open.send({ topic, messages: [{ key: 'f1', value: 'f1' }] });
    const second = transactional('txn-check-f');
    await second.connect();
    await inTransaction(second, ['f2'], 'commit');
    await second.disconnect();
    await first.disconnect().catch(() => undefined);

    const [partition] = await settledCheck();
    expect(partition).toEqual({ partition: `${topic}-0`, committed: 4, aborted: 2, anomalies: [], open: [] });
    const report = await verifyTransactions(dataDir, path.join(options.stateDir, 'logs', 'server.log'), [topic]);
    expect(report).toEqual({
      clean: true,
      findings: [],
      lines: [
        `${topic}-0: 4 committed, 2 aborted, 0 without a marker, 0 open`,
        'every transaction is closed by its own marker',
      ],
    });
  }, 120_000);

  it('reports a transaction closed by no marker: the same log with the fencing ABORT taken out', async () => {
    const batches = await readPartitionBatches(path.join(dataDir, `${topic}-0`));
    // The marker that aborted the fenced producer's transaction, followed by its next epoch's data.
    const fencedAbort = batches.findIndex(
      (batch, index) =>
        batch.marker === 'ABORT' &&
        batches
          .slice(0, index)
          .some((earlier) => earlier.producerId === batch.producerId && earlier.producerEpoch < batch.producerEpoch),
    );
    expect(fencedAbort).toBeGreaterThan(0);
    const withoutMarker = batches.filter((_, index) => index !== fencedAbort);
    const result = checkPartitionTransactions(`${topic}-0`, withoutMarker);
    expect(result.anomalies).toEqual([
      expect.stringMatching(
        /^txn-check-0: producer \d+ wrote epoch (\d+) data at offsets \d+-\d+ and then epoch \d+ data at offset \d+ with no COMMIT or ABORT marker between$/,
      ),
    ]);
    expect(result.aborted).toBe(1);
  }, 60_000);

  it('reads an active segment whose last batch is still being written up to the batch before it', async () => {
    const segment = await readFile(path.join(dataDir, `${topic}-0`, '00000000000000000000.log'));
    const whole = readSegmentBatches(segment);
    expect(whole.length).toBeGreaterThan(6);
    expect(readSegmentBatches(segment.subarray(0, segment.length - 5))).toEqual(whole.slice(0, -1));
  });
});
