import { setMocks, settle, unwrap, type RecordedResource } from '../infra/testing';
import { readStackConfig, type StackName } from './testing';
import { parseStackConfig, type GkeStackConfig } from './config';
import { deployGkeFoundation } from './foundation';

const types = {
  cluster: 'gcp:container/cluster:Cluster',
  nodePool: 'gcp:container/nodePool:NodePool',
  account: 'gcp:serviceaccount/account:Account',
  workloadIdentity: 'gcp:serviceaccount/iAMMember:IAMMember',
  disk: 'gcp:compute/disk:Disk',
  bucket: 'gcp:storage/bucket:Bucket',
  bucketIam: 'gcp:storage/bucketIAMMember:BucketIAMMember',
  persistentVolume: 'kubernetes:core/v1:PersistentVolume',
  claim: 'kubernetes:core/v1:PersistentVolumeClaim',
  kubernetesServiceAccount: 'kubernetes:core/v1:ServiceAccount',
} as const;

/** Where each labelled GCP type carries its labels; `null` for types GCP gives no labels. */
const labelPaths: Readonly<Record<string, readonly string[] | null>> = {
  'gcp:container/cluster:Cluster': ['resourceLabels'],
  'gcp:container/nodePool:NodePool': ['nodeConfig', 'resourceLabels'],
  'gcp:compute/disk:Disk': ['labels'],
  'gcp:storage/bucket:Bucket': ['labels'],
  'gcp:artifactregistry/repository:Repository': ['labels'],
  'gcp:compute/network:Network': null,
  'gcp:compute/subnetwork:Subnetwork': null,
  'gcp:compute/router:Router': null,
  'gcp:compute/routerNat:RouterNat': null,
  'gcp:serviceaccount/account:Account': null,
  'gcp:serviceaccount/iAMMember:IAMMember': null,
  'gcp:projects/iAMMember:IAMMember': null,
  'gcp:storage/bucketIAMMember:BucketIAMMember': null,
  'gcp:artifactregistry/repositoryIamMember:RepositoryIamMember': null,
};

function at(value: unknown, ...keys: (string | number)[]): unknown {
  return keys.reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[key] : undefined,
    value,
  );
}

interface Deployed {
  readonly config: GkeStackConfig;
  readonly resources: readonly RecordedResource[];
  readonly get: (type: string, name: string) => RecordedResource;
  readonly ofType: (type: string) => RecordedResource[];
  readonly modelStoreUri: string;
  readonly kubeconfig: string;
}

async function deploy(stack: StackName): Promise<Deployed> {
  const recorder = setMocks({ stack });
  const config = parseStackConfig(stack, readStackConfig(stack));
  if (config.cluster !== 'gke') throw new Error(`stack ${stack} does not create a GKE cluster`);
  const foundation = deployGkeFoundation(config);
  const [modelStoreUri, kubeconfig] = await Promise.all([
    unwrap(foundation.modelStore.baseUri),
    unwrap(foundation.kubeconfig),
  ]);
  await settle();
  return {
    config,
    resources: recorder.resources,
    get: (type, name) => recorder.get(type, name),
    ofType: (type) => recorder.ofType(type),
    modelStoreUri,
    kubeconfig,
  };
}

const stacks: Partial<Record<StackName, Deployed>> = {};
beforeAll(async () => {
  stacks.dev = await deploy('dev');
  stacks.ops = await deploy('ops');
});

function deployed(stack: StackName): Deployed {
  const result = stacks[stack];
  if (result === undefined) throw new Error(`stack ${stack} was not deployed`);
  return result;
}

