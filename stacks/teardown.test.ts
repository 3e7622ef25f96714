import { type RecordedResource } from '../infra/testing';
import { runStackWithMocks, type StackRun } from './testing';

/**
 * Every GCP type the stacks create, and what it costs while it exists. A type the program starts
 * creating fails the test below until it is classified here and its deletion is checked.
 */
const gcpTypes: Readonly<Record<string, 'bills' | 'free'>> = {
  'gcp:container/cluster:Cluster': 'bills', // control plane fee, and GKE's own disks and load balancers
  'gcp:container/nodePool:NodePool': 'bills', // VMs, GPUs and boot disks
  'gcp:compute/disk:Disk': 'bills', // the model disk
  'gcp:storage/bucket:Bucket': 'bills', // stored model versions
  'gcp:artifactregistry/repository:Repository': 'bills', // stored images
  'gcp:compute/routerNat:RouterNat': 'bills', // NAT gateway hours
  'gcp:compute/network:Network': 'free',
  'gcp:compute/subnetwork:Subnetwork': 'free',
  'gcp:compute/router:Router': 'free',
  'gcp:serviceaccount/account:Account': 'free',
  'gcp:serviceaccount/iAMMember:IAMMember': 'free',
  'gcp:projects/iAMMember:IAMMember': 'free',
  'gcp:storage/bucketIAMMember:BucketIAMMember': 'free',
  'gcp:artifactregistry/repositoryIamMember:RepositoryIamMember': 'free',
};

function inputs(resource: RecordedResource | undefined): Record<string, unknown> {
  if (resource === undefined) throw new Error('resource not created');
  return resource.inputs as Record<string, unknown>;
}

const runs: Partial<Record<'dev' | 'ops', StackRun>> = {};
beforeAll(async () => {
  runs.dev = await runStackWithMocks('dev');
  runs.ops = await runStackWithMocks('ops', { config: { delivery: 'pulumi' } });
});
function stack(name: 'dev' | 'ops'): StackRun {
  const run = runs[name];
  if (run === undefined) throw new Error(`stack ${name} did not run`);
  return run;
}

describe.each(['dev', 'ops'] as const)('what pulumi destroy of %s leaves billing', (name) => {
  it('every GCP type it creates is classified as billing or free', () => {
    const created = [
      ...new Set(
        stack(name)
          .resources.filter((r) => r.custom && r.type.startsWith('gcp:'))
          .map((r) => r.type),
      ),
    ];
    expect(created.filter((type) => gcpTypes[type] === undefined)).toEqual([]);
    expect(created.filter((type) => gcpTypes[type] === 'bills').sort()).toEqual(
      name === 'dev'
        ? [
            'gcp:artifactregistry/repository:Repository',
            'gcp:compute/disk:Disk',
            'gcp:compute/routerNat:RouterNat',
            'gcp:container/cluster:Cluster',
            'gcp:container/nodePool:NodePool',
          ]
        : [
            'gcp:artifactregistry/repository:Repository',
            'gcp:compute/routerNat:RouterNat',
            'gcp:container/cluster:Cluster',
            'gcp:container/nodePool:NodePool',
            'gcp:storage/bucket:Bucket',
          ],
    );
  });

  it('the cluster can be destroyed in dev, and protects itself in ops', () => {
    const [cluster] = stack(name).recorder.ofType('gcp:container/cluster:Cluster');
    expect(inputs(cluster)['deletionProtection']).toBe(name === 'ops');
  });

  it('the Kafka volumes go with the Kafka resource in dev, and survive its replacement in ops', () => {
    const pools = stack(name).recorder.ofType('kubernetes:kafka.strimzi.io/v1:KafkaNodePool');
    expect(pools).toHaveLength(1);
    const volumes = (inputs(pools[0])['spec'] as { storage: { volumes: { deleteClaim: boolean }[] } }).storage.volumes;
    expect(volumes.map((volume) => volume.deleteClaim)).toEqual([name === 'dev']);
  });

  it('the model bucket (ops) is never force-deleted: destroy fails while it holds published versions', () => {
    for (const bucket of stack(name).recorder.ofType('gcp:storage/bucket:Bucket')) {
      expect(inputs(bucket)['forceDestroy']).toBe(false);
    }
  });

  it('owns every namespace a chart installs into, so destroy deletes whatever is left in it', () => {
    const releases = stack(name).recorder.ofType('kubernetes:helm.sh/v3:Release');
    expect(releases.length).toBeGreaterThan(5);
    const namespaces = new Set(
      stack(name)
        .recorder.ofType('kubernetes:core/v1:Namespace')
        .map((namespace) => (inputs(namespace)['metadata'] as { name: string }).name),
    );
    for (const release of releases) {
      expect(inputs(release)['createNamespace']).toBe(false);
      expect([...namespaces]).toContain(inputs(release)['namespace']);
    }
  });

  it('creates no load balancer: the ingress gateway is a ClusterIP service', () => {
    const gateway = stack(name).recorder.get('kubernetes:helm.sh/v3:Release', 'istio-gateway');
    expect(inputs(gateway)['values']).toMatchObject({ service: { type: 'ClusterIP' } });
  });
});

describe('a stack that deletes its data on destroy', () => {
  it('force-deletes the model bucket with its versions', async () => {
    const run = await runStackWithMocks('ops', { config: { deleteDataOnDestroy: 'true' } });
    const [bucket] = run.recorder.ofType('gcp:storage/bucket:Bucket');
    expect(inputs(bucket)['forceDestroy']).toBe(true);
  });
});
