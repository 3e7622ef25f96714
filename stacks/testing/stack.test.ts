import { readStackConfig, readStackConfigText, runStackWithMocks, type StackRun } from './stack';

describe('runStackWithMocks', () => {
  let dev: StackRun | undefined;
  beforeAll(async () => {
    dev = await runStackWithMocks('dev');
  });

  function devRun(): StackRun {
    if (dev === undefined) throw new Error('the dev stack did not run');
    return dev;
  }

  it('records every resource of the stack with its inputs', () => {
    expect(devRun().resources.length).toBeGreaterThan(10);
    expect(
      devRun().recorder.get('gcp:container/cluster:Cluster', 'category-match-dev-cluster-gke').inputs['name'],
    ).toBe('category-match-dev-gke');
  });

  it('names what was registered when a lookup misses', () => {
    expect(() => devRun().recorder.get('gcp:container/nodePool:NodePool', 'missing')).toThrow(
      /No gcp:container\/nodePool:NodePool named "missing".*category-match-dev-nodes-gpu/,
    );
  });

  it('applies config overrides on top of the stack file', async () => {
    const { recorder } = await runStackWithMocks('ops', { config: { gpuMaxNodes: '7' } });
    const gpu = recorder.get('gcp:container/nodePool:NodePool', 'category-match-ops-nodes-gpu');
    expect(gpu.inputs['autoscaling']).toMatchObject({ totalMaxNodeCount: 7 });
  });
});

describe('stack config files', () => {
  it('namespaces every key and fills the project defaults', () => {
    const text = readStackConfigText('dev');
    expect(text['category-match:gcpZones']).toBe('["europe-west4-a"]');
    expect(text['category-match:servingNamespace']).toBe('category-match');
  });

  it('gives the stack values as the text Pulumi hands over', () => {
    expect(readStackConfig('ops')).toMatchObject({ deletionProtection: 'true', gpuMaxNodes: '4' });
  });
});
