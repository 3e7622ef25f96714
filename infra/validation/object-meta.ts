import { z } from 'zod';

// RFC 1123 names as the API server checks them: a DNS subdomain for most names, a label for namespaces.
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a lowercase RFC 1123 subdomain');
const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a lowercase RFC 1123 label');
const labelValue = z
  .string()
  .max(63)
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, 'must be a valid label value');

/** The `metadata` fields a manifest may set; closed, so a misspelt field is an error. */
const objectMetaSchema = z.strictObject({
  name: dnsSubdomain,
  namespace: dnsLabel.optional(),
  labels: z.record(z.string(), labelValue).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
});

/** Checks an object's `metadata`; returns one message per problem with its path. */
export function validateObjectMeta(metadata: unknown): string[] {
  const parsed = objectMetaSchema.safeParse(metadata);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const where = ['', 'metadata', ...issue.path.map(String)].join('/');
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${where}: ${issue.message}`;
  });
}
