import { createRequire } from 'node:module';
import {
  abortedTransactionsForKafkajs,
  applyKafkajsFixes,
  checkKafkajsVersion,
  patchedKafkajsVersion,
  type AbortedTransaction,
} from './kafkajs-fixes';

const kafkajsPackage = createRequire(require.resolve('kafkajs'))('./package.json') as { version: string };

/** Whether each kafkajs Fetch response decoder of a module registry carries the read_committed fix. */
function fetchDecodersFixed(): boolean[] {
  const fromKafkajs = createRequire(require.resolve('kafkajs'));
  return [4, 5, 6, 7, 8, 9, 10, 11].map(
    (version) =>
      (fromKafkajs(`./src/protocol/requests/fetch/v${version}/response`) as { fixesAbortedTransactions?: boolean })
        .fixesAbortedTransactions === true,
  );
}

/** kafkajs's own Batch: what a consumer's `eachBatch` gets from one fetched partition. */
type KafkajsBatch = new (
  topic: string,
  fetchedOffset: string,
  partition: {
    partition: number;
    highWatermark: string;
    abortedTransactions: AbortedTransaction[];
    messages: object[];
  },
) => { messages: { offset: string; value: string }[] };
const Batch = createRequire(require.resolve('kafkajs'))('./src/consumer/batch') as KafkajsBatch;

const data = (offset: number, producerId: string, value: string) => ({
  offset: String(offset),
  key: Buffer.from(value),
  value,
  isControlRecord: false,
  batchContext: { producerId, inTransaction: true },
});
const marker = (offset: number, producerId: string, type: 'ABORT' | 'COMMIT') => ({
  offset: String(offset),
  key: Buffer.from([0, 0, 0, type === 'ABORT' ? 0 : 1]),
  value: '',
  isControlRecord: true,
  batchContext: { producerId, inTransaction: true },
});

/**
 * One DLQ partition after a worker crash: the open transactions of three input partitions' producers (1, 2, 3),
 * their first records at offsets 0-2, all aborted, then the new owner's committed letter. The fetch starts at
 * offset 3, inside all three, where their records come in another order.
 */
const fetchedFrom3 = [
  data(3, '3', 'aborted-3'),
  data(4, '1', 'aborted-1'),
  data(5, '2', 'aborted-2'),
  marker(6, '1', 'ABORT'),
  marker(7, '2', 'ABORT'),
  marker(8, '3', 'ABORT'),
  data(9, '1', 'committed'),
  marker(10, '1', 'COMMIT'),
];
// As Kafka 4.3.1 lists them: unsorted.
const listed = [
  { producerId: '3', firstOffset: '2' },
  { producerId: '1', firstOffset: '0' },
  { producerId: '2', firstOffset: '1' },
];
const read = (abortedTransactions: AbortedTransaction[]) =>
  new Batch('dlq', '3', {
    partition: 0,
    highWatermark: '11',
    abortedTransactions,
    messages: fetchedFrom3,
  }).messages.map(({ value }) => value);

describe('aborted transactions as kafkajs reads them', () => {
  it('leak into a fetch that starts inside several of them, even sorted: kafkajs takes one per record', () => {
    const sorted = [...listed].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
    expect(read(sorted)).toEqual(['aborted-3', 'committed']);
  });

  it('are dropped, every record of them, once listed at their first record of the fetch', () => {
    expect(abortedTransactionsForKafkajs(listed, fetchedFrom3)).toEqual([
      { producerId: '3', firstOffset: '3' },
      { producerId: '1', firstOffset: '4' },
      { producerId: '2', firstOffset: '5' },
    ]);
    expect(read(abortedTransactionsForKafkajs(listed, fetchedFrom3))).toEqual(['committed']);
  });

  it('leave out a transaction with no record in the fetch, so it cannot hold back the next one', () => {
    const onlyItsMarker = [marker(6, '1', 'ABORT'), data(7, '2', 'aborted-2'), marker(8, '2', 'ABORT')];
    const aborted = [
      { producerId: '1', firstOffset: '0' },
      { producerId: '2', firstOffset: '1' },
    ];
    expect(abortedTransactionsForKafkajs(aborted, onlyItsMarker)).toEqual([{ producerId: '2', firstOffset: '7' }]);
  });
});

describe('the kafkajs read_committed fix', () => {
  it('is applied by the kafkajs entry that every client of the project imports', () => {
    jest.isolateModules(() => {
      expect(fetchDecodersFixed()).not.toContain(true);
      jest.requireActual('./kafkajs');
      expect(fetchDecodersFixed()).not.toContain(false);
    });
  });

  it('is written for the kafkajs release installed, which package.json pins exactly', () => {
    expect(kafkajsPackage.version).toBe(patchedKafkajsVersion);
    expect(() => applyKafkajsFixes()).not.toThrow();
  });

  it('refuses any other kafkajs release, loudly, instead of running unpatched', () => {
    expect(() => checkKafkajsVersion('2.2.5')).toThrow(
      /kafkajs 2\.2\.5 is installed, but the read_committed fix .* patches the internals of kafkajs 2\.2\.4/,
    );
  });
});
