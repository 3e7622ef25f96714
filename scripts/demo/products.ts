import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPrng, parseCsv, shuffleInPlace } from '@category-match/model-server/reference-model';

/** One PriceRunner offer: the demo sends its title and checks the answer against its category. */
export interface Product {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  /** Offers of one physical product share a cluster; the model's train/held-out split follows it. */
  readonly clusterId: string;
}

const repoRoot = path.resolve(__dirname, '..', '..');
export const productsCsvPath = path.resolve(repoRoot, '..', 'shared', 'data', 'pricerunner', 'products.csv');

const columns = ['product_id', 'product_title', 'category_label', 'cluster_id'] as const;

/** Reads the products CSV (RFC 4180: titles may be quoted); a missing column or empty field is named. */
export function productsFromCsv(text: string, source: string): Product[] {
  const rows = parseCsv(text).filter((row) => row.some((field) => field.trim() !== ''));
  const header = rows.shift()?.map((name) => name.trim());
  if (header === undefined) throw new Error(`${source} is empty`);
  const [idAt, titleAt, categoryAt, clusterAt] = columns.map((name) => {
    const position = header.indexOf(name);
    if (position < 0) throw new Error(`${source} has no column "${name}" (columns: ${header.join(', ')})`);
    return position;
  }) as [number, number, number, number];
  return rows.map((row, index) => {
    const product = {
      id: row[idAt]?.trim() ?? '',
      title: row[titleAt]?.trim() ?? '',
      category: row[categoryAt]?.trim() ?? '',
      clusterId: row[clusterAt]?.trim() ?? '',
    };
    if (Object.values(product).some((field) => field === '')) {
      throw new Error(`${source} line ${index + 2}: ${columns.join(', ')} must not be empty`);
    }
    return product;
  });
}

/**
 * The file lists offers grouped by category; a seeded shuffle mixes them so the stream looks like
 * real traffic while every run with the same seed sends the same titles in the same order.
 * Products in `firstClusters` (those the model never saw in training) come first, so the
 * accuracy the demo shows is the model's accuracy on new products.
 */
export function streamOrder(products: readonly Product[], seed: number, firstClusters = new Set<string>()): Product[] {
  const random = createPrng(seed);
  const first = products.filter((product) => firstClusters.has(product.clusterId));
  const rest = products.filter((product) => !firstClusters.has(product.clusterId));
  return [...shuffleInPlace(first, random), ...shuffleInPlace(rest, random)];
}

export async function loadProducts(file: string = productsCsvPath): Promise<Product[]> {
  return productsFromCsv(await readFile(file, 'utf8'), file);
}
