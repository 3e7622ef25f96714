import type { StackSettings } from './stack-settings';

/** One way to run the stack: what the model API keeps warm, how long it waits before scaling down, how GPUs are bought. */
export interface Alternative {
  readonly name: string;
  readonly minReplicas: number;
  readonly scaleDownDelaySeconds: number;
  readonly spot: boolean;
  /** True for the stack as configured. */
  readonly configured: boolean;
}

const minutes = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`);

/** The other scale-down delay to compare: a long one against a short configured delay, a short one otherwise. */
export function otherScaleDownDelay(configuredSeconds: number): number {
  return configuredSeconds < 15 * 60 ? 30 * 60 : 60;
}

/**
 * The alternatives side by side: minimum replicas 0 and 1, the configured scale-down delay and another, each on
 * spot and on-demand GPUs. A stack without scale to zero has no 0 alternative (Knative keeps one replica).
 */
export function alternativesOf(stack: StackSettings): Alternative[] {
  const { modelApi } = stack;
  const configuredMin = modelApi.scaleToZero ? modelApi.minReplicas : Math.max(1, modelApi.minReplicas);
  const delays = [modelApi.scaleDownDelaySeconds, otherScaleDownDelay(modelApi.scaleDownDelaySeconds)];
  const shapes = [
    ...(modelApi.scaleToZero ? delays.map((delay) => ({ minReplicas: 0, delay })) : []),
    { minReplicas: Math.max(1, configuredMin), delay: modelApi.scaleDownDelaySeconds },
  ];
  const alternatives = shapes.flatMap(({ minReplicas, delay }) =>
    [stack.gpuSpot, !stack.gpuSpot].map((spot) => ({
      name: `min ${minReplicas}, scale-down delay ${minutes(delay)}, ${spot ? 'spot' : 'on-demand'}`,
      minReplicas,
      scaleDownDelaySeconds: delay,
      spot,
      configured: minReplicas === configuredMin && delay === modelApi.scaleDownDelaySeconds && spot === stack.gpuSpot,
    })),
  );
  // The stack as configured first: the row every other is compared with.
  return alternatives.sort((a, b) => Number(b.configured) - Number(a.configured));
}
