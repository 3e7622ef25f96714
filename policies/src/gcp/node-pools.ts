import type * as gcp from '@pulumi/gcp';
import type { Unwrap } from '@pulumi/pulumi';

export type NodePoolProps = Unwrap<gcp.container.NodePoolArgs>;

/** Accelerator-optimised machine families come with GPUs attached even without `guestAccelerators`. */
const gpuMachineFamilies = /^(a2|a3|a4|g2|g4)-/;

/** A pool whose nodes carry GPUs: the pools that cost the most when left running. */
export function isGpuPool(pool: NodePoolProps): boolean {
  const accelerators = pool.nodeConfig?.guestAccelerators ?? [];
  const machineType = pool.nodeConfig?.machineType ?? '';
  return accelerators.some((accelerator) => accelerator.count > 0) || gpuMachineFamilies.test(machineType);
}
