import { createRequire } from 'node:module';

interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}
interface FetchPartition {
  abortedTransactions?: AbortedTransaction[];
}
interface FetchResponseModule {
  decode: (raw: Buffer) => Promise<{ responses?: { partitions?: FetchPartition[] }[] }>;
  sortsAbortedTransactions?: boolean;
}

const requireFromKafkajs = createRequire(require.resolve('kafkajs'));

/**
 * kafkajs 2.2.4 drops aborted records from read_committed fetches by walking the broker's list of aborted
 * transactions in order, assuming it is sorted by first offset. Kafka 4 brokers return that list unsorted
 * (the Java client sorts it itself), so kafkajs delivered records of aborted transactions: seen against
 * Kafka 4.3.1 with two aborted transactions listed as [firstOffset 3, firstOffset 0]. Sorting the list as
 * the Java client does restores read_committed. Applies to every Fetch version that carries the list.
 */
export function applyKafkajsFixes(): void {
  for (let version = 4; version <= 11; version += 1) {
    const fetchResponse = requireFromKafkajs(
      `./src/protocol/requests/fetch/v${version}/response`,
    ) as FetchResponseModule;
    if (fetchResponse.sortsAbortedTransactions === true) continue;
    const decode = fetchResponse.decode;
    fetchResponse.decode = async (raw) => {
      const decoded = await decode(raw);
      for (const response of decoded.responses ?? []) {
        for (const partition of response.partitions ?? []) {
          partition.abortedTransactions?.sort((a, b) => compareOffsets(a.firstOffset, b.firstOffset));
        }
      }
      return decoded;
    };
    fetchResponse.sortsAbortedTransactions = true;
  }
}

function compareOffsets(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
