import { z } from 'zod';
import { boolean, integer, json } from './values';

const positive = () => integer().pipe(z.number().int().min(1, 'expected at least 1'));

/** The GKE cluster and its node pools. */
export const clusterConfig = z.object({
  /** GKE release channel: how fast the control plane and nodes follow new versions. */
  releaseChannel: z.enum(['RAPID', 'REGULAR', 'STABLE']).default('REGULAR'),
  /** Refuse `pulumi destroy` of the cluster (turn off before destroying on purpose). */
  deletionProtection: boolean().default(false),
  /** CIDR ranges allowed to reach the control plane; empty leaves the public endpoint open to all. */
  masterAuthorizedCidrs: json(
    z.array(z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'expected IPv4 CIDR ranges such as "203.0.113.0/24"')),
  ).default([]),
  /** Machine type of the system pool (add-ons, Kafka, workers). */
  systemMachineType: z.string().min(1).default('e2-standard-4'),
  /** Minimum number of system nodes in the whole pool. */
  systemMinNodes: positive().default(1),
  /** Maximum number of system nodes in the whole pool. */
  systemMaxNodes: positive().default(3),
  /** Machine type of the GPU pool; it must accept the accelerator (g2 for L4, n1 for T4). */
  gpuMachineType: z.string().min(1).default('g2-standard-8'),
  /** Accelerator type attached to each GPU node. */
  gpuAcceleratorType: z
    .enum(['nvidia-l4', 'nvidia-tesla-t4', 'nvidia-tesla-a100', 'nvidia-a100-80gb', 'nvidia-h100-80gb'])
    .default('nvidia-l4'),
  /** Accelerators per GPU node. */
  gpuAcceleratorCount: positive().default(1),
  /** Maximum number of GPU nodes in the whole pool (the minimum is always 0). */
  gpuMaxNodes: positive().default(2),
  /** Run GPU nodes as spot VMs (cheaper, may be preempted). */
  gpuSpot: boolean().default(false),
  /** Boot disk size of a GPU node in GB. */
  gpuDiskSizeGb: integer().pipe(z.number().int().min(30, 'expected at least 30 (GB)')).default(100),
  /** Boot disk type of a GPU node. */
  gpuDiskType: z.enum(['pd-standard', 'pd-balanced', 'pd-ssd']).default('pd-balanced'),
  /** NVIDIA driver GKE installs: `DEFAULT` for the GKE version, `LATEST` for the newest it offers. */
  gpuDriverVersion: z.enum(['DEFAULT', 'LATEST']).default('LATEST'),
});

export type ClusterConfig = z.infer<typeof clusterConfig>;

/** Rules that span several keys; each message names the keys involved. */
export function clusterConfigProblems(config: ClusterConfig): string[] {
  if (config.systemMinNodes <= config.systemMaxNodes) return [];
  return [
    `category-match:systemMinNodes (${config.systemMinNodes}) exceeds category-match:systemMaxNodes (${config.systemMaxNodes})`,
  ];
}
