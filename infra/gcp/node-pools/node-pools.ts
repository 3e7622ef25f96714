import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { gpuTaint } from '../../gpu';

/** The taint on GPU nodes; the predictor tolerates it. */

/** The project roles nodes need to write logs and metrics (Google's least-privilege node roles). */
export const nodeRoles = [
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
  'roles/stackdriver.resourceMetadata.writer',
  'roles/autoscaling.metricsWriter',
] as const;

/** Node label selecting a pool, e.g. `category-match/pool: gpu`. */
export const poolLabelKey = 'category-match/pool';

export interface SystemPoolSettings {
  /** Machine type of system nodes. */
  machineType: string;
  /** Fewest nodes in the whole pool. */
  minNodes: number;
  /** Most nodes in the whole pool. */
  maxNodes: number;
}

export interface GpuPoolSettings {
  /** Machine type that accepts the accelerator (g2 for L4, n1 for T4). */
  machineType: string;
  /** Accelerator type, e.g. `nvidia-l4`. */
  acceleratorType: string;
  /** Accelerators per node. */
  acceleratorCount: number;
  /** Most nodes in the whole pool; the fewest is always 0. */
  maxNodes: number;
  /** Spot VMs (preemptible, cheaper). */
  spot: boolean;
  /** Boot disk size in GB. */
  diskSizeGb: number;
  /** Boot disk type. */
  diskType: string;
  /** NVIDIA driver version GKE installs. */
  driverVersion: 'DEFAULT' | 'LATEST';
}

export interface NodePoolsArgs {
  /** GCP project id. */
  project: string;
  /** Region of the (regional) cluster. */
  region: string;
  /** Zones the pools place nodes in. */
  zones: readonly string[];
  /** Cluster the pools belong to. */
  clusterName: pulumi.Input<string>;
  /** Id (6-30 characters) of the least-privilege GCP service account nodes run as. */
  nodeServiceAccountId: string;
  /** The small pool for add-ons, Kafka and workers. */
  system: SystemPoolSettings;
  /** The GPU pool for predictors. */
  gpu: GpuPoolSettings;
  /** Standard labels (as GCP resource labels on the node VMs). */
  labels: Readonly<Record<string, string>>;
}

const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';

/** Settings every node shares: hardened boot, metadata server for Workload Identity, our node identity. */
function commonNodeConfig(serviceAccount: pulumi.Input<string>, labels: Readonly<Record<string, string>>) {
  return {
    serviceAccount,
    // Access is governed by the service account's IAM roles; the scope only has to allow them.
    oauthScopes: [cloudPlatformScope],
    // Pods see the GKE metadata server, so they get their own Workload Identity, never the node's.
    workloadMetadataConfig: { mode: 'GKE_METADATA' },
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    resourceLabels: { ...labels },
  };
}

/** The system pool's node config. */
export function systemNodeConfig(
  settings: SystemPoolSettings,
  serviceAccount: pulumi.Input<string>,
  labels: Readonly<Record<string, string>>,
) {
  return {
    ...commonNodeConfig(serviceAccount, labels),
    machineType: settings.machineType,
    diskSizeGb: 50,
    diskType: 'pd-balanced',
    labels: { [poolLabelKey]: 'system' },
  };
}

/** The GPU pool's node config: accelerator with a GKE-installed driver, tainted against CPU pods. */
export function gpuNodeConfig(
  settings: GpuPoolSettings,
  serviceAccount: pulumi.Input<string>,
  labels: Readonly<Record<string, string>>,
) {
  return {
    ...commonNodeConfig(serviceAccount, labels),
    machineType: settings.machineType,
    spot: settings.spot,
    diskSizeGb: settings.diskSizeGb,
    diskType: settings.diskType,
    guestAccelerators: [
      {
        type: settings.acceleratorType,
        count: settings.acceleratorCount,
        // GKE installs the driver itself; without this the GPU is invisible until a driver DaemonSet runs.
        gpuDriverInstallationConfig: { gpuDriverVersion: settings.driverVersion },
      },
    ],
    // Taint so CPU pods never land on a GPU node and keep it from scaling to zero.
    taints: [{ key: gpuTaint.key, value: gpuTaint.value, effect: 'NO_SCHEDULE' }],
    labels: { [poolLabelKey]: 'gpu', 'category-match/accelerator': settings.acceleratorType },
  };
}

/** GPU pool autoscaling: from zero, so an idle stack pays for no GPU; `ANY` finds spot capacity in any zone. */
export function gpuAutoscaling(settings: GpuPoolSettings) {
  return {
    totalMinNodeCount: 0,
    totalMaxNodeCount: settings.maxNodes,
    locationPolicy: settings.spot ? 'ANY' : 'BALANCED',
  };
}

/** System pool autoscaling between the configured bounds. */
export function systemAutoscaling(settings: SystemPoolSettings) {
  if (settings.minNodes > settings.maxNodes) {
    throw new Error(`System pool minimum (${settings.minNodes}) is above its maximum (${settings.maxNodes})`);
  }
  return { totalMinNodeCount: settings.minNodes, totalMaxNodeCount: settings.maxNodes, locationPolicy: 'BALANCED' };
}

const management = { autoRepair: true, autoUpgrade: true };

/** The system and GPU node pools of the cluster, running as their own keyless service account. */
export class NodePools extends pulumi.ComponentResource {
  /** The nodes' identity: logs and metrics only, never the default compute account's editor role. */
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly system: gcp.container.NodePool;
  readonly gpu: gcp.container.NodePool;

  constructor(name: string, args: NodePoolsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:gcp:NodePools', name, {}, opts);
    this.serviceAccount = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { project: args.project, accountId: args.nodeServiceAccountId, displayName: 'GKE nodes (logs and metrics)' },
      { parent: this },
    );
    for (const role of nodeRoles) {
      new gcp.projects.IAMMember(
        `${name}-sa-${role.replace('roles/', '').replace(/\./g, '-')}`,
        { project: args.project, role, member: this.serviceAccount.member },
        { parent: this },
      );
    }
    const nodeServiceAccount = this.serviceAccount.email;
    const common = {
      project: args.project,
      location: args.region,
      cluster: args.clusterName,
      nodeLocations: [...args.zones],
      management,
    };

    this.system = new gcp.container.NodePool(
      `${name}-system`,
      {
        ...common,
        name: `${name}-system`,
        initialNodeCount: 1,
        autoscaling: systemAutoscaling(args.system),
        nodeConfig: systemNodeConfig(args.system, nodeServiceAccount, args.labels),
      },
      { parent: this },
    );
    this.gpu = new gcp.container.NodePool(
      `${name}-gpu`,
      {
        ...common,
        name: `${name}-gpu`,
        initialNodeCount: 0,
        autoscaling: gpuAutoscaling(args.gpu),
        nodeConfig: gpuNodeConfig(args.gpu, nodeServiceAccount, args.labels),
      },
      { parent: this },
    );
    this.registerOutputs({
      systemPool: this.system.name,
      gpuPool: this.gpu.name,
      serviceAccount: this.serviceAccount.email,
    });
  }
}
