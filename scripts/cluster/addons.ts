import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { platformConfig } from '../../stacks/config/platform';
import { platformNamespaces } from '../../stacks/platform-namespaces';
import { controllerPieces } from './addon-config';
import { kubectl } from './kubectl';

const referenceRoot = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

/** Reference folders of the add-ons whose controllers run here: their CRDs come from the controllers' modules. */
const controllerAddon = /^(kserve|knative-serving|keda|cert-manager)-v/;

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => path.join(dir, file));

/**
 * Every CRD of the pinned add-ons: those of KServe, Knative Serving, KEDA and cert-manager from
 * their controllers' modules (the toolchain keeps them beside the binaries), the others (Istio,
 * Strimzi, Argo CD, the Knative Operator) from the shared reference data.
 */
export function addonCrdFiles(controllerPieceDirs: readonly string[], root: string = referenceRoot): string[] {
  const fromModules = controllerPieceDirs.flatMap((piece) => yamlFiles(path.join(piece, 'crds')));
  return [...fromModules, ...referenceCrdFiles(root)].sort();
}

function referenceCrdFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !controllerAddon.test(entry.name))
    .flatMap((entry) => {
      const dir = path.join(root, entry.name, 'crds');
      try {
        return yamlFiles(dir);
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
  platformNamespaces.kserve,
  platformNamespaces.keda,
];

/**
 * What a cluster with the add-ons installed has that the platform's own objects need: their CRDs
 * (server-side: the InferenceService CRD is too large for the last-applied annotation) and
 * namespaces.
 */
export async function installAddonStandIns(bin: string, kubeconfig: string): Promise<void> {
  const files = addonCrdFiles(Object.values(controllerPieces(bin)));
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
