import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Cluster } from '../infra/gcp/cluster/cluster';
import { Identities, predictorKubernetesServiceAccount } from '../infra/gcp/identities/identities';
import { ModelStore } from '../infra/gcp/model-store/model-store';
import { Network } from '../infra/gcp/network/network';
import { NodePools } from '../infra/gcp/node-pools/node-pools';
import { Registry } from '../infra/gcp/registry/registry';
import { ClusterAccess, ExistingClusterAccess } from '../infra/kubernetes-provider/kubernetes-provider';
import { ServingNamespace } from '../infra/kubernetes-provider/serving-namespace';
import { resourceName, serviceAccountId, standardLabels, type NamingContext } from '../infra/naming';
import type { ExistingClusterStackConfig, GkeStackConfig, StackConfig } from './config';
import { imageRegistry, modelBucketName, modelStoreBaseUri, registryRepositoryId } from './derived-names';

/** What the platform and the app build on, whichever cluster the stack targets. */
export interface Foundation {
  readonly naming: NamingContext;
  /** Standard labels (`env`, `app`, `cost-center`). */
  readonly labels: Readonly<Record<string, string>>;
  /** Provider for every in-cluster resource. */
  readonly provider: k8s.Provider;
  /** Kubeconfig (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Namespace of the inference service; resolves once it exists. */
  readonly servingNamespace: pulumi.Output<string>;
  /** What the app's pods need before the first one starts: service accounts and the model storage. */
  readonly appPrerequisites: readonly pulumi.Resource[];
  /** Storage URI prefix of model versions. */
  readonly modelStoreUri: pulumi.Output<string>;
  /** Where the stack's images are pulled from. */
  readonly registryUrl: pulumi.Output<string>;
  /** The GKE cluster, where the stack created one. */
  readonly gkeCluster?: Cluster;
}

/** The foundation of a stack that creates its GKE cluster: the GCP resources it made. */
export interface GkeFoundation extends Foundation {
  readonly network: Network;
  readonly cluster: Cluster;
  readonly nodePools: NodePools;
  readonly registry: Registry;
  readonly identities: Identities;
  readonly modelStore: ModelStore;
}

/**
 * The cluster the stack deploys into, with the serving namespace: a new GKE cluster, or one the
 * user already has (`kubeconfig` is then the stack's secret or the file `KUBECONFIG` names).
 */
export function deployFoundation(config: StackConfig, kubeconfig?: pulumi.Output<string>): Foundation {
  if (config.cluster === 'gke') return deployGkeFoundation(config);
  if (kubeconfig === undefined) {
    throw new Error(
      `Stack "${config.stack}" deploys into an existing cluster: set the secret category-match:kubeconfig or the KUBECONFIG environment variable`,
    );
  }
  return deployExistingClusterFoundation(config, kubeconfig);
}

