import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireGpuPoolScaleFromZero as policy } from './require-gpu-pool-scale-from-zero';

describe('require-gpu-pool-scale-from-zero', () => {
  it('passes a GPU pool that autoscales from zero', async () => {
    expect(await validateResource(policy, fixtures.gpuPool())).toEqual([]);
  });

  it('ignores CPU pools that keep nodes running', async () => {
    expect(await validateResource(policy, fixtures.systemPool())).toEqual([]);
  });

  it('flags a GPU pool that keeps a node warm, naming the pool and the fix', async () => {
    const violations = await validateResource(
      policy,
      withChange(fixtures.gpuPool(), 'autoscaling.totalMinNodeCount', 1),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/GPU node pool "gpu" keeps at least 1 GPU node.*Fix: set autoscaling.minNodeCount/);
  });

  it('flags a GPU pool without autoscaling', async () => {
    const violations = await validateResource(policy, withChange(fixtures.gpuPool(), 'autoscaling', undefined));
    expect(violations).toEqual([expect.stringMatching(/has no autoscaling/)]);
  });

  it('treats an accelerator-optimised machine type as a GPU pool', async () => {
    const g2 = withChange(
      withChange(fixtures.gpuPool(), 'nodeConfig.guestAccelerators', []),
      'nodeConfig.machineType',
      'g2-standard-8',
    );
    expect(await validateResource(policy, withChange(g2, 'autoscaling.totalMinNodeCount', 2))).toHaveLength(1);
  });

  it('lets a stack that allows always-on GPUs keep a node warm', async () => {
    const warm = withChange(inStack(fixtures.gpuPool(), 'ops'), 'autoscaling.totalMinNodeCount', 1);
    expect(await validateResource(policy, warm, { allowAlwaysOnGpus: true })).toEqual([]);
  });

  it('rejects a config value of the wrong type with the key named', async () => {
    await expect(validateResource(policy, fixtures.gpuPool(), { allowAlwaysOnGpus: 'yes' })).rejects.toThrow(
      /allowAlwaysOnGpus/,
    );
  });
});
