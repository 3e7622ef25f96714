import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { appConfig, appConfigProblems } from './config/app';
import { clusterConfig, clusterConfigProblems } from './config/cluster';
import { gcpConfig, gcpConfigProblems } from './config/gcp';
import { modelStoreConfig } from './config/model-store';
import { platformConfig, platformConfigProblems } from './config/platform';

/**
 * The one reader of `pulumi.Config`. Every key of the project is declared by a section schema in
 * `stacks/config/<section>.ts` (flat keys, as in `Pulumi.yaml`); this file merges the sections,
 * parses the stack's values once and fails with a message naming each wrong key.
 */
export const stackConfigSchema = z.object({
  ...gcpConfig.shape,
  ...clusterConfig.shape,
  ...modelStoreConfig.shape,
  ...appConfig.shape,
  ...platformConfig.shape,
});

export type StackConfig = z.infer<typeof stackConfigSchema> & {
  /** The Pulumi stack name (`dev`, `ops`). */
  readonly stack: string;
};

/** Rules spanning several keys, one per section; each message names the keys involved. */
const crossKeyRules: readonly ((config: z.infer<typeof stackConfigSchema>) => string[])[] = [
  gcpConfigProblems,
  clusterConfigProblems,
  appConfigProblems,
  platformConfigProblems,
];

/** Every config key the project declares, in the order of the schema. */
export const configKeys: readonly string[] = Object.keys(stackConfigSchema.shape);

export class StackConfigError extends Error {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid config for stack "${stackName}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = `category-match:${issue.path.map(String).join('.')}`;
  if (issue.code === 'invalid_value') {
    return `${key}: ${issue.message}; allowed values: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${key}: required, but not set (pulumi config set ${key} <value>)`;
  }
  return `${key}: ${issue.message}`;
}

/** Parses raw config text (key -> value as Pulumi returns it; unset keys absent) into the typed config. */
export function parseStackConfig(stack: string, raw: Readonly<Record<string, string | undefined>>): StackConfig {
  const known = new Set(configKeys);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  const parsed = stackConfigSchema.safeParse(raw);
  const problems = [
    ...unknown.map((key) => `category-match:${key}: unknown key; known keys: ${configKeys.join(', ')}`),
    ...(parsed.success ? crossKeyRules.flatMap((rule) => rule(parsed.data)) : parsed.error.issues.map(describeIssue)),
  ];
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(stack, problems);
  return Object.freeze({ ...parsed.data, stack });
}

/** Reads the current stack's config from Pulumi, once. */
export function loadStackConfig(): StackConfig {
  const config = new pulumi.Config();
  const raw = Object.fromEntries(configKeys.map((key) => [key, config.get(key)]));
  return parseStackConfig(pulumi.getStack(), raw);
}

/** Config keys whose values are Pulumi secrets (`pulumi config set --secret`), never in plain config. */
export const secretKeys = ['gitToken'] as const;

/** The stack's secrets, kept as secret outputs so they never appear in plain text in the state. */
export type StackSecrets = Readonly<Partial<Record<(typeof secretKeys)[number], pulumi.Output<string>>>>;

/** Reads the stack's secrets; an unset secret is absent (components that need one say so). */
export function loadStackSecrets(): StackSecrets {
  const config = new pulumi.Config();
  const secrets: Partial<Record<(typeof secretKeys)[number], pulumi.Output<string>>> = {};
  for (const key of secretKeys) {
    const value = config.getSecret(key);
    if (value !== undefined) secrets[key] = value;
  }
  return Object.freeze(secrets);
}
