import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ensureCluster, stopCluster } from '../../scripts/cluster/api-server';
import { kubectl } from '../../scripts/cluster/kubectl';
import { runStackWithMocks, type StackName } from '../testing';
import { renderManifests } from '../render';
import { engineTestEnvironment } from './environment';
import { isServerObject, objectRef } from './live-objects';

type KubernetesObject = Record<string, unknown>;

/**
 * Kinds no API server here can check: GKE's managed-Prometheus `PodMonitoring` has no CRD in the
 * reference data. Helm releases are not objects (their values are checked against each chart's
 * defaults and schema by the fast tests).
 */
const unverifiableKinds = new Set(['PodMonitoring']);

/** The Kubernetes objects a stack's program creates (mocks resolve every input), and what it renders for Argo CD. */
async function stackObjects(stack: StackName): Promise<KubernetesObject[]> {
  const { resources } = await runStackWithMocks(stack, { secrets: { gitToken: 'token-under-test' } });
  const created = resources.filter(isServerObject).map((resource) => resource.inputs);
  const rendered = [...renderManifests(stack).values()].map((text) => parse(text) as KubernetesObject);
  return [...created, ...rendered];
}

function describeObject(object: KubernetesObject): string {
  const ref = objectRef(object);
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}

/** Sends an object to the server with a dry-run create and strict field validation; resolves the server's complaint, if any. */
async function dryRunProblem(bin: string, kubeconfig: string, object: KubernetesObject): Promise<string | undefined> {
  try {
    await kubectl(
      bin,
      kubeconfig,
      ['create', '--dry-run=server', '--validate=strict', '-o', 'name', '-f', '-'],
      JSON.stringify(object),
    );
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('every Kubernetes object of the dev and ops stacks, sent to a real API server (server-side dry run, strict fields)', () => {
  const { bin } = engineTestEnvironment();
  let stateDir = '';
  let kubeconfig = '';

  beforeAll(async () => {
    // A server of its own: the namespaces created here would collide with the local stack's.
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'category-match-dry-run-'));
    kubeconfig = (await ensureCluster({ stateDir })).cluster.kubeconfig;
  }, 300_000);
  afterAll(async () => {
    if (stateDir !== '') await stopCluster({ stateDir });
  });

  it.each(['dev', 'ops'] as const)(
    'the server accepts every object of %s',
    async (stack) => {
      const objects = await stackObjects(stack);
      // Namespaces are created for real (strictly validated too): dry runs of namespaced objects need
      // them. Those the Helm releases create (argocd, kafka, ...) are made as Helm would make them.
      const declared = objects.filter((object) => object['kind'] === 'Namespace');
      const referenced = new Set(
        objects.map((object) => objectRef(object).namespace).filter((name) => name !== undefined),
      );
      const namespaces = [
        ...declared,
        ...[...referenced]
          .filter((name) => !declared.some((object) => objectRef(object).name === name))
          .map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
      ];
      await kubectl(
        bin,
        kubeconfig,
        ['apply', '--server-side', '--validate=strict', '--field-manager=dry-run-test', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: namespaces }),
      );
      const checked = objects.filter(
        (object) => object['kind'] !== 'Namespace' && !unverifiableKinds.has(String(object['kind'])),
      );
      const problems: string[] = [];
      for (const object of checked) {
        const problem = await dryRunProblem(bin, kubeconfig, object);
        if (problem !== undefined) problems.push(`${describeObject(object)}: ${problem}`);
      }
      expect(problems).toEqual([]);
      const kinds = new Set(checked.map((object) => object['kind']));
      for (const kind of [
        'InferenceService',
        'ClusterServingRuntime',
        'Kafka',
        'KafkaTopic',
        'Certificate',
        'KnativeServing',
        'ScaledObject',
        'Deployment',
      ]) {
        expect(kinds).toContain(kind);
      }
      expect(objects.filter((object) => unverifiableKinds.has(String(object['kind']))).map(describeObject)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^PodMonitoring /)]),
      );
    },
    300_000,
  );

  it("rejects an unknown field and a malformed quantity with the server's own message", async () => {
    const objects = await stackObjects('dev');
    const inferenceService = objects.find((object) => object['kind'] === 'InferenceService');
    const deployment = objects.find((object) => object['kind'] === 'Deployment');
    if (inferenceService === undefined || deployment === undefined)
      throw new Error('dev has no InferenceService or Deployment');

    const unknownField = structuredClone(inferenceService) as { spec: { predictor: Record<string, unknown> } };
    unknownField.spec.predictor['gpuCount'] = 1;
    expect(await dryRunProblem(bin, kubeconfig, unknownField)).toMatch(/unknown field "spec\.predictor\.gpuCount"/);

    const badQuantity = structuredClone(deployment) as {
      spec: { template: { spec: { containers: { resources: { limits: Record<string, string> } }[] } } };
    };
    const [container] = badQuantity.spec.template.spec.containers;
    if (container === undefined) throw new Error('the worker Deployment has no container');
    container.resources.limits['memory'] = '2 GiB';
    expect(await dryRunProblem(bin, kubeconfig, badQuantity)).toMatch(/quantities must match the regular expression/);
  }, 300_000);
});
