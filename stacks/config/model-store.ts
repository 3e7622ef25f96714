import { z } from 'zod';
import { integer } from './values';

/** Where model versions live and which namespace serves them. */
export const modelStoreConfig = z.object({
  /** `disk`: the 10 GB cloud disk as a read-only-many volume (`pvc://`); `gcs`: a versioned bucket (`gs://`). */
  modelStore: z.enum(['disk', 'gcs']).default('disk'),
  /** Size of the model disk in GiB. */
  modelStoreDiskSizeGb: integer().pipe(z.number().int().min(10, 'expected at least 10 (GiB)')).default(10),
  /** Kubernetes namespace of the inference service, its service accounts and the model volume claim. */
  servingNamespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a Kubernetes namespace name')
    .max(63)
    .default('category-match'),
});
