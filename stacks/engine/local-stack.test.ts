import { kubectl } from '../../scripts/cluster/kubectl';
import { engineTestEnvironment } from './environment';
import { engineWorkspace, previewSummary, stateResources, type EngineWorkspace } from './engine-workspace';
import { isGone, isServerObject, liveObject, objectRef, type ObjectRef } from './live-objects';

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

describe('the local stack under the real Pulumi engine, against a real API server', () => {
  const { bin, kubeconfig } = engineTestEnvironment();
  let workspace: EngineWorkspace;
  let created: { ref: ObjectRef; declared: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    workspace = await engineWorkspace('local', { bin, env: { KUBECONFIG: kubeconfig } });
    // No kubelet here: workloads would never become ready.
    await workspace.pulumiOk(['config', 'set', 'category-match:skipAwait', 'true']);
  }, 120_000);
  afterAll(async () => {
    await workspace.dispose();
  });

  it('pulumi up creates every object the program declares, as declared', async () => {
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

  it('a second preview finds nothing to change', async () => {
    await workspace.pulumiOk(['preview', '--expect-no-changes']);
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
