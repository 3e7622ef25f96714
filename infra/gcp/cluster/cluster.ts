import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { podsRangeName, servicesRangeName } from '../network/network';

/** A CIDR range allowed to reach the control plane. */
export interface AuthorizedNetwork {
  readonly displayName: string;
  readonly cidrBlock: string;
}

export interface ClusterArgs {
  /** GCP project id; also names the Workload Identity pool. */
  project: string;
  /** Region: the cluster is regional, so its control plane survives a zone outage. */
  region: string;
  /** Cluster name, at most 40 characters (GKE's limit). */
  clusterName: string;
  /** VPC id. */
  networkId: pulumi.Input<string>;
  /** Subnet id carrying the `pods` and `services` secondary ranges. */
  subnetId: pulumi.Input<string>;
  /** The /28 range the control plane peers into for private nodes. */
  masterCidr: string;
  /** GKE release channel. */
  releaseChannel: 'RAPID' | 'REGULAR' | 'STABLE';
  /** Refuse deletion of the cluster. */
  deletionProtection: boolean;
  /** Ranges allowed to reach the control plane; empty means no restriction. */
  masterAuthorizedNetworks: readonly AuthorizedNetwork[];
  /** Standard labels. */
  labels: Readonly<Record<string, string>>;
}

/** GKE's limit on cluster names. */
export const maxClusterNameLength = 40;

/** The Workload Identity pool of a project: Kubernetes service accounts act as GCP ones through it. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/** Control-plane access: restricted to the listed ranges when there are any. */
export function masterAuthorizedNetworksConfig(networks: readonly AuthorizedNetwork[]) {
  if (networks.length === 0) return undefined;
  return {
    cidrBlocks: networks.map((network) => ({ displayName: network.displayName, cidrBlock: network.cidrBlock })),
  };
}

/** The regional, VPC-native, private-node GKE cluster; node pools are separate resources. */
export class Cluster extends pulumi.ComponentResource {
  readonly cluster: gcp.container.Cluster;
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly caCertificate: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:gcp:Cluster', name, {}, opts);
    if (args.clusterName.length > maxClusterNameLength) {
      throw new Error(`Cluster name "${args.clusterName}" is longer than GKE's ${maxClusterNameLength} characters`);
    }

    this.cluster = new gcp.container.Cluster(
      `${name}-gke`,
      {
        name: args.clusterName,
        project: args.project,
        location: args.region,
        network: args.networkId,
        subnetwork: args.subnetId,
        networkingMode: 'VPC_NATIVE',
        ipAllocationPolicy: { clusterSecondaryRangeName: podsRangeName, servicesSecondaryRangeName: servicesRangeName },
        // Node pools are managed separately; the default pool is created (GKE requires one) then removed.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        releaseChannel: { channel: args.releaseChannel },
        workloadIdentityConfig: { workloadPool: workloadPool(args.project) },
        enableShieldedNodes: true,
        // The model store's persistent volumes are attached by the Compute Engine PD CSI driver.
        addonsConfig: { gcePersistentDiskCsiDriverConfig: { enabled: true } },
        // Dataplane V2 (eBPF) enforces NetworkPolicy without a separate Calico add-on.
        datapathProvider: 'ADVANCED_DATAPATH',
        privateClusterConfig: {
          enablePrivateNodes: true,
          // The public endpoint stays so `pulumi up` and CI can reach the API; authorized networks narrow it.
          enablePrivateEndpoint: false,
          masterIpv4CidrBlock: args.masterCidr,
        },
        masterAuthorizedNetworksConfig: masterAuthorizedNetworksConfig(args.masterAuthorizedNetworks),
        deletionProtection: args.deletionProtection,
        loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
        monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'], managedPrometheus: { enabled: true } },
        resourceLabels: { ...args.labels },
      },
      { parent: this },
    );

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.caCertificate = this.cluster.masterAuth.clusterCaCertificate;
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint });
  }
}
