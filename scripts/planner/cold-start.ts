import { readinessProbePeriodSeconds } from '../../infra/app/inference-service';

/** One stage of a cold start: a model API replica asked for while no GPU node is free. */
export interface ColdStartStage {
  readonly key: ColdStartKey;
  readonly what: string;
  readonly seconds: number;
  /** Where the default comes from, or `given` when the user set it. */
  readonly source: string;
}

export const coldStartKeys = ['node', 'driver', 'image', 'model', 'probe'] as const;
export type ColdStartKey = (typeof coldStartKeys)[number];

/**
 * Defaults with their sources. No official figure exists for a GKE GPU node's start; these are the one published
 * measurement of each stage found, rounded, and meant to be replaced by your cluster's own (the dashboard's
 * cold-start panel shows them).
 */
export const defaultColdStart: readonly ColdStartStage[] = [
  {
    key: 'node',
    what: 'GPU node: the cluster autoscaler asks for it, the VM is created and boots',
    seconds: 270,
    source:
      'a GPU VM up in 4.5 minutes (github.com/codalab/codalab-worksheets/issues/4042); 3–8 minutes reported for GKE GPU nodes (easecloud.io, "Auto-Scale GPU Workloads on GKE Clusters")',
  },
  {
    key: 'driver',
    what: 'NVIDIA driver installed and the GPU allocatable',
    seconds: 270,
    source: 'drivers installed 4.5 minutes after the VM (github.com/codalab/codalab-worksheets/issues/4042)',
  },
  {
    key: 'image',
    what: 'model server image (CUDA) pulled',
    seconds: 230,
    source:
      'a large GPU image created in 3 min 50 s without image streaming, 20 s with it (cloud.google.com/blog/products/containers-kubernetes/introducing-container-image-streaming-in-gke: "several minutes" for large images)',
  },
  {
    key: 'model',
    what: 'model loaded and the server ready',
    seconds: 1,
    source: 'measured: `npx category-match model serve` of the reference model, start to ready, 0.9–1.0 s (CPU)',
  },
  {
    key: 'probe',
    what: 'readiness probe notices',
    seconds: readinessProbePeriodSeconds,
    source: 'the predictor readiness probe period (infra/app/inference-service.ts), at worst',
  },
];

/** The defaults with `overrides` (`node=120,image=20`) applied; a wrong key or value is named. */
export function coldStartChain(overrides: string | undefined): ColdStartStage[] {
  const given = new Map<string, number>();
  for (const part of (overrides ?? '').split(',').filter((text) => text.trim() !== '')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (match === null) throw new Error(`--cold-start: "${part}" is not <stage>=<seconds>`);
    const [, key = '', seconds = ''] = match;
    if (!(coldStartKeys as readonly string[]).includes(key)) {
      throw new Error(`--cold-start: unknown stage "${key}"; stages: ${coldStartKeys.join(', ')}`);
    }
    given.set(key, Number(seconds));
  }
  return defaultColdStart.map((stage) => {
    const seconds = given.get(stage.key);
    return seconds === undefined ? stage : { ...stage, seconds, source: 'given' };
  });
}

/**
 * The simulation's two delays: a new node (VM, driver and the image pull, which a node does once) and a pod on a
 * node that has the image (model and probe).
 */
export function startDelays(chain: readonly ColdStartStage[]): { nodeStartSeconds: number; podStartSeconds: number } {
  const sum = (keys: readonly ColdStartKey[]) =>
    chain.filter((stage) => keys.includes(stage.key)).reduce((total, stage) => total + stage.seconds, 0);
  return { nodeStartSeconds: sum(['node', 'driver', 'image']), podStartSeconds: sum(['model', 'probe']) };
}
