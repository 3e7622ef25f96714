import devConfig from '@category-match/policies/config/dev.json';
import opsConfig from '@category-match/policies/config/ops.json';
import {
  parsePolicyPackConfig,
  policies,
  runPack,
  withChange,
  type FakeResource,
} from '@category-match/policies/testing';
import { appObjects } from '../infra/app/app-objects';
import { kubernetesTypeToken } from '../infra/app/inference-app';
import { appValuesFixture } from '../infra/app/testing/app-values-fixture';
import { runStackWithMocks, type StackName } from './testing';

const gitTokenValue = 'ghp_secret-token-under-test';
const stackConfigs = { dev: parsePolicyPackConfig(devConfig), ops: parsePolicyPackConfig(opsConfig) };

/** Kinds the pack guards; a stack run that lacks one would pass the pack without being checked. */
const platformKinds = [
  'gcp:container/cluster:Cluster',
  'gcp:container/nodePool:NodePool',
  'kubernetes:helm.sh/v3:Release',
  'kubernetes:kafka.strimzi.io/v1:Kafka',
  'kubernetes:kafka.strimzi.io/v1:KafkaTopic',
  'kubernetes:security.istio.io/v1:PeerAuthentication',
];
/** Every kind the app creates, with the type token the engine records for it. */
const appKinds = [...new Set(appObjects(appValuesFixture()).map(kubernetesTypeToken))];

/** Paths under `value` whose string contains `needle`. */
function pathsContaining(value: unknown, needle: string, path = ''): string[] {
  if (typeof value === 'string') return value.includes(needle) ? [path] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    pathsContaining(item, needle, path === '' ? key : `${path}.${key}`),
  );
}

interface StackUnderTest {
  /** The custom resources, as the pack sees them. */
  readonly resources: FakeResource[];
  /** Every input holding the git token, as `<type> <name> <path>`. */
  readonly tokenPlaces: string[];
  /** Those of them that were not Pulumi secrets. */
  readonly tokenLeaks: string[];
}

/**
 * Runs the program for a stack with a recognisable git token. The engine hands policies decrypted
 * values, so the pack cannot tell a secret from plain text; the mocks can, so the tests check
 * where the token went here.
 */
async function runStack(stack: StackName, config: Readonly<Record<string, string>> = {}): Promise<StackUnderTest> {
  const { resources } = await runStackWithMocks(stack, { config, secrets: { gitToken: gitTokenValue } });
  const places = resources.flatMap((resource) =>
    pathsContaining(resource.inputs, gitTokenValue).map((path) => ({
      place: `${resource.type} ${resource.name} ${path}`,
      secret: resource.secretInputs.some((secret) => path === secret || path.startsWith(`${secret}.`)),
    })),
  );
  return {
    resources: resources
      .filter((resource) => resource.custom)
      .map((resource) => ({ type: resource.type, name: resource.name, props: { ...resource.inputs }, stack })),
    tokenPlaces: places.map(({ place }) => place),
    tokenLeaks: places.filter(({ secret }) => !secret).map(({ place }) => place),
  };
}

describe('the per-stack policy config files', () => {
  it.each(['dev', 'ops'] as const)('%s names only policies of the pack', (stack) => {
    const names = new Set(policies.map((policy) => policy.name));
    expect(Object.keys(stackConfigs[stack]).filter((name) => name !== 'all' && !names.has(name))).toEqual([]);
  });
});

