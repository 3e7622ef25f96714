import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonItem } from '@category-match/model-server/compare';
import { loadDataset, productsCsv, splitByCluster } from '@category-match/model-server/reference-model';
import { consumeTopic } from './consume';
import { bootstrapBrokers, kafkaClient, resolveKafkaConnection, type KafkaConnectionOptions } from './kafka-connection';
import { readProducts } from './product-input';

/** The training split a model's model.json records (the reference builder's), or undefined for other models. */
function trainingSplitOf(dir: string): { seed: number; heldOutFraction: number } | undefined {
  try {
    const card = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      training?: { seed?: unknown };
      evaluation?: { heldOutFraction?: unknown };
    };
    const seed = card.training?.seed;
    const heldOutFraction = card.evaluation?.heldOutFraction;
    return typeof seed === 'number' && typeof heldOutFraction === 'number' ? { seed, heldOutFraction } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The titles a comparison runs on: `held-out` (labelled offers of the reference data that neither model trained
 * on, from the splits their model.json records), a CSV or JSON Lines file (labelled when it has a category column
 * or field), or `topic:<name>`, a bounded sample of a real topic's titles.
 */
export async function comparisonItems(
  input: string,
  limit: number,
  kafka: KafkaConnectionOptions,
  modelDirs: readonly string[],
): Promise<{ items: ComparisonItem[]; source: string }> {
  if (input === 'held-out') {
    const products = loadDataset(productsCsv).products;
    const splits = modelDirs.map(trainingSplitOf);
    const known = splits.filter((split) => split !== undefined);
    // A model of unknown training data is judged on the reference model's evaluation clusters (seed 42).
    const unseen = (known.length > 0 ? known : [{ seed: 42, heldOutFraction: 0.2 }]).map(
      ({ seed, heldOutFraction }) =>
        new Set(splitByCluster(products, heldOutFraction, seed).heldOut.map((product) => product.clusterId)),
    );
    const items = products
      .filter((product) => unseen.every((clusters) => clusters.has(product.clusterId)))
      .slice(0, limit)
      .map(({ title, category }) => ({ title, category }));
    const caveat = known.length < modelDirs.length ? '; a model without a recorded split may have trained on some' : '';
    return {
      items,
      source: `offers of ${path.basename(productsCsv)} held out from ${known.length > 0 ? "both models' training" : 'the reference model (seed 42)'}${caveat}`,
    };
  }
  if (input.startsWith('topic:')) {
    const topic = input.slice('topic:'.length);
    const connection = resolveKafkaConnection(kafka, process.env);
    const brokers = await bootstrapBrokers(connection);
    const titles: string[] = [];
    await consumeTopic(
      kafkaClient(connection, brokers, 'category-match-cli-compare'),
      { topic, fromBeginning: true, limit, idleTimeoutMs: 5_000 },
      ({ value }) => {
        const title = typeof value === 'object' && value !== null ? (value as { title?: unknown }).title : undefined;
        if (typeof title === 'string' && title.trim() !== '') titles.push(title);
      },
      new AbortController().signal,
    );
    return {
      items: titles.map((title) => ({ title })),
      source: `the start of ${topic} at ${brokers.join(',')}`,
    };
  }
  const items: ComparisonItem[] = [];
  for await (const item of readProducts({ file: input }, undefined, 'line')) {
    if (item.kind === 'product' && item.title.trim() !== '') items.push({ title: item.title, category: item.category });
    if (items.length >= limit) break;
  }
  return { items, source: input };
}
