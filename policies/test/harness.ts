import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from '@pulumi/policy';
import { z } from 'zod';

/**
 * A small stand-in for the Pulumi engine: calls a policy's own validate functions with the
 * argument shapes @pulumi/policy defines, and collects what they report.
 */

/** A resource as a test describes it: type token, logical name, inputs, and the stack it belongs to. */
export interface FakeResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Stack name written into the URN; `dev` unless given. */
  readonly stack?: string;
  /** Props of the resource's provider (e.g. the GCP provider's `defaultLabels`). */
  readonly providerProps?: Record<string, unknown>;
}

export interface Violation {
  readonly policy: string;
  readonly level: EnforcementLevel;
  readonly message: string;
  readonly urn: string | undefined;
}

const enforcementLevel = z.enum(['advisory', 'mandatory', 'remediate', 'disabled']);
const policyPackConfigFileSchema = z.record(
  z.string(),
  z.union([enforcementLevel, z.looseObject({ enforcementLevel: enforcementLevel.optional() })]),
);

/** Per-policy config as in a `--policy-pack-config` file: a level, or an object with a level and keys. */
export type PolicyPackConfigFile = z.infer<typeof policyPackConfigFileSchema>;

/** Reads a policy config file's JSON, failing with the entry that is wrong. */
export function parsePolicyPackConfig(json: unknown): PolicyPackConfigFile {
  const parsed = policyPackConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Invalid policy config: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export function urnOf(resource: FakeResource): string {
  return `urn:pulumi:${resource.stack ?? 'dev'}::category-match::${resource.type}::${resource.name}`;
}

class NotApplicable extends Error {}

function typeTokenOf(resourceClass: object): unknown {
  return Reflect.get(resourceClass, '__pulumiType');
}

const resourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** What the engine shows of any resource: identity, props and the typed views of them. */
function resourceView(resource: FakeResource) {
  const urn = urnOf(resource);
  const matches = (resourceClass: object) => typeTokenOf(resourceClass) === resource.type;
  return {
    type: resource.type,
    props: resource.props,
    urn,
    name: resource.name,
    opts: resourceOptions,
    isType: matches,
    // The engine hands back the same props object typed as the class's args; a test fixture is that object.
    asType: <T>(resourceClass: object): T | undefined => (matches(resourceClass) ? (resource.props as T) : undefined),
  };
}

function resourceArgs(resource: FakeResource, config: object): ResourceValidationArgs {
  const view = resourceView(resource);
  return {
    ...view,
    ...(resource.providerProps === undefined
      ? {}
      : {
          provider: {
            type: 'pulumi:providers:gcp',
            name: 'gcp',
            urn: `${view.urn}-provider`,
            props: resource.providerProps,
          },
        }),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
}

function policyResource(resource: FakeResource): PolicyResource {
  return { ...resourceView(resource), dependencies: [], propertyDependencies: {} };
}

async function collect(
  run: (report: ReportViolation) => Promise<void> | void,
): Promise<{ message: string; urn?: string }[]> {
  const reported: { message: string; urn?: string }[] = [];
  try {
    await run((message, urn) => reported.push(urn === undefined ? { message } : { message, urn }));
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
  }
  return reported;
}

/** Messages one resource policy reports for one resource (every validation function of the policy runs). */
export async function validateResource(
  policy: ResourceValidationPolicy,
  resource: FakeResource,
  config: object = {},
): Promise<string[]> {
  const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
  const messages: string[] = [];
  for (const validation of validations) {
    const reported = await collect((report) => validation(resourceArgs(resource, config), report));
    messages.push(...reported.map((violation) => violation.message));
  }
  return messages;
}

/** Messages one stack policy reports for a set of resources. */
export async function validateStack(
  policy: StackValidationPolicy,
  resources: readonly FakeResource[],
  config: object = {},
): Promise<string[]> {
  const args: StackValidationArgs = {
    resources: resources.map(policyResource),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
  return (await collect((report) => policy.validateStack(args, report))).map((violation) => violation.message);
}

function levelAndConfig(
  policy: { name: string; enforcementLevel?: EnforcementLevel },
  packConfig: PolicyPackConfigFile,
): { level: EnforcementLevel; config: object } {
  const entry = packConfig[policy.name];
  const all = packConfig['all'];
  const fallback = (typeof all === 'string' ? all : undefined) ?? policy.enforcementLevel ?? 'advisory';
  if (typeof entry === 'string') return { level: entry, config: {} };
  if (entry === undefined) return { level: fallback, config: {} };
  const { enforcementLevel: level, ...config } = entry;
  return { level: level ?? fallback, config };
}

/** Runs a whole pack over a stack's resources the way `pulumi preview` would, with a policy config file. */
export async function runPack(
  policies: Policies,
  resources: readonly FakeResource[],
  packConfig: PolicyPackConfigFile = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const { level, config } = levelAndConfig(policy, packConfig);
    if (level === 'disabled') continue;
    const found: { message: string; urn?: string }[] = [];
    if ('validateStack' in policy) {
      found.push(...(await validateStack(policy, resources, config)).map((message) => ({ message, urn: undefined })));
    } else {
      for (const resource of resources) {
        found.push(
          ...(await validateResource(policy, resource, config)).map((message) => ({ message, urn: urnOf(resource) })),
        );
      }
    }
    violations.push(...found.map(({ message, urn }) => ({ policy: policy.name, level, message, urn })));
  }
  return violations;
}
