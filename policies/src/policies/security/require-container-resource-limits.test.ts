import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireContainerResourceLimits as policy } from './require-container-resource-limits';

describe('require-container-resource-limits', () => {
  it('passes containers with a memory limit and CPU and memory requests', async () => {
    for (const resource of [fixtures.worker(), fixtures.inferenceService(), fixtures.servingRuntime()]) {
      expect(await validateResource(policy, resource)).toEqual([]);
    }
  });

  it('flags a container without a memory limit, naming the field', async () => {
    const worker = withChange(fixtures.worker(), 'spec.template.spec.containers.0.resources.limits.memory', undefined);
    expect(await validateResource(policy, worker)).toEqual([
      expect.stringMatching(/Deployment "worker" container "worker" sets no limits.memory.*resources.limits.memory/),
    ]);
  });

  it('flags a transformer without any resources', async () => {
    const service = withChange(fixtures.inferenceService(), 'spec.transformer.containers.0.resources', undefined);
    expect(await validateResource(policy, service)).toEqual([
      expect.stringMatching(
        /transformer container "kserve-container" sets no limits.memory, requests.cpu, requests.memory/,
      ),
    ]);
  });

  it('does not ask for a CPU limit unless the stack does', async () => {
    const worker = withChange(fixtures.worker(), 'spec.template.spec.containers.0.resources.limits.cpu', undefined);
    expect(await validateResource(policy, worker)).toEqual([]);
    expect(await validateResource(policy, worker, { requiredLimits: ['cpu', 'memory'] })).toEqual([
      expect.stringMatching(/sets no limits.cpu/),
    ]);
  });
});