describe.each(['dev', 'ops'] as const)('foundation of the %s stack', (stack) => {
  const gpuPool = () => deployed(stack).get(types.nodePool, `category-match-${stack}-nodes-gpu`).inputs;
  const systemPool = () => deployed(stack).get(types.nodePool, `category-match-${stack}-nodes-system`).inputs;
  const cluster = () => deployed(stack).get(types.cluster, `category-match-${stack}-cluster-gke`).inputs;

  it('creates one network, subnet, router, NAT, cluster, registry and two node pools', () => {
    const { ofType } = deployed(stack);
    for (const type of [
      'gcp:compute/network:Network',
      'gcp:compute/subnetwork:Subnetwork',
      'gcp:compute/router:Router',
      'gcp:compute/routerNat:RouterNat',
      types.cluster,
      'gcp:artifactregistry/repository:Repository',
    ]) {
      expect(ofType(type)).toHaveLength(1);
    }
    expect(ofType(types.nodePool).map((pool) => pool.inputs['name'])).toEqual([
      `category-match-${stack}-nodes-system`,
      `category-match-${stack}-nodes-gpu`,
    ]);
  });

  it('gpu pool scales from zero to the configured maximum', () => {
    expect(gpuPool()['initialNodeCount']).toBe(0);
    expect(gpuPool()['autoscaling']).toMatchObject({
      totalMinNodeCount: 0,
      totalMaxNodeCount: deployed(stack).config.gpuMaxNodes,
    });
  });

  it('gpu pool carries the configured accelerator with a GKE-installed driver', () => {
    const { config } = deployed(stack);
    expect(at(gpuPool(), 'nodeConfig', 'guestAccelerators')).toEqual([
      {
        type: config.gpuAcceleratorType,
        count: config.gpuAcceleratorCount,
        gpuDriverInstallationConfig: { gpuDriverVersion: config.gpuDriverVersion },
      },
    ]);
    expect(at(gpuPool(), 'nodeConfig', 'machineType')).toBe(config.gpuMachineType);
  });

  it('gpu pool is tainted so only pods that tolerate nvidia.com/gpu land there', () => {
    expect(at(gpuPool(), 'nodeConfig', 'taints')).toEqual([
      { key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' },
    ]);
    expect(at(gpuPool(), 'nodeConfig', 'labels')).toMatchObject({ 'category-match/pool': 'gpu' });
  });

  it('gpu node disks follow the config', () => {
    const { config } = deployed(stack);
    expect(at(gpuPool(), 'nodeConfig', 'diskSizeGb')).toBe(config.gpuDiskSizeGb);
    expect(at(gpuPool(), 'nodeConfig', 'diskType')).toBe(config.gpuDiskType);
  });

  it('system pool is small, untainted and has no accelerator', () => {
    expect(at(systemPool(), 'nodeConfig', 'taints')).toBeUndefined();
    expect(at(systemPool(), 'nodeConfig', 'guestAccelerators')).toBeUndefined();
    expect(at(systemPool(), 'nodeConfig', 'spot')).toBeUndefined();
    expect(at(systemPool(), 'autoscaling', 'totalMinNodeCount')).toBe(deployed(stack).config.systemMinNodes);
  });

  it('nodes run as their own service account and expose the GKE metadata server to pods', () => {
    for (const pool of [gpuPool(), systemPool()]) {
      expect(at(pool, 'nodeConfig', 'serviceAccount')).toMatch(new RegExp(`^cm-${stack}-nodes@`));
      expect(at(pool, 'nodeConfig', 'workloadMetadataConfig')).toEqual({ mode: 'GKE_METADATA' });
      expect(at(pool, 'nodeConfig', 'shieldedInstanceConfig')).toEqual({
        enableSecureBoot: true,
        enableIntegrityMonitoring: true,
      });
    }
  });

  it('cluster is VPC-native with private nodes, Workload Identity, shielded nodes and Dataplane V2', () => {
    const { config } = deployed(stack);
    expect(cluster()).toMatchObject({
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
      privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: config.masterCidr },
      workloadIdentityConfig: { workloadPool: `${config.gcpProject}.svc.id.goog` },
      enableShieldedNodes: true,
      datapathProvider: 'ADVANCED_DATAPATH',
      removeDefaultNodePool: true,
      releaseChannel: { channel: config.releaseChannel },
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true } },
    });
  });

  it('subnet carries the secondary ranges the cluster refers to', () => {
    const subnet = deployed(stack).get('gcp:compute/subnetwork:Subnetwork', `category-match-${stack}-network-subnet`);
    expect(subnet.inputs['secondaryIpRanges']).toEqual([
      { rangeName: 'pods', ipCidrRange: deployed(stack).config.podsCidr },
      { rangeName: 'services', ipCidrRange: deployed(stack).config.servicesCidr },
    ]);
    expect(subnet.inputs['privateIpGoogleAccess']).toBe(true);
  });

  it('labels every labelled GCP resource with env, app and cost-center', () => {
    const { resources, config } = deployed(stack);
    const expected = { env: stack, app: 'category-match', 'cost-center': config.costCenter };
    const gcpResources = resources.filter((resource) => resource.type.startsWith('gcp:'));
    for (const resource of gcpResources) {
      expect(Object.keys(labelPaths)).toContain(resource.type);
      const labelPath = labelPaths[resource.type];
      if (labelPath) expect([resource.name, at(resource.inputs, ...labelPath)]).toEqual([resource.name, expected]);
    }
  });

  it('binds the predictor and publisher to Kubernetes service accounts through Workload Identity', () => {
    const { get, config } = deployed(stack);
    for (const role of ['predictor', 'publisher']) {
      const binding = get(types.workloadIdentity, `category-match-${stack}-identities-${role}-workload-identity`);
      expect(binding.inputs).toMatchObject({
        role: 'roles/iam.workloadIdentityUser',
        member: `serviceAccount:${config.gcpProject}.svc.id.goog[${config.servingNamespace}/model-${role}]`,
      });
      const kubernetesAccount = get(types.kubernetesServiceAccount, `category-match-${stack}-identities-${role}-ksa`);
      expect(kubernetesAccount.inputs['metadata']).toEqual({
        name: `model-${role}`,
        namespace: config.servingNamespace,
        annotations: {
          'iam.gke.io/gcp-service-account': `cm-${stack}-${role}@${config.gcpProject}.iam.gserviceaccount.com`,
        },
      });
    }
  });

  it('has a Docker registry in the stack region that the nodes may pull from', () => {
    const { get, config } = deployed(stack);
    expect(
      get('gcp:artifactregistry/repository:Repository', `category-match-${stack}-registry-docker`).inputs,
    ).toMatchObject({
      format: 'DOCKER',
      location: config.gcpRegion,
      repositoryId: `category-match-${stack}-images`,
    });
    expect(
      get(
        'gcp:artifactregistry/repositoryIamMember:RepositoryIamMember',
        `category-match-${stack}-registry-reader-nodes`,
      ).inputs,
    ).toMatchObject({
      role: 'roles/artifactregistry.reader',
      member: `serviceAccount:cm-${stack}-nodes@${config.gcpProject}.iam.gserviceaccount.com`,
    });
  });

  it('private nodes reach the internet through Cloud NAT on the cluster subnet', () => {
    const nat = deployed(stack).get('gcp:compute/routerNat:RouterNat', `category-match-${stack}-network-nat`).inputs;
    expect(nat).toMatchObject({
      router: `category-match-${stack}-network-router`,
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetworks: [{ sourceIpRangesToNats: ['ALL_IP_RANGES'] }],
    });
  });

  it('creates the serving namespace with sidecar injection', () => {
    const namespace = deployed(stack).get('kubernetes:core/v1:Namespace', `category-match-${stack}-serving-ns`).inputs;
    expect(namespace['metadata']).toMatchObject({
      name: deployed(stack).config.servingNamespace,
      labels: { env: stack, 'istio-injection': 'enabled' },
    });
  });

  it('creates no service-account keys', () => {
    expect(deployed(stack).ofType('gcp:serviceaccount/key:Key')).toEqual([]);
  });

  it('creates every in-cluster object with the cluster provider', () => {
    const inCluster = deployed(stack).resources.filter((resource) => resource.type.startsWith('kubernetes:'));
    expect(inCluster.length).toBeGreaterThan(0);
    for (const resource of inCluster) expect(resource.provider).toMatch(/category-match-\w+-access-provider/);
  });

  it('exports a kubeconfig that authenticates through gke-gcloud-auth-plugin', () => {
    expect(deployed(stack).kubeconfig).toContain('command: gke-gcloud-auth-plugin');
  });
});

