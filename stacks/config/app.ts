import { z } from 'zod';
import { boolean, integer } from './values';

const atLeast = (minimum: number) => integer().pipe(z.number().int().min(minimum, `expected at least ${minimum}`));

/** The inference application: how it is delivered and how the model API and the worker scale. */
export const appConfig = z.object({
  /** false deploys everything but the app: a stack's first `pulumi up`, before its images and model exist. */
  deployApp: boolean().default(true),
  /** Check, before each rollout, that the release's images and model version exist where the cluster reads them. */
  verifyRelease: boolean().default(true),
  /** `pulumi`: Pulumi creates the app objects; `argocd`: an ArgoCD Application syncs `stacks/<stack>/manifests/`. */
  delivery: z.enum(['pulumi', 'argocd']).default('pulumi'),
  /** HTTPS URL of the Git repository ArgoCD syncs from (required with `delivery: argocd`). */
  gitRepoUrl: z.url({ protocol: /^https$/, error: 'expected an https:// Git repository URL' }).optional(),
  /** Branch, tag or commit ArgoCD follows. */
  gitRevision: z.string().min(1).default('main'),
  /** Fewest model API pods (transformer and GPU predictor); 0 lets the GPU pool scale to zero. */
  modelApiMinReplicas: atLeast(0).default(0),
  /** Most GPU predictor pods; each takes a whole GPU node. */
  modelApiMaxReplicas: atLeast(1).default(2),
  /** GPUs of one predictor; 0 runs it on CPU (no GPU request, no GPU toleration), for clusters without GPUs. */
  modelApiGpus: atLeast(0).default(1),
  /** What Knative scales the model API on. */
  modelApiScaleMetric: z.enum(['concurrency', 'rps']).default('concurrency'),
  /** Target value of the scale metric per pod. */
  modelApiScaleTarget: atLeast(1).default(8),
  /** Requests one pod handles at once (0: no limit); the predictor batches them on the GPU. */
  modelApiContainerConcurrency: atLeast(0).default(16),
  /**
   * Longest a request may wait for an answer. A predictor at zero waits for a GPU node, the driver,
   * the image and the model (minutes); a shorter timeout fails every request of a cold start.
   */
  modelApiTimeoutSeconds: atLeast(60).default(900),
  /** Titles the worker sends in one inference request. */
  workerMaxBatchSize: atLeast(1).default(64),
  /** Records per worker transaction at most, per input partition (worker/README.md, "Latency and throughput"). */
  workerTransactionMaxRecords: atLeast(1).default(2048),
  /** Records a partition may hold in the worker before its next fetch waits; 0 processes one batch at a time. */
  workerPartitionBufferRecords: atLeast(0).default(0),
  /** Longest a worker fetch waits on the broker for records (Kafka's fetch.max.wait.ms). */
  workerFetchMaxWaitMs: atLeast(0).default(100),
  /** Results scored below this go out with `category: null` and the best guess (a fraction; 0 never abstains). */
  workerAbstainBelowScore: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a score from 0 to 1, such as 0.5')
    .transform(Number)
    .default(0),
  /** Kafka delivery guarantee of the worker. */
  workerDelivery: z.enum(['exactly-once', 'at-least-once']).default('exactly-once'),
  /** Consumer lag per worker replica at which KEDA adds a replica. */
  workerLagThreshold: atLeast(1).default(100),
});

export type AppConfig = z.infer<typeof appConfig>;

/** The GPU pool settings the app's rules check against (declared in `stacks/config/cluster.ts`). */
interface GpuPoolConfig {
  readonly gpuMaxNodes: number;
  readonly gpuAcceleratorCount: number;
}

/** Rules that span several keys; each message names the keys involved. */
export function appConfigProblems(config: AppConfig & GpuPoolConfig): string[] {
  const problems: string[] = [];
  if (config.delivery === 'argocd' && config.gitRepoUrl === undefined) {
    problems.push('category-match:gitRepoUrl: required when category-match:delivery is "argocd"');
  }
  if (config.modelApiMinReplicas > config.modelApiMaxReplicas) {
    problems.push(
      `category-match:modelApiMinReplicas (${config.modelApiMinReplicas}) exceeds category-match:modelApiMaxReplicas (${config.modelApiMaxReplicas})`,
    );
  }
  const gpus = config.gpuMaxNodes * config.gpuAcceleratorCount;
  if (config.modelApiGpus > config.gpuAcceleratorCount) {
    problems.push(
      `category-match:modelApiGpus (${config.modelApiGpus}) exceeds category-match:gpuAcceleratorCount (${config.gpuAcceleratorCount}); the predictor could not fit on a GPU node`,
    );
  }
  if (config.modelApiGpus > 0 && config.modelApiMaxReplicas * config.modelApiGpus > gpus) {
    problems.push(
      `category-match:modelApiMaxReplicas (${config.modelApiMaxReplicas}) × modelApiGpus (${config.modelApiGpus}) exceeds the GPUs of the pool (category-match:gpuMaxNodes × gpuAcceleratorCount = ${gpus}); the extra predictors would stay pending`,
    );
  }
  return problems;
}
