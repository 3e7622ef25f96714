/**
 * Every resource name and the standard labels, derived from project and stack so two stacks can
 * live in one GCP project without clashing.
 *
 * GCP limits written down here so a long stack name fails at preview with a clear message instead
 * of at `pulumi up` halfway through:
 * - most resource names and every label key/value: at most 63 characters, lowercase letters,
 *   digits and hyphens, starting with a letter (RFC 1035);
 * - service account ids: 6 to 30 characters;
 * - bucket names: 3 to 63 characters, globally unique (so they carry the GCP project id).
 */

export const maxNameLength = 63;
export const maxServiceAccountIdLength = 30;

/** What names are derived from. */
export interface NamingContext {
  /** Pulumi project name (`category-match`). */
  readonly project: string;
  /** Pulumi stack name (`dev`, `ops`). */
  readonly stack: string;
}

const rfc1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^[a-z0-9_-]{0,63}$/;

function checkName(name: string, maxLength: number, what: string): string {
  if (name.length > maxLength) {
    throw new Error(`${what} "${name}" is ${name.length} characters; GCP allows at most ${maxLength}`);
  }
  if (!rfc1035.test(name)) {
    throw new Error(`${what} "${name}" must be lowercase letters, digits and hyphens, starting with a letter`);
  }
  return name;
}

/** `<project>-<stack>-<role>`, e.g. `category-match-dev-gpu`: the name of a GCP or Kubernetes resource. */
export function resourceName(context: NamingContext, role: string): string {
  return checkName(`${context.project}-${context.stack}-${role}`, maxNameLength, 'Resource name');
}

/** Short project prefix (`cm` for `category-match`), for ids with tighter limits. */
export function projectInitials(project: string): string {
  return project
    .split('-')
    .map((word) => word.charAt(0))
    .join('');
}

/** A service account id (6-30 characters), e.g. `cm-dev-predictor`. */
export function serviceAccountId(context: NamingContext, role: string): string {
  const id = `${projectInitials(context.project)}-${context.stack}-${role}`;
  if (id.length < 6) throw new Error(`Service account id "${id}" is shorter than GCP's minimum of 6 characters`);
  return checkName(id, maxServiceAccountIdLength, 'Service account id');
}

/** A globally unique bucket name: `<gcp project id>-<stack>-<role>`. */
export function bucketName(context: NamingContext, gcpProject: string, role: string): string {
  return checkName(`${gcpProject}-${context.stack}-${role}`, maxNameLength, 'Bucket name');
}

/** The labels every labelled GCP resource carries: who runs it, in which stack, on whose budget. */
export function standardLabels(context: NamingContext, costCenter: string): Readonly<Record<string, string>> {
  const labels = { env: context.stack, app: context.project, 'cost-center': costCenter };
  for (const [key, value] of Object.entries(labels)) {
    if (!labelValue.test(value)) {
      throw new Error(`Label ${key}="${value}" must be at most 63 lowercase letters, digits, "_" or "-"`);
    }
  }
  return labels;
}
