import { labelFieldOf } from './labels';

describe('labelFieldOf', () => {
  it('knows where clusters and node pools keep the labels billing sees', () => {
    expect(labelFieldOf('gcp:container/cluster:Cluster', {})).toEqual(['resourceLabels']);
    expect(labelFieldOf('gcp:container/nodePool:NodePool', {})).toEqual(['nodeConfig', 'resourceLabels']);
  });

  it('checks `labels` on any other GCP resource that has them', () => {
    expect(labelFieldOf('gcp:compute/disk:Disk', {})).toEqual(['labels']);
    expect(labelFieldOf('gcp:dataproc/cluster:Cluster', { labels: {} })).toEqual(['labels']);
  });

  it('skips types that take no labels', () => {
    expect(labelFieldOf('gcp:compute/network:Network', { name: 'vpc' })).toBeUndefined();
  });
});
