import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The header of one record batch of a log segment, and the marker a control batch carries. */
export interface SegmentBatch {
  readonly baseOffset: bigint;
  readonly lastOffset: bigint;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly transactional: boolean;
  /** A control batch: the COMMIT or ABORT marker of a transaction. */
  readonly marker?: 'COMMIT' | 'ABORT';
}

// Record batch v2 (magic 2) header offsets, per the Kafka protocol's "Record Batch" layout.
const headerSize = 61;
const attributesAt = 21;
const lastOffsetDeltaAt = 23;
const producerIdAt = 43;
const producerEpochAt = 51;
const transactionalBit = 1 << 4;
const controlBit = 1 << 5;

/** Reads a zigzag varint at `at`; returns the value and the next position. */
function varint(buffer: Buffer, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  let position = at;
  for (;;) {
    const byte = buffer.readUInt8(position++);
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return [(result >>> 1) ^ -(result & 1), position];
}

/** A control batch's first record key: version (int16) then type (0 ABORT, 1 COMMIT). */
function markerOf(buffer: Buffer, recordsAt: number): 'COMMIT' | 'ABORT' | undefined {
  let at = varint(buffer, recordsAt)[1]; // record length
  at += 1; // record attributes
  at = varint(buffer, at)[1]; // timestamp delta
  at = varint(buffer, at)[1]; // offset delta
  const [keyLength, keyAt] = varint(buffer, at);
  if (keyLength < 4) return undefined;
  const type = buffer.readInt16BE(keyAt + 2);
  return type === 1 ? 'COMMIT' : type === 0 ? 'ABORT' : undefined;
}

/**
 * The batches of one segment file's bytes, in order. Reading Kafka's on-disk format by hand: no
 * Node library reads log segments, and only the batch headers and control keys are needed. A
 * batch still being written at the end of an active segment is left out.
 */
export function readSegmentBatches(buffer: Buffer): SegmentBatch[] {
  const batches: SegmentBatch[] = [];
  for (let at = 0; at + headerSize <= buffer.length;) {
    const size = 12 + buffer.readInt32BE(at + 8);
    if (size < headerSize || at + size > buffer.length) break;
    const attributes = buffer.readInt16BE(at + attributesAt);
    const baseOffset = buffer.readBigInt64BE(at);
    const control = (attributes & controlBit) !== 0;
    const marker = control ? markerOf(buffer, at + headerSize) : undefined;
    batches.push({
      baseOffset,
      lastOffset: baseOffset + BigInt(buffer.readInt32BE(at + lastOffsetDeltaAt)),
      producerId: buffer.readBigInt64BE(at + producerIdAt),
      producerEpoch: buffer.readInt16BE(at + producerEpochAt),
      transactional: (attributes & transactionalBit) !== 0,
      ...(marker === undefined ? {} : { marker }),
    });
    at += size;
  }
  return batches;
}

/** Every batch of a partition directory (`<log dir>/<topic>-<partition>`), segment after segment. */
export async function readPartitionBatches(partitionDir: string): Promise<SegmentBatch[]> {
  const segments = (await readdir(partitionDir)).filter((name) => name.endsWith('.log')).sort();
  const batches: SegmentBatch[] = [];
  for (const segment of segments) batches.push(...readSegmentBatches(await readFile(path.join(partitionDir, segment))));
  return batches;
}
