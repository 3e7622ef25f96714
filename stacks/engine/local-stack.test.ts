import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kubectl } from '../../scripts/cluster/kubectl';
import { sha256Files } from '../../scripts/publish-model/checksums';
import { modelFiles } from '../../scripts/publish-model/model-files';
import { recordModelVersion } from '../../scripts/publish-model/version-record';
import { loadRelease } from '../release';
import { engineTestEnvironment } from './environment';
import { engineWorkspace, previewSummary, stateResources, type EngineWorkspace } from './engine-workspace';
import { isGone, isServerObject, liveObject, objectRef, type ObjectRef } from './live-objects';
import { pushImage } from './registry';

/** What the program declared for an object, as the server must hold it. */
function declaredFields(inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const metadata = (inputs['metadata'] ?? {}) as Record<string, unknown>;
  const declared: Record<string, unknown> = {
    apiVersion: inputs['apiVersion'],
    kind: inputs['kind'],
    metadata: Object.fromEntries(
      ['name', 'namespace', 'labels'].filter((key) => metadata[key] !== undefined).map((key) => [key, metadata[key]]),
    ),
  };
  for (const key of ['spec', 'data']) if (inputs[key] !== undefined) declared[key] = inputs[key];
  return declared;
}

/** What the CLI printed, both streams. */
function cliOutput(result: { stdout: string; stderr: string }): string {
  return `${result.stdout}\n${result.stderr}`;
}

