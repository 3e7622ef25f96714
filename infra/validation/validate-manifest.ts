import { CrdValidator } from './crd-validator';
import { validateWithKubernetesModels } from './kubernetes-models';
import { validateObjectMeta } from './object-meta';

let crdValidator: CrdValidator | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Validates any Kubernetes object against its upstream schema and returns the problems found
 * (empty when valid). A kind that a CRD in `../shared/reference/` declares (KServe, Strimzi,
 * KnativeServing, Knative Service, ArgoCD, KEDA, Istio, cert-manager) is checked against that CRD,
 * the schema the API server applies, closed so that a misspelt field is an error. Other kinds
 * (Kubernetes core, and custom kinds without a CRD there) are checked with the `kubernetes-models`
 * packages, and a field their validator never reads is reported as unknown, so a misspelt field
 * is an error there too. `metadata` is checked for every kind. Each message starts with the kind
 * and name.
 */
export function validateManifest(object: unknown): string[] {
  if (!isRecord(object)) return ['manifest: expected an object with apiVersion, kind and metadata'];
  const { apiVersion, kind } = object;
  const name = isRecord(object.metadata) && typeof object.metadata.name === 'string' ? object.metadata.name : '?';
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [`${String(kind ?? '?')}/${name}: apiVersion and kind must be strings`];
  }
  const { group, version } = splitApiVersion(apiVersion);
  crdValidator ??= new CrdValidator();
  const fromCrd = crdValidator.validate(group, version, kind, object);
  // The CRD is what the API server enforces; the generated models can be stricter than it
  // (Knative's containers need no name), so they judge only kinds no CRD here declares.
  const fromSchema = fromCrd.known ? fromCrd : validateWithKubernetesModels(object);
  const problems = [...validateObjectMeta(object.metadata), ...fromSchema.errors];
  if (!fromSchema.known) problems.push(`/: no schema known for ${apiVersion} ${kind}`);
  return [...new Set(problems)].map((problem) => `${kind}/${name} ${problem}`);
}
