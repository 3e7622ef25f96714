import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { heldOutClusters } from './held-out';

const products = Array.from({ length: 100 }, (_, i) => ({
  id: String(i),
  title: `t${i}`,
  category: 'c',
  clusterId: String(i % 20),
}));

describe('held-out clusters', () => {
  let modelDir: string;

  beforeEach(async () => {
    modelDir = await mkdtemp(path.join(os.tmpdir(), 'held-out-'));
  });

  afterEach(async () => {
    await rm(modelDir, { recursive: true, force: true });
  });

  it('recomputes the split model.json describes: the same share of clusters, the same for the same seed', async () => {
    const modelJson = { training: { seed: 42 }, evaluation: { split: 'cluster_id', heldOutFraction: 0.2 } };
    await writeFile(path.join(modelDir, 'model.json'), JSON.stringify(modelJson));
    const clusters = await heldOutClusters(modelDir, products);
    expect(clusters.size).toBe(4);
    await expect(heldOutClusters(modelDir, [...products].reverse())).resolves.toEqual(clusters);
  });

  it('holds nothing out for a model that does not describe its split', async () => {
    await writeFile(path.join(modelDir, 'model.json'), JSON.stringify({ name: 'other' }));
    await expect(heldOutClusters(modelDir, products)).resolves.toEqual(new Set());
  });

  it('holds nothing out when there is no model.json', async () => {
    await expect(heldOutClusters(modelDir, products)).resolves.toEqual(new Set());
  });
});
