import { createRequire } from 'node:module';

export interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}
/** A record of a decoded Fetch response, as far as read_committed needs it. */
export interface FetchedRecord {
  offset: string;
  isControlRecord?: boolean;
  batchContext?: { producerId: string; inTransaction: boolean };
}
interface FetchPartition {
  abortedTransactions?: AbortedTransaction[];
  messages?: FetchedRecord[];
}
interface FetchResponseModule {
  decode: (raw: Buffer) => Promise<{ responses?: { partitions?: FetchPartition[] }[] }>;
  fixesAbortedTransactions?: boolean;
}

const requireFromKafkajs = createRequire(require.resolve('kafkajs'));

/** The kafkajs release whose internals the fix below was written against and tested with. */
export const patchedKafkajsVersion = '2.2.4';

/** Throws unless `version` is the release the fix was written for: another one may lay out its internals differently. */
export function checkKafkajsVersion(version: string): void {
  if (version !== patchedKafkajsVersion) {
    throw new Error(
      `kafkajs ${version} is installed, but the read_committed fix in worker/src/kafka/kafkajs-fixes.ts patches the internals of kafkajs ${patchedKafkajsVersion}: check the fix against ${version} (is it still needed? are the modules where it expects them?), then update patchedKafkajsVersion`,
    );
  }
}

function compareOffsets(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * The broker's aborted transactions of one fetched partition, rewritten so that kafkajs 2.2.4's filter drops exactly
 * their records. That filter walks the records in order and takes the next listed transaction (assuming the list
 * sorted by first offset) only when a record's offset reaches its first offset, one transaction per record. Both
 * assumptions fail against Kafka 4.3.1: it lists transactions unsorted, and a fetch that starts inside the open
 * transactions of several producers (one DLQ partition after a crash) lists them all with first offsets before the
 * fetch, so the records of all but one leaked. Each transaction is listed here at its first record in this
 * response (the producer's transactional data from the broker's first offset up to its ABORT marker), without the
 * ones that have no record here, in offset order: every record then starts its own transaction's entry in time.
 */
export function abortedTransactionsForKafkajs(
  aborted: readonly AbortedTransaction[],
  records: readonly FetchedRecord[],
): AbortedTransaction[] {
  const listed: AbortedTransaction[] = [];
  for (const { producerId, firstOffset } of aborted) {
    const from = BigInt(firstOffset);
    const first = records.find(
      (record) =>
        record.batchContext?.producerId === producerId &&
        BigInt(record.offset) >= from &&
        (record.isControlRecord === true || record.batchContext.inTransaction),
    );
    // None here, or its ABORT marker first: the transaction's records were in an earlier fetch.
    if (first === undefined || first.isControlRecord === true) continue;
    listed.push({ producerId, firstOffset: first.offset });
  }
  return listed.sort((a, b) => compareOffsets(a.firstOffset, b.firstOffset));
}

/**
 * kafkajs 2.2.4 delivered records of aborted transactions to read_committed consumers against Kafka 4 (see
 * `abortedTransactionsForKafkajs`). Every Fetch response is decoded with the list rewritten for kafkajs's filter.
 * Applies to every Fetch version that carries the list; the Fetch modules are patched in place, so kafkajs's
 * consumers pick the fix up whenever they decode, whatever loaded first.
 */
export function applyKafkajsFixes(): void {
  checkKafkajsVersion((requireFromKafkajs('./package.json') as { version: string }).version);
  for (let version = 4; version <= 11; version += 1) {
    const fetchResponse = requireFromKafkajs(
      `./src/protocol/requests/fetch/v${version}/response`,
    ) as FetchResponseModule;
    if (fetchResponse.fixesAbortedTransactions === true) continue;
    const decode = fetchResponse.decode;
    fetchResponse.decode = async (raw) => {
      const decoded = await decode(raw);
      for (const response of decoded.responses ?? []) {
        for (const partition of response.partitions ?? []) {
          if (partition.abortedTransactions === undefined || partition.abortedTransactions.length === 0) continue;
          partition.abortedTransactions = abortedTransactionsForKafkajs(
            partition.abortedTransactions,
            partition.messages ?? [],
          );
        }
      }
      return decoded;
    };
    fetchResponse.fixesAbortedTransactions = true;
  }
}
