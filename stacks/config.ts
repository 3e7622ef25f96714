import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { appConfig, appConfigProblems } from './config/app';
import { clusterConfig, clusterConfigProblems } from './config/cluster';
import { gcpConfig, gcpConfigProblems } from './config/gcp';
import { modelStoreConfig, modelStoreConfigProblems } from './config/model-store';
import { placeholderProblems } from './config/placeholders';
import { platformConfig, platformConfigProblems } from './config/platform';
import { targetConfig, targetConfigProblems } from './config/target';

/**
 * The one reader of `pulumi.Config`. Every key of the project is declared by a section schema in
 * `stacks/config/<section>.ts` (flat keys, as in `Pulumi.yaml`); this file merges the sections,
 * parses the stack's values once and fails with a message naming each wrong key.
 */
export const stackConfigSchema = z.object({
  ...targetConfig.shape,
  ...gcpConfig.shape,
  ...clusterConfig.shape,
  ...modelStoreConfig.shape,
  ...appConfig.shape,
  ...platformConfig.shape,
});

type ParsedConfig = z.infer<typeof stackConfigSchema>;

/** Keys whose presence depends on another key's value: the branches below narrow them. */
type NarrowedKeys =
  'cluster' | 'gcpProject' | 'imageRegistry' | 'modelStore' | 'modelStoreUri' | 'delivery' | 'gitRepoUrl';
type CommonConfig = Omit<ParsedConfig, NarrowedKeys> & {
  /** The Pulumi stack name (`dev`, `ops`, `local`). */
  readonly stack: string;
};

/** How the app reaches the cluster: Pulumi creates its objects, or Argo CD syncs them from Git. */
export type DeliveryConfig =
  | { readonly delivery: 'pulumi'; readonly gitRepoUrl?: string }
  | { readonly delivery: 'argocd'; readonly gitRepoUrl: string };

/** A stack that creates its own GKE cluster in a GCP project. */
export type GkeStackConfig = CommonConfig &
  DeliveryConfig & {
    readonly cluster: 'gke';
    readonly gcpProject: string;
    readonly modelStore: 'disk' | 'gcs';
    readonly imageRegistry?: string;
    readonly modelStoreUri?: string;
  };

/** A stack that deploys into a cluster it does not create (kind, minikube, an existing GKE). */
export type ExistingClusterStackConfig = CommonConfig &
  DeliveryConfig & {
    readonly cluster: 'existing';
    readonly imageRegistry: string;
    readonly modelStore: 'existing';
    readonly modelStoreUri: string;
    readonly gcpProject?: string;
  };

export type StackConfig = GkeStackConfig | ExistingClusterStackConfig;

