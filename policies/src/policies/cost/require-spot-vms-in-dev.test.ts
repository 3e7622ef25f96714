import { fixtures, inStack, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireSpotVmsInDev as policy } from './require-spot-vms-in-dev';

describe('require-spot-vms-in-dev', () => {
  it('passes a dev GPU pool on spot VMs', async () => {
    expect(await validateResource(policy, fixtures.gpuPool('dev'))).toEqual([]);
  });

  it('flags a dev GPU pool on on-demand VMs', async () => {
    const violations = await validateResource(policy, withChange(fixtures.gpuPool('dev'), 'nodeConfig.spot', false));
    expect(violations).toEqual([
      expect.stringMatching(/Node pool "gpu" runs on on-demand VMs in a dev stack.*nodeConfig.spot: true/),
    ]);
  });

  it('lets ops pools run on-demand', async () => {
    expect(await validateResource(policy, withChange(fixtures.gpuPool('ops'), 'nodeConfig.spot', false))).toEqual([]);
  });

  it('takes the environment from policy config over the stack name', async () => {
    const onDemand = withChange(inStack(fixtures.gpuPool(), 'sandbox'), 'nodeConfig.spot', false);
    expect(await validateResource(policy, onDemand, { environment: 'dev' })).toHaveLength(1);
  });

  it('checks CPU pools only when the scope is all pools', async () => {
    expect(await validateResource(policy, fixtures.systemPool('dev'))).toEqual([]);
    expect(await validateResource(policy, fixtures.systemPool('dev'), { scope: 'all-pools' })).toHaveLength(1);
  });
});
