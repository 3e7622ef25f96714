import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { validateManifest } from '../infra/validation';
import { setMocks, settle } from '../infra/testing/mocks';
import { deployApp, type AppFoundation } from './app';
import { readStackFiles, renderManifests } from './render';
import { parse } from 'yaml';
import { everythingPresent, runStackWithMocks } from './testing';

function fakeFoundation(stack: string): AppFoundation {
  return {
    kubeconfig: pulumi.output('apiVersion: v1'),
    provider: new k8s.Provider(`${stack}-cluster`, {}),
    naming: { project: 'category-match', stack },
    appPrerequisites: [
      new pulumi.ComponentResource('test:foundation:Identities', `${stack}-identities`),
      new pulumi.ComponentResource('test:foundation:ModelStore', `${stack}-model-store`),
    ],
  };
}

describe('deployApp', () => {
  it('with argocd delivery (ops) creates only an Argo CD Application syncing the rendered manifests', async () => {
    const recorder = setMocks({ stack: 'ops' });
    const { config } = readStackFiles('ops');
    deployApp(config, fakeFoundation('ops'), { ready: [] }, {}, { releaseLookups: everythingPresent });
    await settle();

    const applications = recorder.ofType('kubernetes:argoproj.io/v1alpha1:Application');
    expect(applications).toHaveLength(1);
    const inputs = applications[0]?.inputs ?? {};
    expect(inputs).toMatchObject({
      metadata: { name: 'category-match-ops', namespace: 'argocd' },
      spec: {
        source: { repoURL: config.gitRepoUrl, targetRevision: 'main', path: 'stacks/ops/manifests' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(validateManifest(inputs)).toEqual([]);
    expect(recorder.ofType('kubernetes:apps/v1:Deployment')).toEqual([]);
  });

  it('with pulumi delivery (dev) creates the model API, the worker and its autoscaling', async () => {
    const recorder = setMocks({ stack: 'dev' });
    const { config } = readStackFiles('dev');
    deployApp(config, fakeFoundation('dev'), { ready: [] }, {}, { releaseLookups: everythingPresent });
    await settle();

    for (const type of [
      'kubernetes:serving.kserve.io/v1alpha1:ClusterServingRuntime',
      'kubernetes:serving.kserve.io/v1beta1:InferenceService',
      'kubernetes:apps/v1:Deployment',
      'kubernetes:policy/v1:PodDisruptionBudget',
      'kubernetes:keda.sh/v1alpha1:ScaledObject',
      'kubernetes:security.istio.io/v1:AuthorizationPolicy',
    ]) {
      expect(recorder.ofType(type).length).toBeGreaterThan(0);
    }
    expect(recorder.ofType('kubernetes:argoproj.io/v1alpha1:Application')).toEqual([]);
    const isvc = recorder.ofType('kubernetes:serving.kserve.io/v1beta1:InferenceService')[0];
    expect(isvc?.inputs).toMatchObject({ spec: { predictor: { minReplicas: 0 } } });
  });
});

/** Objects in a stable order: by kind, namespace and name. */
function sortByIdentity(objects: readonly unknown[]): unknown[] {
  const identity = (object: unknown) => {
    const { kind, metadata } = object as { kind?: string; metadata?: { namespace?: string; name?: string } };
    return `${kind ?? ''}/${metadata?.namespace ?? ''}/${metadata?.name ?? ''}`;
  };
  return [...objects].sort((a, b) => identity(a).localeCompare(identity(b)));
}

describe('the whole dev program', () => {
  it('with deployApp false deploys everything but the app', async () => {
    const { resources } = await runStackWithMocks('dev', { config: { deployApp: 'false' } });
    expect(resources.filter((resource) => resource.type === 'category-match:app:InferenceApp')).toEqual([]);
    expect(resources.filter((resource) => /^app-/.test(resource.name))).toEqual([]);
    expect(resources.some((resource) => resource.type === 'gcp:container/cluster:Cluster')).toBe(true);
    expect(resources.some((resource) => resource.type === 'kubernetes:kafka.strimzi.io/v1:Kafka')).toBe(true);
  });

  it('creates through Pulumi exactly the objects rendered to stacks/dev/manifests', async () => {
    const { resources } = await runStackWithMocks('dev');
    const appChildren = resources.filter(
      (resource) => /^app-/.test(resource.name) && resource.type.startsWith('kubernetes:'),
    );
    const created = sortByIdentity(appChildren.map((resource) => resource.inputs));
    const rendered = sortByIdentity([...renderManifests('dev').values()].map((text): unknown => parse(text)));
    expect(created).toEqual(rendered);
  });
});