describe('dev stack', () => {
  it('gpu nodes are spot VMs', () => {
    expect(at(deployed('dev').get(types.nodePool, 'category-match-dev-nodes-gpu').inputs, 'nodeConfig', 'spot')).toBe(
      true,
    );
  });

  it('cluster can be destroyed and its control plane is not restricted', () => {
    const cluster = deployed('dev').get(types.cluster, 'category-match-dev-cluster-gke').inputs;
    expect(cluster['deletionProtection']).toBe(false);
    expect(cluster['masterAuthorizedNetworksConfig']).toBeUndefined();
  });

  it('model store is the 10 GiB disk, mounted read-only by many predictors through a pvc:// URI', () => {
    const { get, ofType, modelStoreUri, config } = deployed('dev');
    expect(ofType(types.bucket)).toEqual([]);
    expect(get(types.disk, 'category-match-dev-models-disk').inputs).toMatchObject({
      size: 10,
      zone: 'europe-west4-a',
      name: 'category-match-dev-models',
    });
    const volume = get(types.persistentVolume, 'category-match-dev-models-reader-pv').inputs;
    expect(volume['spec']).toMatchObject({
      accessModes: ['ReadOnlyMany'],
      capacity: { storage: '10Gi' },
      csi: {
        driver: 'pd.csi.storage.gke.io',
        readOnly: true,
        volumeHandle: `projects/${config.gcpProject}/zones/europe-west4-a/disks/category-match-dev-models`,
      },
    });
    const claim = get(types.claim, 'category-match-dev-models-reader-pvc').inputs;
    expect(claim['metadata']).toEqual({ name: 'model-store', namespace: 'category-match' });
    expect(at(claim, 'spec', 'accessModes')).toEqual(['ReadOnlyMany']);
    expect(modelStoreUri).toBe('pvc://model-store');
  });

  it('the publisher gets its own read-write claim on the same disk', () => {
    const writer = deployed('dev').get(types.persistentVolume, 'category-match-dev-models-writer-pv').inputs;
    expect(writer['spec']).toMatchObject({ accessModes: ['ReadWriteOnce'], csi: { driver: 'pd.csi.storage.gke.io' } });
    // Writable is the CSI source's default, which the server would not read back.
    expect(at(writer, 'spec', 'csi')).not.toHaveProperty('readOnly');
  });
});

