import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import {
  projectName,
  setMocks,
  settle,
  unwrap,
  type RecordedResource,
  type ResourceRecorder,
} from '../../infra/testing';
import { loadStackConfig, loadStackSecrets, secretKeys } from '../config';
import { configText } from '../config/values';
import { deployProgram } from '../program';
import { present, type ReleaseLookupsFactory } from '../release-check';

export const repoRoot = path.resolve(__dirname, '..', '..');

export type StackName = 'dev' | 'ops' | 'local';

function readYaml(file: string): Record<string, unknown> {
  const document: unknown = parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));
  if (typeof document !== 'object' || document === null) throw new Error(`${file} is not a YAML mapping`);
  return document as Record<string, unknown>;
}

function mapping(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Config keys declared in `Pulumi.yaml`, with their defaults as the text Pulumi would hand over. */
export function readProjectConfigDeclarations(): Map<string, { type: unknown; default?: string }> {
  const declared = new Map<string, { type: unknown; default?: string }>();
  for (const [key, declaration] of Object.entries(mapping(readYaml('Pulumi.yaml')['config']))) {
    // Settings of other namespaces (`pulumi:disable-default-providers`) are not the program's keys.
    if (key.includes(':') && !key.startsWith(`${projectName}:`)) continue;
    const { type, default: value } = mapping(declaration);
    declared.set(
      key.replace(`${projectName}:`, ''),
      value === undefined ? { type } : { type, default: configText(value) },
    );
  }
  return declared;
}

/** The config Pulumi would give the program for a stack: every key, namespaced (`category-match:key`, `gcp:x`). */
export function readStackConfigText(stack: StackName): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, declaration] of readProjectConfigDeclarations()) {
    if (declaration.default !== undefined) values[`${projectName}:${key}`] = declaration.default;
  }
  for (const [key, value] of Object.entries(mapping(readYaml(`Pulumi.${stack}.yaml`)['config']))) {
    // Encrypted values (`secure:`) cannot be read without the stack's key; tests pass secrets explicitly.
    if (typeof value === 'object' && value !== null && 'secure' in value) continue;
    values[key.includes(':') ? key : `${projectName}:${key}`] = configText(value);
  }
  return values;
}

/** A stack's own config keys (without the project prefix), as `parseStackConfig` takes them. */
export function readStackConfig(stack: StackName): Record<string, string> {
  const prefix = `${projectName}:`;
  return Object.fromEntries(
    Object.entries(readStackConfigText(stack))
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

export interface StackRunOptions {
  /** Config values replacing the stack file's (keys without the project prefix). */
  readonly config?: Readonly<Record<string, string>>;
  /** Secret values; each secret key defaults to `mock-<key>`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Run as `pulumi preview` would. */
  readonly preview?: boolean;
  /** How the release's images and model version are found; by default every one is present. */
  readonly releaseLookups?: ReleaseLookupsFactory;
}

/** Mocks reach no registry or store: the release is taken as published unless a test says otherwise. */
export const everythingPresent: ReleaseLookupsFactory = () => ({
  image: () => Promise.resolve(present),
  modelVersion: () => Promise.resolve(present),
});

export interface StackRun {
  /** Every resource the program registered, in registration order. */
  readonly resources: readonly RecordedResource[];
  /** Lookup helpers over the same resources. */
  readonly recorder: ResourceRecorder;
  /** The stack outputs, resolved. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Names of the outputs that are secret. */
  readonly secretOutputs: readonly string[];
}

/**
 * Runs the whole program for a stack against recording mocks, with the config of
 * `Pulumi.yaml` + `Pulumi.<stack>.yaml`, and waits until every resource has been registered.
 */
export async function runStackWithMocks(stack: StackName, options: StackRunOptions = {}): Promise<StackRun> {
  const recorder = setMocks({ stack, preview: options.preview ?? false });
  setStackConfig(stack, options);

  // The committed stack files, placeholders included, as the manifest renderer reads them.
  const outputs = deployProgram(loadStackConfig({ placeholders: 'allow' }), loadStackSecrets(), {
    releaseLookups: options.releaseLookups ?? everythingPresent,
  });
  const resolved = await unwrap(pulumi.output(outputs));
  const secrecy = await Promise.all(
    Object.entries(outputs).map(
      async ([name, output]: [string, pulumi.Output<unknown>]) => [name, await pulumi.isSecret(output)] as const,
    ),
  );
  await settle();
  const secretOutputs = secrecy.filter(([, secret]) => secret).map(([name]) => name);
  return { resources: recorder.resources, recorder, outputs: resolved, secretOutputs };
}

/** Gives the Pulumi runtime a stack's config, as `pulumi up` would (call after `setMocks`). */
export function setStackConfig(stack: StackName, options: Pick<StackRunOptions, 'config' | 'secrets'> = {}): void {
  const config: Record<string, string> = readStackConfigText(stack);
  for (const [key, value] of Object.entries(options.config ?? {})) config[`${projectName}:${key}`] = value;
  const secretConfigKeys = secretKeys.map((key) => `${projectName}:${key}`);
  for (const key of secretKeys) config[`${projectName}:${key}`] = options.secrets?.[key] ?? `mock-${key}`;
  pulumi.runtime.setAllConfig(config, secretConfigKeys);
}
