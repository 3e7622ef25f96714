import { lagPollingIntervalSeconds } from '../../infra/app/worker-autoscaling';
import type { StackConfig } from '../../stacks/config';
import type { Release } from '../../stacks/release';

/** Seconds of a Go duration as Knative reads it (`15m`, `60s`, `1h30m`). */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new Error(`"${text}" is not a duration such as 60s or 15m`);
  }
  const unit = { h: 3600, m: 60, s: 1 } as const;
  return parts.reduce((sum, [, amount, suffix]) => sum + Number(amount) * unit[suffix as keyof typeof unit], 0);
}

/**
 * Knative autoscaler settings this platform leaves at their defaults (knative.dev/docs/serving/autoscaling:
 * "kpa-specific" for the panic window and threshold, "concurrency" for the target utilisation).
 */
export const knativeDefaults = {
  panicWindowPercentage: 10,
  panicThresholdPercentage: 200,
  targetUtilizationPercentage: 70,
} as const;

/** What the planner reads from a stack: everything that shapes how the chain scales and what it costs. */
export interface StackSettings {
  readonly stack: string;
  readonly region: string;
  readonly gpuMachineType: string;
  readonly gpuAcceleratorType: string;
  readonly gpuAcceleratorCount: number;
  readonly gpuSpot: boolean;
  readonly gpuMaxNodes: number;
  readonly modelApi: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly scaleToZero: boolean;
    readonly scaleMetric: string;
    readonly scaleTarget: number;
    readonly containerConcurrency: number;
    readonly timeoutSeconds: number;
    readonly stableWindowSeconds: number;
    readonly scaleDownDelaySeconds: number;
  };
  readonly worker: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly partitions: number;
    readonly lagThreshold: number;
    readonly pollingSeconds: number;
    readonly delivery: string;
    readonly maxBatchSize: number;
  };
}

/** The planner's view of a stack's config and release; a stack it cannot price is refused, naming the key. */
export function stackSettings(config: StackConfig, release: Release): StackSettings {
  if (config.cluster !== 'gke') {
    throw new Error(
      `stack "${config.stack}": category-match:cluster is "${config.cluster}"; the planner prices GKE GPU nodes, so plan a stack with cluster: gke (dev, ops)`,
    );
  }
  if (config.modelApiGpus === 0) {
    throw new Error(
      `stack "${config.stack}": category-match:modelApiGpus is 0; the predictor runs on CPU and costs no GPU`,
    );
  }
  if (config.gpuAcceleratorCount !== config.modelApiGpus) {
    // Each predictor takes a whole node (stacks/config/app.ts), so nodes and replicas move together.
    throw new Error(
      `stack "${config.stack}": category-match:gpuAcceleratorCount (${config.gpuAcceleratorCount}) differs from modelApiGpus (${config.modelApiGpus}); the planner counts one predictor per GPU node`,
    );
  }
  return {
    stack: config.stack,
    region: config.gcpRegion,
    gpuMachineType: config.gpuMachineType,
    gpuAcceleratorType: config.gpuAcceleratorType,
    gpuAcceleratorCount: config.gpuAcceleratorCount,
    gpuSpot: config.gpuSpot,
    gpuMaxNodes: config.gpuMaxNodes,
    modelApi: {
      minReplicas: config.modelApiMinReplicas,
      maxReplicas: config.modelApiMaxReplicas,
      scaleToZero: config.autoscalerScaleToZero,
      scaleMetric: config.modelApiScaleMetric,
      scaleTarget: config.modelApiScaleTarget,
      containerConcurrency: config.modelApiContainerConcurrency,
      timeoutSeconds: config.modelApiTimeoutSeconds,
      stableWindowSeconds: durationSeconds(config.autoscalerStableWindow),
      scaleDownDelaySeconds: durationSeconds(config.autoscalerScaleDownDelay),
    },
    worker: {
      minReplicas: release.worker.minReplicas,
      maxReplicas: Math.min(release.worker.maxReplicas, config.kafkaPartitions),
      partitions: config.kafkaPartitions,
      lagThreshold: config.workerLagThreshold,
      pollingSeconds: lagPollingIntervalSeconds,
      delivery: config.workerDelivery,
      maxBatchSize: config.workerMaxBatchSize,
    },
  };
}
