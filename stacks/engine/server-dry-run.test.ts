import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureCluster, stopCluster } from '../../scripts/cluster/api-server';
import { kubectl } from '../../scripts/cluster/kubectl';
import { engineTestEnvironment } from './environment';
import { describeObject, type KubernetesObject, namespacesOf, stackObjects, unverifiableKinds } from './stack-objects';

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
    // A bare server: the controllers' admission is the controllers test's.
    kubeconfig = (await ensureCluster({ stateDir, controllers: false })).cluster.kubeconfig;
  }, 300_000);
  afterAll(async () => {
    if (stateDir !== '') await stopCluster({ stateDir });
  });

  it.each(['dev', 'ops'] as const)(
    'the server accepts every object of %s',
    async (stack) => {
      const { created, rendered } = await stackObjects(stack);
      const objects = [...created, ...rendered];
      // Namespaces are created for real (strictly validated too): dry runs of namespaced objects need
      // them. Those the Helm releases create (argocd, kafka, ...) are made as Helm would make them.
      const namespaces = namespacesOf(objects);
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
    const { created: objects } = await stackObjects('dev');
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
