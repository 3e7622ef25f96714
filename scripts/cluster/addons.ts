import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { platformConfig } from '../../stacks/config/platform';
import { platformNamespaces } from '../../stacks/platform-namespaces';
import { kubectl } from './kubectl';

const referenceRoot = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

/** Every CRD file of the pinned add-ons in the shared reference data. */
export function addonCrdFiles(root: string = referenceRoot): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const dir = path.join(root, entry.name, 'crds');
      try {
        return readdirSync(dir)
          .filter((file) => file.endsWith('.yaml'))
          .map((file) => path.join(dir, file));
      } catch {
        return [];
      }
    })
    .sort();
}

/**
 * Namespaces an add-on install owns and the platform's own objects land in with `addons: existing`
 * (Istio's gateway policy, the Kafka CA in cert-manager's, the Kafka cluster beside Strimzi).
 */
export const addonNamespaces = [
  platformNamespaces.istio,
  platformNamespaces.certManager,
  // The local stack keeps the default Kafka namespace.
  platformConfig.shape.kafkaNamespace.parse(undefined),
  platformNamespaces.knativeServing,
  platformNamespaces.keda,
];

/**
 * What a cluster with the add-ons installed has that the platform's own objects need: their CRDs
 * (server-side: the InferenceService CRD is too large for the last-applied annotation) and
 * namespaces. No operator runs: this is the API server a controller test uses.
 */
export async function installAddonStandIns(bin: string, kubeconfig: string): Promise<void> {
  const files = addonCrdFiles();
  if (files.length === 0) throw new Error(`no CRDs found under ${referenceRoot}`);
  await kubectl(bin, kubeconfig, [
    'apply',
    '--server-side',
    '--field-manager=category-match-cluster',
    ...files.flatMap((file) => ['-f', file]),
  ]);
  const wait = ['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all'];
  // A CRD created a moment ago may not be listed by the first wait yet.
  await kubectl(bin, kubeconfig, wait).catch(() => kubectl(bin, kubeconfig, wait));
  const namespaces = addonNamespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  await kubectl(
    bin,
    kubeconfig,
    ['apply', '--server-side', '--field-manager=category-match-cluster', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: namespaces }),
  );
}
