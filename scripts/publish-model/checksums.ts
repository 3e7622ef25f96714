import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** File name -> lowercase hex sha256. */
export type Digests = ReadonlyMap<string, string>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export async function sha256Files(dir: string, files: readonly string[]): Promise<Digests> {
  const digests = new Map<string, string>();
  for (const file of files) digests.set(file, await sha256File(path.join(dir, file)));
  return digests;
}

/** The manifest in `sha256sum` format (`<hex>  <file>`), one line per file, sorted by name. */
export function formatChecksums(digests: Digests): string {
  return [...digests]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, digest]) => `${digest}  ${file}\n`)
    .join('');
}

/** Reads `sha256sum` output (also what the copy Job prints); other lines are ignored. */
export function parseChecksums(text: string): Digests {
  const digests = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) digests.set(path.basename(match[2]), match[1]);
  }
  return digests;
}

/** One line per file whose copy is missing or differs from the source, empty when all match. */
export function compareDigests(expected: Digests, actual: Digests): string[] {
  const problems: string[] = [];
  for (const [file, digest] of expected) {
    const copied = actual.get(file);
    if (copied === undefined) problems.push(`${file}: not found in the store after the copy`);
    else if (copied !== digest) problems.push(`${file}: sha256 ${copied} in the store, ${digest} in the source`);
  }
  return problems;
}
