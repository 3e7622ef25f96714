import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseCsv } from '@category-match/model-server/reference-model';

export const inputFormats = ['csv', 'jsonl', 'text'] as const;
export type InputFormat = (typeof inputFormats)[number];

/** One product to send, or a line that cannot become one (named, so nothing is dropped silently). */
export type InputItem =
  | { readonly kind: 'product'; readonly id: string; readonly title: string; readonly category?: string }
  | { readonly kind: 'problem'; readonly line: number; readonly message: string };

/** The format a file's name suggests; standard input is JSON Lines when its first line is an object, else text. */
export function formatOfFile(file: string): InputFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  return 'text';
}

const idColumns = ['id', 'product_id'];
const titleColumns = ['title', 'product_title'];
const categoryColumns = ['category', 'category_label'];

/** A CSV with a header naming an id column (`id` or `product_id`) and a title column (`title` or `product_title`). */
export function productsOfCsv(text: string, source: string): InputItem[] {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((name) => name.trim().toLowerCase());
  if (header === undefined) throw new Error(`${source} is empty`);
  const idAt = header.findIndex((name) => idColumns.includes(name));
  const titleAt = header.findIndex((name) => titleColumns.includes(name));
  const categoryAt = header.findIndex((name) => categoryColumns.includes(name));
  if (idAt < 0 || titleAt < 0) {
    throw new Error(
      `${source}: the header needs an id column (${idColumns.join(' or ')}) and a title column ` +
        `(${titleColumns.join(' or ')}); it has ${header.join(', ')}`,
    );
  }
  return rows.flatMap((row, index): InputItem[] => {
    if (row.every((field) => field.trim() === '')) return [];
    const id = row[idAt]?.trim() ?? '';
    if (id === '') return [{ kind: 'problem', line: index + 2, message: 'no id' }];
    const category = categoryAt < 0 ? undefined : row[categoryAt]?.trim();
    return [{ kind: 'product', id, title: row[titleAt] ?? '', ...(category ? { category } : {}) }];
  });
}

/** One JSON Lines line: an object with `id` (string or number) and `title` (string); other fields are ignored. */
export function productOfJsonLine(text: string, line: number): InputItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'problem', line, message: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'problem', line, message: 'not a JSON object' };
  }
  const { id, title, category } = value as Record<string, unknown>;
  if (typeof id !== 'string' && typeof id !== 'number')
    return { kind: 'problem', line, message: 'no "id" (string or number)' };
  if (typeof title !== 'string') return { kind: 'problem', line, message: 'no "title" string' };
  return { kind: 'product', id: String(id), title, ...(typeof category === 'string' ? { category } : {}) };
}

/**
 * The products of a file or of standard input, in order. CSV is read whole (a quoted title may span lines); JSON
 * Lines and text are streamed, so `tail -f file | category-match produce` sends as lines arrive. Text lines are
 * titles, with ids `<idPrefix>-<line>`.
 */
export async function* readProducts(
  source: { readonly file: string } | { readonly stdin: Readable },
  format: InputFormat | undefined,
  idPrefix: string,
): AsyncGenerator<InputItem> {
  const name = 'file' in source ? source.file : 'standard input';
  const chosen = format ?? ('file' in source ? formatOfFile(source.file) : undefined);
  if (chosen === 'csv') {
    const text = 'file' in source ? await readFile(source.file, 'utf8') : await readAll(source.stdin);
    yield* productsOfCsv(text, name);
    return;
  }
  const stream = 'file' in source ? createReadStream(source.file, 'utf8') : source.stdin.setEncoding('utf8');
  let lineFormat = chosen;
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    lineFormat ??= text.trimStart().startsWith('{') ? 'jsonl' : 'text';
    yield lineFormat === 'jsonl'
      ? productOfJsonLine(text, line)
      : { kind: 'product', id: `${idPrefix}-${line}`, title: text };
  }
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream.setEncoding('utf8')) text += String(chunk);
  return text;
}
