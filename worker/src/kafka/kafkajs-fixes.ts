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

/**
 * kafkajs 2.2.4 drops aborted records from read_committed fetches by walking the broker's list of aborted
 * transactions in order, assuming it is sorted by first offset. Kafka 4 brokers return that list unsorted
 * (the Java client sorts it itself), so kafkajs delivered records of aborted transactions: seen against
 * Kafka 4.3.1 with two aborted transactions listed as [firstOffset 3, firstOffset 0]. Sorting the list as
 * the Java client does restores read_committed. Applies to every Fetch version that carries the list.
 */
export function applyKafkajsFixes(): void {
  checkKafkajsVersion((requireFromKafkajs('./package.json') as { version: string }).version);
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
