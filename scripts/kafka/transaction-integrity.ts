import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readPartitionBatches, type SegmentBatch } from './log-segments';

/** What one partition's log says about its transactions. */
export interface PartitionTransactions {
  readonly partition: string;
  readonly committed: number;
  readonly aborted: number;
  /** Each finding: a transaction whose data no marker closed. */
  readonly anomalies: readonly string[];
  /** Transactions still open at the end of the log: in flight, or never closed. */
  readonly open: readonly string[];
}

/**
 * Walks a partition's batches producer by producer: transactional data opens a transaction, a
 * COMMIT or ABORT marker of the same producer closes it. Data of a newer epoch while the older
 * epoch's transaction is still open means a marker was never written: the records of the old
 * transaction stay invisible to read_committed consumers, or reappear when replayed.
 */
export function checkPartitionTransactions(partition: string, batches: readonly SegmentBatch[]): PartitionTransactions {
  const open = new Map<bigint, { epoch: number; firstOffset: bigint; lastOffset: bigint }>();
  const anomalies: string[] = [];
  let committed = 0;
  let aborted = 0;
  for (const batch of batches) {
    if (!batch.transactional) continue;
    const current = open.get(batch.producerId);
    if (batch.marker !== undefined) {
      if (current !== undefined) {
        open.delete(batch.producerId);
        if (batch.marker === 'COMMIT') committed += 1;
        else aborted += 1;
      }
      continue;
    }
    if (current === undefined) {
      open.set(batch.producerId, {
        epoch: batch.producerEpoch,
        firstOffset: batch.baseOffset,
        lastOffset: batch.lastOffset,
      });
    } else if (current.epoch !== batch.producerEpoch) {
      anomalies.push(
        `${partition}: producer ${batch.producerId} wrote epoch ${current.epoch} data at offsets ${current.firstOffset}-${current.lastOffset} ` +
          `and then epoch ${batch.producerEpoch} data at offset ${batch.baseOffset} with no COMMIT or ABORT marker between`,
      );
      open.set(batch.producerId, {
        epoch: batch.producerEpoch,
        firstOffset: batch.baseOffset,
        lastOffset: batch.lastOffset,
      });
    } else {
      current.lastOffset = batch.lastOffset;
    }
  }
  const stillOpen = [...open].map(
    ([producerId, { epoch, firstOffset, lastOffset }]) =>
      `${partition}: producer ${producerId} epoch ${epoch} at offsets ${firstOffset}-${lastOffset} has no marker yet`,
  );
  return { partition, committed, aborted, anomalies, open: stillOpen };
}

/** Every partition directory of `topics` in a broker's log directory, checked. */
export async function checkTopicTransactions(
  logDir: string,
  topics: readonly string[],
): Promise<PartitionTransactions[]> {
  const entries = (await readdir(logDir)).filter((name) =>
    topics.some((topic) => name.startsWith(`${topic}-`) && /^\d+$/.test(name.slice(topic.length + 1))),
  );
  const results: PartitionTransactions[] = [];
  for (const entry of entries.sort()) {
    results.push(checkPartitionTransactions(entry, await readPartitionBatches(path.join(logDir, entry))));
  }
  return results;
}

/**
 * The broker log's lines where the transaction coordinator skipped the markers of a partition it
 * took for deleted (KAFKA-20734), for topics that do exist.
 */
export async function skippedMarkerLines(serverLog: string, topics: readonly string[]): Promise<string[]> {
  const text = await readFile(serverLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.includes("Couldn't find leader endpoint") && line.includes('can be skipped'))
    .filter((line) => topics.some((topic) => line.includes(`${topic}-`)));
}

/** A broker's verdict on `topics`: one line per partition and per finding; clean when nothing was found. */
export async function verifyTransactions(
  dataDir: string,
  serverLog: string,
  topics: readonly string[],
): Promise<{ clean: boolean; lines: string[]; findings: string[] }> {
  const partitions = await checkTopicTransactions(dataDir, topics);
  const skipped = await skippedMarkerLines(serverLog, topics);
  const findings = [
    ...partitions.flatMap((partition) => [...partition.anomalies, ...partition.open]),
    ...skipped,
    ...(partitions.length === 0 ? [`no partition of ${topics.join(', ')} in ${dataDir}`] : []),
  ];
  const lines = [
    ...partitions.map(
      (partition) =>
        `${partition.partition}: ${partition.committed} committed, ${partition.aborted} aborted, ` +
        `${partition.anomalies.length} without a marker, ${partition.open.length} open`,
    ),
    ...findings,
    findings.length === 0 ? 'every transaction is closed by its own marker' : `${findings.length} finding(s)`,
  ];
  return { clean: findings.length === 0, lines, findings };
}
