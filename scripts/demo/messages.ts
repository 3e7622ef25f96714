import { z } from 'zod';
import type { Product } from './products';

/** A `category-match-in` record: value as in worker/schemas/category-match-in.v1.schema.json, keyed by id. */
export function inputRecord(product: Product): { key: string; value: string } {
  return { key: product.id, value: JSON.stringify({ schemaVersion: 1, id: product.id, title: product.title }) };
}

const resultSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  category: z.string().min(1),
  score: z.number().min(0).max(1),
  model: z.object({ name: z.string(), version: z.string() }),
  processedAt: z.string(),
});

export type CategoryResult = z.infer<typeof resultSchema>;

/** Parses a `category-match-out` value; says what is wrong rather than throwing on odd bytes. */
export function parseResult(value: Buffer | null): CategoryResult | { error: string } {
  if (value === null) return { error: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { error: 'value is not JSON' };
  }
  const parsed = resultSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return { error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
}
