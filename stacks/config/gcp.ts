import { z } from 'zod';
import { json } from './values';

const cidr = () =>
  z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'expected an IPv4 CIDR range such as "10.10.0.0/20"');

/** Where the stack lives in Google Cloud and who pays for it. */
export const gcpConfig = z.object({
  /** GCP project id the stack deploys into (required with `cluster: gke`). */
  gcpProject: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a GCP project id (6-30 lowercase letters, digits, hyphens)')
    .optional(),
  /** Region of the cluster, registry and bucket. */
  gcpRegion: z
    .string()
    .regex(/^[a-z]+-[a-z]+\d+$/, 'expected a GCP region such as "europe-west4"')
    .default('europe-west4'),
  /** Zones of the region the node pools run in (GPU types differ per zone); the first holds the model disk. */
  gcpZones: json(
    z.array(z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, 'expected zones such as "europe-west4-a"')).min(1),
  ).default(['europe-west4-a']),
  /** Value of the `cost-center` label on every labelled resource. */
  costCenter: z
    .string()
    .regex(/^[a-z0-9_-]{1,63}$/, 'expected 1-63 lowercase letters, digits, "_" or "-" (a GCP label value)')
    .default('ml-platform'),
  /** Primary range of the cluster subnet (nodes). */
  subnetCidr: cidr().default('10.10.0.0/20'),
  /** Secondary range for pods (VPC-native). */
  podsCidr: cidr().default('10.20.0.0/14'),
  /** Secondary range for services (VPC-native). */
  servicesCidr: cidr().default('10.30.0.0/20'),
  /** The /28 the GKE control plane uses for private nodes. */
  masterCidr: cidr().default('172.16.0.0/28'),
});

export type GcpConfig = z.infer<typeof gcpConfig>;

/** Rules that span several keys; each message names the keys involved. */
export function gcpConfigProblems(config: GcpConfig): string[] {
  return config.gcpZones
    .filter((zone) => !zone.startsWith(`${config.gcpRegion}-`))
    .map((zone) => `category-match:gcpZones: zone "${zone}" is not in category-match:gcpRegion "${config.gcpRegion}"`);
}
