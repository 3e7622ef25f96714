import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDataset, splitByCluster, type Product } from './dataset';

const products: Product[] = Array.from({ length: 200 }, (_, i) => ({
  title: `product ${i}`,
  clusterId: String(i % 40),
  category: i % 2 === 0 ? 'TVs' : 'CPUs',
}));

describe('splitByCluster', () => {
  it('never puts offers of one cluster on both sides', () => {
    const { train, heldOut } = splitByCluster(products, 0.25, 7);
    const trainClusters = new Set(train.map((product) => product.clusterId));
    expect(heldOut.some((product) => trainClusters.has(product.clusterId))).toBe(false);
    expect(new Set(heldOut.map((product) => product.clusterId)).size).toBe(10);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const ids = (seed: number) => splitByCluster(products, 0.25, seed).heldOut.map((product) => product.title);
    expect(ids(1)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(2));
  });
});

describe('loadDataset', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataset-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads titles, clusters and sorted labels, and hashes the file', () => {
    const file = path.join(dir, 'ok.csv');
    writeFileSync(file, 'product_title,cluster_id,category_label\nsamsung tv,1,TVs\nintel i7,2,CPUs\n');
    const dataset = loadDataset(file);
    expect(dataset.labels).toEqual(['CPUs', 'TVs']);
    expect(dataset.products).toHaveLength(2);
    expect(dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names a missing column', () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'product_title,category_label\nsamsung tv,TVs\n');
    expect(() => loadDataset(file)).toThrow(/no column "cluster_id"/);
  });
});