/** Network, cluster, node pools, cluster access, registry, identities and model store, in dependency order. */
export function deployGkeFoundation(config: GkeStackConfig): GkeFoundation {
  const naming: NamingContext = { project: pulumi.getProject(), stack: config.stack };
  const labels = standardLabels(naming, config.costCenter);
  const project = config.gcpProject;

  const network = new Network(resourceName(naming, 'network'), {
    project,
    region: config.gcpRegion,
    subnetCidr: config.subnetCidr,
    podsCidr: config.podsCidr,
    servicesCidr: config.servicesCidr,
  });
  const cluster = new Cluster(resourceName(naming, 'cluster'), {
    project,
    region: config.gcpRegion,
    clusterName: resourceName(naming, 'gke'),
    networkId: network.networkId,
    subnetId: network.subnetId,
    masterCidr: config.masterCidr,
    releaseChannel: config.releaseChannel,
    deletionProtection: config.deletionProtection,
    masterAuthorizedNetworks: config.masterAuthorizedCidrs.map((cidrBlock) => ({ displayName: cidrBlock, cidrBlock })),
    labels,
  });
  const nodePools = new NodePools(resourceName(naming, 'nodes'), {
    project,
    region: config.gcpRegion,
    zones: config.gcpZones,
    clusterName: cluster.clusterName,
    nodeServiceAccountId: serviceAccountId(naming, 'nodes'),
    system: {
      machineType: config.systemMachineType,
      minNodes: config.systemMinNodes,
      maxNodes: config.systemMaxNodes,
    },
    gpu: {
      machineType: config.gpuMachineType,
      acceleratorType: config.gpuAcceleratorType,
      acceleratorCount: config.gpuAcceleratorCount,
      maxNodes: config.gpuMaxNodes,
      spot: config.gpuSpot,
      diskSizeGb: config.gpuDiskSizeGb,
      diskType: config.gpuDiskType,
      driverVersion: config.gpuDriverVersion,
    },
    labels,
  });
  const registry = new Registry(resourceName(naming, 'registry'), {
    project,
    region: config.gcpRegion,
    repositoryId: registryRepositoryId(naming),
    labels,
    readers: { nodes: nodePools.serviceAccount.member },
  });
  // In-cluster resources wait for the node pools, so workloads installed next have nodes to run on.
  const access = new ClusterAccess(resourceName(naming, 'access'), {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    caCertificate: cluster.caCertificate,
    dependsOn: [nodePools.system, nodePools.gpu],
  });
  const providers = { providers: [access.provider] };
  const namespace = new ServingNamespace(
    resourceName(naming, 'serving'),
    { name: config.servingNamespace, labels },
    providers,
  );
  const identities = new Identities(
    resourceName(naming, 'identities'),
    {
      project,
      accountIds: {
        predictor: serviceAccountId(naming, 'predictor'),
        publisher: serviceAccountId(naming, 'publisher'),
      },
      namespace: namespace.name,
      cluster: cluster.cluster,
    },
    providers,
  );
  const modelStoreName = resourceName(naming, 'models');
  const modelStore =
    config.modelStore === 'disk'
      ? new ModelStore(
          modelStoreName,
          {
            kind: 'disk',
            project,
            namespace: namespace.name,
            labels,
            zone: firstZone(config.gcpZones),
            diskName: modelStoreName,
            sizeGb: config.modelStoreDiskSizeGb,
            nodePools: [nodePools.system, nodePools.gpu],
          },
          providers,
        )
      : new ModelStore(
          modelStoreName,
          {
            kind: 'gcs',
            project,
            namespace: namespace.name,
            labels,
            deleteOnDestroy: config.deleteDataOnDestroy,
            region: config.gcpRegion,
            bucketName: modelBucketName(config, naming),
            predictorMember: identities.predictorMember,
            publisherMember: identities.publisherMember,
          },
          providers,
        );

  return {
    naming,
    labels,
    network,
    cluster,
    nodePools,
    provider: access.provider,
    kubeconfig: access.kubeconfig,
    servingNamespace: namespace.name,
    appPrerequisites: [identities, modelStore],
    gkeCluster: cluster,
    modelStoreUri: modelStore.baseUri,
    registryUrl: registry.url,
    registry,
    identities,
    modelStore,
  };
}

/**
 * An existing cluster (kind, minikube, a GKE cluster made elsewhere): no GCP resource, only the
 * provider, the serving namespace and the predictor's service account; models are read from
 * `modelStoreUri` and images pulled from `imageRegistry`.
 */
export function deployExistingClusterFoundation(
  config: ExistingClusterStackConfig,
  kubeconfig: pulumi.Output<string>,
): Foundation {
  const naming: NamingContext = { project: pulumi.getProject(), stack: config.stack };
  const labels = standardLabels(naming, config.costCenter);
  const access = new ExistingClusterAccess(resourceName(naming, 'access'), {
    kubeconfig,
    ...(config.kubeContext === undefined ? {} : { context: config.kubeContext }),
  });
  const providers = { providers: [access.provider] };
  const namespace = new ServingNamespace(
    resourceName(naming, 'serving'),
    { name: config.servingNamespace, labels, serviceAccounts: [predictorKubernetesServiceAccount] },
    providers,
  );
  return {
    naming,
    labels,
    provider: access.provider,
    kubeconfig,
    servingNamespace: namespace.name,
    appPrerequisites: [namespace],
    modelStoreUri: pulumi.output(modelStoreBaseUri(config, naming)),
    registryUrl: pulumi.output(imageRegistry(config, naming)),
  };
}

function firstZone(zones: readonly string[]): string {
  const [zone] = zones;
  if (zone === undefined) throw new Error('category-match:gcpZones: at least one zone is required');
  return zone;
}