describe('ops stack', () => {
  it('gpu nodes are on-demand VMs', () => {
    expect(at(deployed('ops').get(types.nodePool, 'category-match-ops-nodes-gpu').inputs, 'nodeConfig', 'spot')).toBe(
      false,
    );
  });

  it('cluster has deletion protection and a control plane reachable only from authorized networks', () => {
    const cluster = deployed('ops').get(types.cluster, 'category-match-ops-cluster-gke').inputs;
    expect(cluster['deletionProtection']).toBe(true);
    expect(cluster['masterAuthorizedNetworksConfig']).toEqual({
      cidrBlocks: [{ displayName: '203.0.113.0/24', cidrBlock: '203.0.113.0/24' }],
    });
  });

  it('model store is a versioned bucket with uniform access, read by the predictor and written by the publisher', () => {
    const { get, ofType, modelStoreUri, config } = deployed('ops');
    expect(ofType(types.disk)).toEqual([]);
    const bucket = get(types.bucket, 'category-match-ops-models-bucket').inputs;
    expect(bucket).toMatchObject({
      name: `${config.gcpProject}-ops-models`,
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
    });
    expect(ofType(types.bucketIam).map((binding) => [binding.inputs['role'], binding.inputs['member']])).toEqual([
      ['roles/storage.objectViewer', `serviceAccount:cm-ops-predictor@${config.gcpProject}.iam.gserviceaccount.com`],
      ['roles/storage.objectAdmin', `serviceAccount:cm-ops-publisher@${config.gcpProject}.iam.gserviceaccount.com`],
    ]);
    expect(modelStoreUri).toBe(`gs://${config.gcpProject}-ops-models`);
  });
});
