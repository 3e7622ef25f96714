import type { ResourceValidationPolicy } from '@pulumi/policy';
import { fixtures, withChange } from '../../test/fixtures';
import { validateResource } from '../../test/harness';
import { podTemplates } from './workloads';

/** A policy that reports the containers `podTemplates` finds, so the harness can call it like the engine does. */
const listContainers: ResourceValidationPolicy = {
  name: 'list-containers',
  description: 'test probe',
  validateResource: (args, report) => {
    const templates = podTemplates(args, report);
    if (templates === undefined) return args.notApplicable('no pods');
    for (const template of templates) {
      for (const container of template.containers) report(`${template.role}/${container.name ?? '?'}`);
    }
  },
};

const container = { name: 'main', image: 'busybox' };
const podSpec = { containers: [container], initContainers: [{ name: 'init', image: 'busybox' }] };

describe('podTemplates', () => {
  it.each([
    ['kubernetes:apps/v1:StatefulSet', { spec: { template: { spec: podSpec } } }],
    ['kubernetes:apps/v1:DaemonSet', { spec: { template: { spec: podSpec } } }],
    ['kubernetes:batch/v1:Job', { spec: { template: { spec: podSpec } } }],
    ['kubernetes:batch/v1:CronJob', { spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } }],
    ['kubernetes:core/v1:Pod', { spec: podSpec }],
    ['kubernetes:serving.knative.dev/v1:Service', { spec: { template: { spec: podSpec } } }],
  ])('finds init and main containers of a %s', async (type, props) => {
    expect(await validateResource(listContainers, { type, name: 'x', props })).toEqual(['pod/init', 'pod/main']);
  });

  it('finds the model container and the containers of each InferenceService component', async () => {
    expect(await validateResource(listContainers, fixtures.inferenceService())).toEqual([
      'predictor/kserve-container',
      'transformer/kserve-container',
    ]);
  });

  it('finds the containers of a serving runtime', async () => {
    expect(await validateResource(listContainers, fixtures.servingRuntime())).toEqual(['runtime/kserve-container']);
  });

  it('reports a workload whose containers it cannot read', async () => {
    const broken = withChange(fixtures.inferenceService(), 'spec.transformer.containers', 'kserve-container');
    expect(await validateResource(listContainers, broken)).toEqual([
      expect.stringMatching(/InferenceService "category-classifier" cannot be checked: spec.transformer.containers/),
    ]);
  });

  it('finds nothing in resources that run no pods', async () => {
    expect(await validateResource(listContainers, fixtures.kafka())).toEqual([]);
  });
});
