import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCsv } from './csv';
import { createPrng, shuffleInPlace } from './prng';

export interface Product {
  title: string;
  clusterId: string;
  category: string;
}

export interface Dataset {
  products: Product[];
  /** Category names, sorted: the label of logit i is `labels[i]`. */
  labels: string[];
  sha256: string;
}

const REQUIRED_COLUMNS = ['product_title', 'cluster_id', 'category_label'] as const;

/** Reads the PriceRunner products CSV; a missing column or an empty file is an error naming it. */
export function loadDataset(file: string): Dataset {
  const bytes = readFileSync(file);
  const rows = parseCsv(bytes.toString('utf8')).filter((row) => row.some((field) => field.trim() !== ''));
  const header = rows.shift();
  if (header === undefined) throw new Error(`${file} is empty`);
  const columns = header.map((name) => name.trim());
  const index = Object.fromEntries(
    REQUIRED_COLUMNS.map((name) => {
      const position = columns.indexOf(name);
      if (position < 0) throw new Error(`${file} has no column "${name}" (columns: ${columns.join(', ')})`);
      return [name, position];
    }),
  ) as Record<(typeof REQUIRED_COLUMNS)[number], number>;
  const products = rows.map((row, line) => {
    const title = row[index.product_title]?.trim() ?? '';
    const clusterId = row[index.cluster_id]?.trim() ?? '';
    const category = row[index.category_label]?.trim() ?? '';
    if (title === '' || clusterId === '' || category === '') {
      throw new Error(`${file} line ${line + 2}: product_title, cluster_id and category_label must not be empty`);
    }
    return { title, clusterId, category };
  });
  if (products.length === 0) throw new Error(`${file} has no rows`);
  const labels = [...new Set(products.map((product) => product.category))].sort();
  return { products, labels, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Splits by cluster_id, so every offer for one physical product lands on the same side and
 * near-duplicate titles cannot inflate held-out accuracy.
 */
export function splitByCluster(
  products: Product[],
  heldOutFraction: number,
  seed: number,
): { train: Product[]; heldOut: Product[] } {
  const clusters = shuffleInPlace([...new Set(products.map((product) => product.clusterId))].sort(), createPrng(seed));
  const heldOutClusters = new Set(clusters.slice(0, Math.round(clusters.length * heldOutFraction)));
  const train: Product[] = [];
  const heldOut: Product[] = [];
  for (const product of products) (heldOutClusters.has(product.clusterId) ? heldOut : train).push(product);
  return { train, heldOut };
}

/**
 * The three parts of the data the builder uses: `train`; `calibration`, half of the held-out clusters, which fits
 * the score temperature; `evaluation`, the other half, where model.json's figures are measured. Neither held-out
 * half is trained on.
 */
export function splitForModel(
  products: Product[],
  heldOutFraction: number,
  seed: number,
): { train: Product[]; calibration: Product[]; evaluation: Product[] } {
  const { train, heldOut } = splitByCluster(products, heldOutFraction, seed);
  const { train: calibration, heldOut: evaluation } = splitByCluster(heldOut, 0.5, seed);
  return { train, calibration, evaluation };
}