describe('the program under the pack', () => {
  let dev: FakeResource[] = [];
  beforeAll(async () => {
    ({ resources: dev } = await runStack('dev'));
  });

  it('dev (Pulumi delivers the app) passes with no violation at any level', async () => {
    expect(dev.map((resource) => resource.type)).toEqual(expect.arrayContaining([...platformKinds, ...appKinds]));
    expect(await runPack(policies, dev, stackConfigs.dev)).toEqual([]);
  });

  it('dev records every app kind under the token policies match, never a core kind as kubernetes:v1:<Kind>', () => {
    const types = dev.map((resource) => resource.type);
    expect(appKinds).toEqual(
      expect.arrayContaining(['kubernetes:core/v1:ConfigMap', 'kubernetes:core/v1:ServiceAccount']),
    );
    expect(types.filter((type) => /^kubernetes:v1:/.test(type))).toEqual([]);
  });

  it("dev with a Kafka password written into the worker's ConfigMap fails forbid-plaintext-secrets", async () => {
    const changed = dev.map((resource) =>
      resource.type === 'kubernetes:core/v1:ConfigMap' && resource.name.startsWith('app-')
        ? withChange(resource, 'data.KAFKA_SASL_PASSWORD', 'hunter2-under-test')
        : resource,
    );
    expect(changed).not.toEqual(dev);
    expect(await runPack(policies, changed, stackConfigs.dev)).toEqual([
      expect.objectContaining({ policy: 'forbid-plaintext-secrets', level: 'mandatory' }),
    ]);
  });

  it('dev with its GPU pool moved to on-demand VMs fails with one mandatory violation naming the pool', async () => {
    const changed = dev.map((resource) =>
      resource.type === 'gcp:container/nodePool:NodePool' && resource.name.endsWith('-gpu')
        ? withChange(resource, 'nodeConfig.spot', false)
        : resource,
    );
    expect(await runPack(policies, changed, stackConfigs.dev)).toEqual([
      expect.objectContaining({
        policy: 'require-spot-vms-in-dev',
        level: 'mandatory',
        message: expect.stringMatching(/Node pool "category-match-dev-nodes-gpu" runs on on-demand VMs/),
      }),
    ]);
  });

  it('dev without its STRICT PeerAuthentication fails with one mandatory violation naming the namespace', async () => {
    const changed = dev.filter((resource) => resource.type !== 'kubernetes:security.istio.io/v1:PeerAuthentication');
    expect(await runPack(policies, changed, stackConfigs.dev)).toEqual([
      expect.objectContaining({
        policy: 'require-strict-mtls',
        level: 'mandatory',
        message: expect.stringMatching(/Namespace "category-match"/),
      }),
    ]);
  });

  it('dev with its Kafka topics cut to one partition gets one advisory violation naming the input topic and the worker', async () => {
    const changed = dev.map((resource) =>
      resource.type === 'kubernetes:kafka.strimzi.io/v1:KafkaTopic' && resource.props['spec'] !== undefined
        ? withChange(resource, 'spec.partitions', 1)
        : resource,
    );
    expect(await runPack(policies, changed, stackConfigs.dev)).toEqual([
      expect.objectContaining({
        policy: 'require-partitions-cover-workers',
        level: 'advisory',
        message: expect.stringMatching(
          /has 1 partition\(s\) but Deployment "category-match-worker" scales to 3 replicas/,
        ),
      }),
    ]);
  });

  it('ops (Argo CD delivers the app) passes with no violation at any level and keeps the git token secret', async () => {
    const { resources, tokenPlaces, tokenLeaks } = await runStack('ops');
    expect(resources.map((resource) => resource.type)).toEqual(expect.arrayContaining(platformKinds));
    expect(await runPack(policies, resources, stackConfigs.ops)).toEqual([]);
    // Argo CD reads the private repository with the token: it must be there, and only as a secret.
    expect(tokenPlaces).not.toEqual([]);
    expect(tokenLeaks).toEqual([]);
  });

  it('ops with the app objects Argo CD syncs created by Pulumi instead passes too', async () => {
    // The same pure functions build the objects for both deliveries, so this checks what Argo CD applies in ops.
    const { resources } = await runStack('ops', { delivery: 'pulumi' });
    expect(resources.map((resource) => resource.type)).toEqual(expect.arrayContaining([...platformKinds, ...appKinds]));
    expect(await runPack(policies, resources, stackConfigs.ops)).toEqual([]);
    const withoutBudget = resources.filter((resource) => resource.type !== 'kubernetes:policy/v1:PodDisruptionBudget');
    expect(await runPack(policies, withoutBudget, stackConfigs.ops)).toEqual([
      expect.objectContaining({ policy: 'require-worker-disruption-budget-in-ops', level: 'mandatory' }),
    ]);
  });
});
