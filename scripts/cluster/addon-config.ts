/**
 * What the add-on controllers of the local cluster read, made from the same values the platform's
 * Helm releases and `KnativeServing` set (`stacks/addon-settings.ts`): KServe's `inferenceservice-config`
 * as the kserve-resources chart renders it with the platform's values, and Knative's ConfigMaps as
 * the Knative Operator fills them from the `KnativeServing`'s `spec.config`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { listenerDnsNames } from '../../infra/platform/kafka/kafka-tls';
import { knativeServing } from '../../infra/platform/knative/knative-serving';
import { kserveResourcesValues } from '../../infra/platform/kserve/kserve-values';
import { knativeServingInput, kserveGateways } from '../../stacks/addon-settings';
import { imageRegistry } from '../../stacks/derived-names';
import { platformNamespaces } from '../../stacks/platform-namespaces';
import { readStackFiles } from '../../stacks/render';
import { toolchainPiece } from './toolchain';

const run = promisify(execFile);

export type KubernetesObject = Record<string, unknown> & {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
};

/** The stack whose add-on settings the local controllers take by default: dev, the GPU stack that scales to zero. */
export const defaultSettingsStack = 'dev';

/** Stacks whose objects the local cluster reconciles (their images' registries are skipped by tag resolution). */
const servedStacks = ['dev', 'ops', 'local'] as const;

/** Where the toolchain keeps each controller's module files. */
export function controllerPieces(bin: string) {
  return {
    kserve: toolchainPiece(bin, 'kserve-manager'),
    knative: toolchainPiece(bin, 'knative-controller'),
    keda: toolchainPiece(bin, 'keda-operator'),
    certManager: toolchainPiece(bin, 'cert-manager-controller'),
  };
}

function isObject(value: unknown): value is KubernetesObject {
  if (typeof value !== 'object' || value === null) return false;
  const metadata = (value as { metadata?: unknown }).metadata;
  return (
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as { name?: unknown }).name === 'string'
  );
}

/** The kserve-resources chart rendered as the platform's `kserve` release renders it (same chart, same values). */
export async function renderKServeChart(bin: string): Promise<KubernetesObject[]> {
  const chart = path.join(controllerPieces(bin).kserve, 'charts', 'kserve-resources');
  const child = run(
    path.join(bin, 'helm'),
    ['template', 'kserve', chart, '--namespace', platformNamespaces.kserve, '--values', '-'],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  child.child.stdin?.end(JSON.stringify(kserveResourcesValues(kserveGateways())));
  const { stdout } = await child;
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as unknown)
    .filter(isObject);
}

/** Registry hosts of the served stacks' images: no registry is reachable here, so Knative must not resolve their tags. */
export function servedRegistryHosts(): string[] {
  const hosts = servedStacks.map((stack) => {
    const { project, config } = readStackFiles(stack);
    return imageRegistry(config, { project, stack: config.stack }).split('/')[0] ?? '';
  });
  return [...new Set(hosts)].filter((host) => host !== '').sort();
}

/**
 * Knative Serving's ConfigMaps: the release's defaults (from the module) with the `KnativeServing`'s
 * `spec.config` of `stack` merged in, as the operator merges them, and the served registries added
 * to the tag-resolution skip list.
 */
export function knativeConfigMaps(bin: string, stack: string = defaultSettingsStack): KubernetesObject[] {
  const dir = path.join(controllerPieces(bin).knative, 'config');
  const settings = knativeServing(knativeServingInput(readStackFiles(stack).config)).spec.config;
  const overrides: Record<string, Record<string, string>> = settings;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => parse(readFileSync(path.join(dir, file), 'utf8')) as unknown)
    .filter((object): object is KubernetesObject => isObject(object) && object.kind === 'ConfigMap')
    .map((configMap) => {
      const key = configMap.metadata.name.replace(/^config-/, '');
      const data: Record<string, string> = { ...(configMap['data'] as Record<string, string> | undefined) };
      Object.assign(data, overrides[key] ?? {});
      if (key === 'deployment') {
        const skipped = (data['registries-skipping-tag-resolving'] ?? 'kind.local,ko.local,dev.local').split(',');
        data['registries-skipping-tag-resolving'] = [...new Set([...skipped, ...servedRegistryHosts()])].join(',');
      }
      return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: configMap.metadata.name, namespace: platformNamespaces.knativeServing },
        data,
      };
    });
}

/** Knative's defaulting and validation webhook configurations from the module, as objects to point at a URL. */
export function knativeWebhookConfigurations(bin: string): KubernetesObject[] {
  const dir = path.join(controllerPieces(bin).knative, 'config');
  return ['defaulting.yaml', 'resource-validation.yaml'].map((file) => {
    const object = parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    if (!isObject(object)) throw new Error(`${path.join(dir, file)} holds no webhook configuration`);
    return object;
  });
}

/**
 * The in-cluster names a stack's Kafka clients use (the bootstrap service and one broker, as the
 * listener certificate names them): KEDA resolves them to 127.0.0.1 here, where a local broker can
 * serve the platform's listener.
 */
export function kafkaLoopbackNames(stack: string): { readonly bootstrap: readonly string[]; readonly broker: string } {
  const { config } = readStackFiles(stack);
  const names = listenerDnsNames(config.kafkaClusterName, config.kafkaNamespace);
  const wildcard = names.find((name) => name.startsWith('*.'));
  if (wildcard === undefined) throw new Error('the Kafka listener certificate names no broker wildcard');
  return { bootstrap: names.filter((name) => !name.startsWith('*.')), broker: wildcard.replace('*', 'broker-0') };
}

/** This machine's hosts file with the served stacks' Kafka names on 127.0.0.1 (what KEDA's process sees). */
export function hostsWithKafkaNames(machineHosts: string): string {
  const names = [
    ...new Set(
      servedStacks.flatMap((stack) => {
        const { bootstrap, broker } = kafkaLoopbackNames(stack);
        return [...bootstrap, broker];
      }),
    ),
  ];
  return `${machineHosts.trimEnd()}\n127.0.0.1 ${names.join(' ')}\n`;
}
