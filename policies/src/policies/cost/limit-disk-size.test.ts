import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { limitDiskSize as policy } from './limit-disk-size';

describe('limit-disk-size', () => {
  it('passes disks and node disks within the cap', async () => {
    for (const resource of [fixtures.disk(), fixtures.gpuPool(), fixtures.cluster()]) {
      expect(await validateResource(policy, resource)).toEqual([]);
    }
  });

  it('flags a disk above the default cap, naming it and the cap', async () => {
    const violations = await validateResource(policy, withChange(fixtures.disk(), 'size', 500));
    expect(violations).toEqual([
      expect.stringMatching(/Disk "model-store" asks for a 500 GB disk, above the 200 GB cap/),
    ]);
  });

  it('flags a node pool boot disk above a configured cap', async () => {
    expect(await validateResource(policy, fixtures.gpuPool(), { maxDiskSizeGb: 50 })).toEqual([
      expect.stringMatching(/nodeConfig.diskSizeGb/),
    ]);
  });

  it('flags an oversized default node pool disk on the cluster', async () => {
    expect(
      await validateResource(policy, withChange(inStack(fixtures.cluster(), 'dev'), 'nodeConfig.diskSizeGb', 1000)),
    ).toHaveLength(1);
  });
});
