import type { PolicyConfigSchema } from '@pulumi/policy';
import { z } from 'zod';

/** A policy's config: a zod object read at validation time and the JSON schema the engine checks. */
export interface PolicyConfig<Shape extends z.ZodRawShape> {
  readonly schema: z.ZodObject<Shape>;
  readonly configSchema: PolicyConfigSchema;
}

/** Declares a policy's config keys once; the JSON schema handed to Pulumi is derived from them. */
export function policyConfig<Shape extends z.ZodRawShape>(shape: Shape): PolicyConfig<Shape> {
  // Strict, so a misspelt key in a stack's policy config fails the run naming it instead of being ignored.
  const schema = z.strictObject(shape);
  const json = z.toJSONSchema(schema, { io: 'input' });
  // zod emits standard JSON Schema; Pulumi's type for it is a narrower hand-written copy of the same standard.
  const properties = (json.properties ?? {}) as PolicyConfigSchema['properties'];
  return {
    schema,
    configSchema: { properties, ...(json.required ? { required: json.required } : {}) },
  };
}

/** Anything that hands out a policy's config (resource and stack validation args). */
interface ConfigSource {
  getConfig<T extends object>(): T;
}

export class PolicyConfigError extends Error {
  constructor(policyName: string, problems: readonly string[]) {
    super(`Invalid policy config for "${policyName}": ${problems.join('; ')}`);
    this.name = 'PolicyConfigError';
  }
}

/** Parses the config the engine passed (defaults applied), failing with the key that is wrong. */
export function readPolicyConfig<Shape extends z.ZodRawShape>(
  policyName: string,
  config: PolicyConfig<Shape>,
  source: ConfigSource,
): z.infer<z.ZodObject<Shape>> {
  const parsed = config.schema.safeParse(source.getConfig<object>());
  if (!parsed.success) {
    throw new PolicyConfigError(
      policyName,
      parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}
