import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { splitByCluster } from '@category-match/model-server/reference-model';
import type { Product } from './products';

/** What model.json says about how the model was evaluated: held-out clusters, chosen by seed. */
const evaluationSchema = z.object({
  training: z.object({ seed: z.number().int() }),
  evaluation: z.object({ split: z.literal('cluster_id'), heldOutFraction: z.number().gt(0).lt(1) }),
});

/**
 * The clusters the reference model was evaluated on and never trained on, recomputed with the
 * builder's own split; empty when model.json does not describe such a split (another model).
 */
export async function heldOutClusters(modelDir: string, products: readonly Product[]): Promise<Set<string>> {
  const text = await readFile(path.join(modelDir, 'model.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return new Set();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Set();
  }
  const parsed = evaluationSchema.safeParse(json);
  if (!parsed.success) return new Set();
  const { heldOut } = splitByCluster([...products], parsed.data.evaluation.heldOutFraction, parsed.data.training.seed);
  return new Set(heldOut.map((product) => product.clusterId));
}