describe('the local stack under the real Pulumi engine, against a real API server and registry', () => {
  const { bin, kubeconfig, registry } = engineTestEnvironment();
  const release = loadRelease('local');
  const imageRegistry = `${registry}/local-stack`;
  const images = [
    `${imageRegistry}/model-server:${release.images.modelServer}`,
    `${imageRegistry}/worker:${release.images.worker}`,
  ];
  const modelUri = `pvc://model-store/${release.model.name}/${release.model.version}`;
  let workspace: EngineWorkspace;
  let created: { ref: ObjectRef; declared: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    workspace = await engineWorkspace('local', { bin, env: { KUBECONFIG: kubeconfig } });
    // No kubelet here: workloads would never become ready.
    await workspace.pulumiOk(['config', 'set', 'category-match:skipAwait', 'true']);
    await workspace.pulumiOk(['config', 'set', 'category-match:imageRegistry', imageRegistry]);
  }, 120_000);
  afterAll(async () => {
    await workspace.dispose();
  });

  /** Every sentence of the refusal: each missing piece with the command that provides it. */
  function expectRefusal(output: string, missing: { images: readonly string[]; model: boolean }): void {
    expect(output).toContain('error: the app of stack "local" was not rolled out');
    // One message a person reads, not a stack trace into Pulumi's output plumbing.
    expect(output).not.toMatch(/ReleaseNotReadyError|at assertReleaseReady/);
    for (const image of images) {
      const line = `image ${image} is not in its registry: push it to the registry category-match:imageRegistry names`;
      if (missing.images.includes(image)) expect(output).toContain(line);
      else expect(output).not.toContain(line);
    }
    const modelLine = `model ${release.model.name} version ${release.model.version} is not in the model store (${modelUri}): npm run publish-model -- --stack local --model-dir <dir> --version ${release.model.version}`;
    if (missing.model) expect(output).toContain(modelLine);
    else expect(output).not.toContain(modelLine);
  }

  /** The platform's objects are in the state; nothing of the app is, nor on the server. */
  async function expectPlatformWithoutApp(): Promise<void> {
    const types = new Set((await stateResources(workspace)).map((resource) => resource.type));
    expect(types).toContain('kubernetes:core/v1:Namespace');
    expect(types).toContain('kubernetes:kafka.strimzi.io/v1:Kafka');
    expect(types).not.toContain('category-match:app:InferenceApp');
    expect(types).not.toContain('kubernetes:serving.kserve.io/v1beta1:InferenceService');
    expect(types).not.toContain('kubernetes:apps/v1:Deployment');
    const inferenceServices = await kubectl(bin, kubeconfig, ['get', 'inferenceservices', '-A', '-o', 'name']);
    expect(inferenceServices.trim()).toBe('');
  }

  it('preview refuses the app, naming both missing images and the missing model version with their commands', async () => {
    const preview = await workspace.pulumi(['preview']);
    expect(preview.code).not.toBe(0);
    expectRefusal(cliOutput(preview), { images, model: true });
  }, 300_000);

  it('the first up, with deployApp false, creates everything but the app and exits 0', async () => {
    await workspace.pulumiOk(['config', 'set', 'category-match:deployApp', 'false']);
    await workspace.pulumiOk(['up', '--yes', '--skip-preview']);
    await expectPlatformWithoutApp();
  }, 600_000);

  it('with the app switched back on and the images pushed, up still refuses the app until the model version is published', async () => {
    await workspace.pulumiOk(['config', 'rm', 'category-match:deployApp']);
    for (const image of images) await pushImage(bin, image);
    const up = await workspace.pulumi(['up', '--yes', '--skip-preview']);
    expect(up.code).not.toBe(0);
    expectRefusal(cliOutput(up), { images: [], model: true });
    await expectPlatformWithoutApp();
  }, 600_000);

  it('once publish-model has recorded the version, pulumi up creates every object the program declares, as declared', async () => {
    // The copy Jobs of a real publish need a kubelet, which this API server lacks: the test writes
    // the record publish-model applies after its verified copy, through the same function.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'category-match-model-'));
    try {
      for (const file of modelFiles) await writeFile(path.join(dir, file), `${file} of ${release.model.version}\n`);
      await recordModelVersion(
        { run: (_command, args, options) => kubectl(bin, kubeconfig, args, options?.input) },
        {
          namespace: 'category-match',
          storageUri: modelUri,
          modelName: release.model.name,
          version: release.model.version,
          digests: await sha256Files(dir, modelFiles),
        },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await workspace.pulumiOk(['up', '--yes', '--skip-preview']);
    const objects = (await stateResources(workspace)).filter(isServerObject);
    created = objects.map((resource) => {
      const inputs = resource.inputs ?? {};
      return { ref: objectRef(inputs), declared: declaredFields(inputs) };
    });
    const kinds = new Set(created.map(({ ref }) => ref.kind));
    for (const kind of [
      'Namespace',
      'Kafka',
      'KafkaTopic',
      'KafkaUser',
      'Certificate',
      'InferenceService',
      'Deployment',
      'ScaledObject',
      'ConfigMap',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const { ref, declared } of created) {
      const live = await liveObject(bin, kubeconfig, ref);
      expect({ ref, live }).toMatchObject({ ref, live: declared });
    }
  }, 600_000);

  it("a second preview finds nothing to change, nor does a refresh once the add-ons' controllers have reconciled", async () => {
    await workspace.pulumiOk(['preview', '--expect-no-changes']);
    await workspace.pulumiOk(['refresh', '--yes', '--expect-no-changes']);
  }, 300_000);

  it('changing one config value (the worker lag threshold) updates exactly the ScaledObject, and up applies it', async () => {
    await workspace.pulumiOk(['config', 'set', 'category-match:workerLagThreshold', '250']);
    const preview = await previewSummary(workspace);
    expect(preview.changed).toEqual([
      {
        op: 'update',
        urn: expect.stringMatching(/ScaledObject::app-scaledobject-category-match-category-match-worker$/),
      },
    ]);
    expect(preview.changeSummary['update']).toBe(1);
    await workspace.pulumiOk(['up', '--yes', '--skip-preview']);
    const scaledObject = created.find(({ ref }) => ref.kind === 'ScaledObject');
    if (scaledObject === undefined) throw new Error('no ScaledObject was created');
    const live = await liveObject(bin, kubeconfig, scaledObject.ref);
    expect(live).toMatchObject({ spec: { triggers: [{ metadata: { lagThreshold: '250' } }] } });
  }, 600_000);

  it('pulumi destroy leaves none of the objects on the server, the namespace included', async () => {
    expect(created.length).toBeGreaterThan(0);
    await workspace.pulumiOk(['destroy', '--yes', '--skip-preview']);
    const left: string[] = [];
    for (const { ref } of created) {
      if (!(await isGone(bin, kubeconfig, ref))) {
        left.push(`${ref.kind} ${ref.namespace ?? ''}/${ref.name}`);
      }
    }
    expect(left).toEqual([]);
    const namespaces = await kubectl(bin, kubeconfig, ['get', 'namespaces', '-o', 'name']);
    expect(namespaces).not.toContain('namespace/category-match\n');
  }, 600_000);
});
