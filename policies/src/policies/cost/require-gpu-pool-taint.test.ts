import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireGpuPoolTaint as policy } from './require-gpu-pool-taint';

describe('require-gpu-pool-taint', () => {
  it('passes a GPU pool tainted nvidia.com/gpu NoSchedule', async () => {
    expect(await validateResource(policy, fixtures.gpuPool())).toEqual([]);
  });

  it('does not ask CPU pools for the taint', async () => {
    expect(await validateResource(policy, inStack(fixtures.systemPool(), 'ops'))).toEqual([]);
  });

  it('flags a GPU pool without the taint, naming the pool and the taint to add', async () => {
    const violations = await validateResource(policy, withChange(fixtures.gpuPool(), 'nodeConfig.taints', []));
    expect(violations).toEqual([
      expect.stringMatching(
        /GPU node pool "gpu" lacks the nvidia.com\/gpu NoSchedule taint.*Fix: add nodeConfig.taints/,
      ),
    ]);
  });

  it('flags a GPU taint with a weaker effect', async () => {
    const soft = withChange(fixtures.gpuPool(), 'nodeConfig.taints', [
      { key: 'nvidia.com/gpu', value: 'present', effect: 'PREFER_NO_SCHEDULE' },
    ]);
    expect(await validateResource(policy, soft)).toHaveLength(1);
  });
});
