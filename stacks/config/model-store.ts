import { z } from 'zod';
import { integer } from './values';

/** Where model versions live and which namespace serves them. */
export const modelStoreConfig = z.object({
  /**
   * `disk`: the 10 GB cloud disk as a read-only-many volume (`pvc://`); `gcs`: a versioned bucket
   * (`gs://`); `existing`: storage the cluster already has, at `modelStoreUri`.
   */
  modelStore: z.enum(['disk', 'gcs', 'existing']).default('disk'),
  /** Storage URI prefix of model versions with `modelStore: existing` (`pvc://<claim>`, `gs://…`, `s3://…`). */
  modelStoreUri: z
    .string()
    .regex(
      /^(pvc|gs|s3|https?):\/\/[^\s]+$/,
      'expected a storage URI such as "pvc://model-store" or "gs://bucket/models"',
    )
    .optional(),
  /** Size of the model disk in GiB. */
  modelStoreDiskSizeGb: integer().pipe(z.number().int().min(10, 'expected at least 10 (GiB)')).default(10),
  /** Kubernetes namespace of the inference service, its service accounts and the model volume claim. */
  servingNamespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a Kubernetes namespace name')
    .max(63)
    .default('category-match'),
});

export type ModelStoreConfig = z.infer<typeof modelStoreConfig>;

/** Rules that span several keys; each message names the keys involved. */
export function modelStoreConfigProblems(config: ModelStoreConfig): string[] {
  if (config.modelStore === 'existing' && config.modelStoreUri === undefined) {
    return ['category-match:modelStoreUri: required when category-match:modelStore is "existing"'];
  }
  return [];
}