/** Rules spanning several keys, one per section; each message names the keys involved. */
const crossKeyRules: readonly ((config: ParsedConfig) => string[])[] = [
  targetConfigProblems,
  modelStoreConfigProblems,
  (config) => (config.cluster === 'gke' ? gcpConfigProblems(config) : []),
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

export interface ParseOptions {
  /**
   * `reject` for a deployment; `allow` to read the committed template files as they are (rendering
   * manifests, tests), whose project id and URLs are placeholders until a user sets theirs.
   */
  readonly placeholders?: 'reject' | 'allow';
}

/** Parses raw config text (key -> value as Pulumi returns it; unset keys absent) into the typed config. */
export function parseStackConfig(
  stack: string,
  raw: Readonly<Record<string, string | undefined>>,
  options: ParseOptions = {},
): StackConfig {
  const known = new Set(configKeys);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  const parsed = stackConfigSchema.safeParse(raw);
  const problems = [
    ...unknown.map((key) => `category-match:${key}: unknown key; known keys: ${configKeys.join(', ')}`),
    ...(options.placeholders === 'reject' ? placeholderProblems(stack, raw) : []),
    ...(parsed.success
      ? crossKeyRules.flatMap((rule) => rule(parsed.data))
      : [...parsed.error.issues.map(describeIssue), ...targetProblemsOfValidKeys(raw, parsed.error.issues)]),
  ];
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(stack, problems);
  return Object.freeze(narrowTarget(stack, parsed.data));
}

/** The typed form of a config whose cross-key rules passed (they guarantee one branch matches). */
function narrowTarget(stack: string, config: ParsedConfig): StackConfig {
  const { cluster, gcpProject, imageRegistry, modelStore, modelStoreUri, gitRepoUrl } = config;
  const delivery: DeliveryConfig | undefined =
    config.delivery === 'pulumi'
      ? { delivery: 'pulumi', ...(gitRepoUrl === undefined ? {} : { gitRepoUrl }) }
      : gitRepoUrl === undefined
        ? undefined
        : { delivery: 'argocd', gitRepoUrl };
  if (delivery !== undefined && cluster === 'gke' && gcpProject !== undefined && modelStore !== 'existing') {
    return { ...config, ...delivery, cluster, gcpProject, modelStore, stack };
  }
  if (
    delivery !== undefined &&
    cluster === 'existing' &&
    imageRegistry !== undefined &&
    modelStore === 'existing' &&
    modelStoreUri !== undefined
  ) {
    return { ...config, ...delivery, cluster, imageRegistry, modelStore, modelStoreUri, stack };
  }
  throw new StackConfigError(stack, [`category-match:cluster: "${cluster}" is missing the keys it needs`]);
}

/** The keys the target rules read, so a missing project is reported beside malformed keys. */
const targetKeys = stackConfigSchema.pick({
  cluster: true,
  addons: true,
  gcpProject: true,
  imageRegistry: true,
  modelStore: true,
});

function targetProblemsOfValidKeys(
  raw: Readonly<Record<string, string | undefined>>,
  issues: readonly z.core.$ZodIssue[],
): string[] {
  const target = targetKeys.safeParse(raw);
  if (!target.success) return [];
  const reported = new Set(issues.map((issue) => `category-match:${String(issue.path[0])}:`));
  return targetConfigProblems(target.data).filter((problem) => ![...reported].some((key) => problem.startsWith(key)));
}

/** Reads the current stack's config from Pulumi, once; a deployment refuses placeholders unless told otherwise. */
export function loadStackConfig(options: ParseOptions = { placeholders: 'reject' }): StackConfig {
  const config = new pulumi.Config();
  const raw = Object.fromEntries(configKeys.map((key) => [key, config.get(key)]));
  return parseStackConfig(pulumi.getStack(), raw, options);
}

/**
 * Config keys whose values are Pulumi secrets (`pulumi config set --secret`), never in plain
 * config: the Git token of Argo CD, and the kubeconfig of an existing cluster.
 */
export const secretKeys = ['gitToken', 'kubeconfig', 'kafkaProducerPassword', 'kafkaConsumerPassword'] as const;

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

/**
 * The kubeconfig of an existing cluster: the secret `kubeconfig`, else the one file `KUBECONFIG`
 * names (read into a secret, so the state never depends on a local path). Never `~/.kube/config`:
 * a stack must say which cluster it deploys into. Undefined for GKE stacks (they build their own).
 */
export function loadKubeconfig(
  config: StackConfig,
  secrets: StackSecrets,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.Output<string> | undefined {
  if (config.cluster !== 'existing') return undefined;
  if (secrets.kubeconfig !== undefined) return secrets.kubeconfig;
  const file = env['KUBECONFIG'];
  if (file === undefined || file === '') return undefined;
  if (file.includes(path.delimiter)) {
    throw new StackConfigError(config.stack, [
      `KUBECONFIG names several files (${file}); name one, or set the secret category-match:kubeconfig`,
    ]);
  }
  if (!fs.existsSync(file)) throw new StackConfigError(config.stack, [`KUBECONFIG: ${file} does not exist`]);
  return pulumi.secret(fs.readFileSync(file, 'utf8'));
}
