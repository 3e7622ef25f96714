import { z } from 'zod';
import { boolean } from './values';

/** Which cluster the stack deploys into and what it finds there. */
export const targetConfig = z.object({
  /** `gke`: the program creates the GCP network, GKE cluster and node pools; `existing`: a cluster you already have (no GCP resource). */
  cluster: z.enum(['gke', 'existing']).default('gke'),
  /** `install`: the program installs the add-ons with Helm; `existing`: they and their CRDs are already on the cluster. */
  addons: z.enum(['install', 'existing']).default('install'),
  /** Context of the kubeconfig to use with `cluster: existing` (default: its current context). */
  kubeContext: z.string().min(1).optional(),
  /** Image registry with `cluster: existing` (the GKE stacks push to their Artifact Registry). */
  imageRegistry: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, 'expected a registry such as "ghcr.io/acme" or "localhost:5001"')
    .optional(),
  /**
   * Create workloads without waiting for their pods (`pulumi.com/skipAwait`): only for an API
   * server with no kubelet, such as the test harness's; a real cluster should be awaited.
   */
  skipAwait: boolean().default(false),
});

export type TargetConfig = z.infer<typeof targetConfig>;

/** Rules that span several keys; each message names the keys involved. */
export function targetConfigProblems(
  config: Pick<TargetConfig, 'cluster' | 'addons' | 'imageRegistry'> & {
    readonly gcpProject?: string | undefined;
    readonly modelStore: string;
  },
): string[] {
  const problems: string[] = [];
  if (config.cluster === 'gke') {
    if (config.gcpProject === undefined) {
      problems.push(
        'category-match:gcpProject: required when category-match:cluster is "gke" (pulumi config set gcpProject <id>)',
      );
    }
    if (config.addons === 'existing') {
      problems.push(
        'category-match:addons: "existing" needs category-match:cluster "existing"; a new GKE cluster has no add-ons',
      );
    }
    if (config.modelStore === 'existing') {
      problems.push(
        'category-match:modelStore: "existing" needs category-match:cluster "existing"; use disk or gcs on GKE',
      );
    }
  } else {
    if (config.imageRegistry === undefined) {
      problems.push('category-match:imageRegistry: required when category-match:cluster is "existing"');
    }
    if (config.modelStore !== 'existing') {
      problems.push(
        `category-match:modelStore: "${config.modelStore}" creates GCP storage; with category-match:cluster "existing" use "existing" and set category-match:modelStoreUri`,
      );
    }
  }
  return problems;
}
