import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireNonRootContainers as policy } from './require-non-root-containers';

describe('require-non-root-containers', () => {
  it('passes workloads whose pods run as non-root', async () => {
    for (const resource of [fixtures.worker(), fixtures.inferenceService(), fixtures.servingRuntime()]) {
      expect(await validateResource(policy, resource)).toEqual([]);
    }
  });

  it('flags a container that overrides the pod to run as root', async () => {
    const root = withChange(fixtures.worker(), 'spec.template.spec.containers.0.securityContext', { runAsUser: 0 });
    expect(await validateResource(policy, root)).toEqual([
      expect.stringMatching(/Deployment "worker" container "worker" may run as root.*runAsNonRoot: true/),
    ]);
  });

  it('flags a transformer container without a non-root security context', async () => {
    const service = withChange(fixtures.inferenceService(), 'spec.transformer.securityContext', undefined);
    expect(await validateResource(policy, service)).toEqual([
      expect.stringMatching(
        /InferenceService "category-classifier" transformer container "kserve-container" may run as root/,
      ),
    ]);
  });

  it("lets the predictor's model container inherit the serving runtime's non-root setting", async () => {
    const service = withChange(fixtures.inferenceService(), 'spec.predictor.securityContext', undefined);
    expect(await validateResource(policy, service)).toEqual([]);
  });

  it('flags a model container that asks for root explicitly', async () => {
    const service = withChange(fixtures.inferenceService(), 'spec.predictor.model.securityContext', { runAsUser: 0 });
    expect(await validateResource(policy, service)).toEqual([
      expect.stringMatching(/predictor container "kserve-container" may run as root/),
    ]);
  });

  it('ignores resources that run no pods', async () => {
    expect(await validateResource(policy, fixtures.kafka())).toEqual([]);
  });
});
