/**
 * How GPU nodes and the pods that need them find each other, in one place: the GPU pool carries
 * the taint, the predictor tolerates it and asks for the resource, the exporter tolerates it too.
 */

/** The taint of GKE's GPU pool, so only pods that ask for a GPU land there and the pool can empty. */
export const gpuTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' } as const;

/** A toleration of exactly that taint. */
export const gpuToleration = {
  key: gpuTaint.key,
  operator: 'Equal',
  value: gpuTaint.value,
  effect: gpuTaint.effect,
} as const;

/** The extended resource the NVIDIA device plugin advertises. */
export const gpuResource = 'nvidia.com/gpu';

/** The node label GKE gives GPU nodes, valued with their accelerator type. */
export const acceleratorLabel = 'cloud.google.com/gke-accelerator';
