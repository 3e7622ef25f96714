import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { closeSchema } from './closed-schema';
import { type CrdVersion, type JsonSchema, crdKey, loadCrdVersions, servedVersionsByKind } from './crd-schemas';

/** Result for one object: `known` is false when no CRD in the reference data declares its group and kind. */
export interface CrdVerdict {
  readonly known: boolean;
  readonly errors: readonly string[];
}

// Kubernetes' own schema keywords; ajv only needs to accept them. CEL rules
// (`x-kubernetes-validations`) run in the API server and are not evaluated here.
const kubernetesKeywords = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
];

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown field "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === 'enum') {
    const allowed = Array.isArray(error.params.allowedValues) ? error.params.allowedValues : [];
    return `${where}: must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return `${where}: ${error.message ?? error.keyword}`;
}

// Some CRDs (Istio's) leave the fields every object has out of their schema.
function withTypeMeta(schema: JsonSchema): JsonSchema {
  const properties = typeof schema.properties === 'object' && schema.properties !== null ? schema.properties : {};
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...properties,
    },
  };
}

/** Validates custom resources against the upstream CRDs, compiling each kind's schema on first use. */
export class CrdValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly versions: ReadonlyMap<string, CrdVersion>;
  private readonly servedByKind: ReadonlyMap<string, string[]>;

  constructor(versions: ReadonlyMap<string, CrdVersion> = loadCrdVersions()) {
    formatsPlugin(this.ajv);
    // Formats some CRDs name for documentation only.
    this.ajv.addFormat('console', true).addFormat('text', true);
    for (const keyword of kubernetesKeywords) this.ajv.addKeyword(keyword);
    this.versions = versions;
    this.servedByKind = servedVersionsByKind(versions);
  }

  validate(group: string, version: string, kind: string, object: unknown): CrdVerdict {
    const served = this.servedByKind.get(`${group}/${kind}`);
    if (served === undefined) return { known: false, errors: [] };
    const crd = this.versions.get(crdKey(group, version, kind));
    if (crd === undefined || !crd.served) {
      return {
        known: true,
        errors: [`/apiVersion: ${group}/${version} is not served for ${kind}; served: ${served.join(', ')}`],
      };
    }
    const validateFunction = this.compile(crd);
    if (validateFunction(object)) return { known: true, errors: [] };
    return { known: true, errors: (validateFunction.errors ?? []).map(describe) };
  }

  private compile(crd: CrdVersion): ValidateFunction {
    const key = crdKey(crd.group, crd.version, crd.kind);
    let validateFunction = this.compiled.get(key);
    if (validateFunction === undefined) {
      validateFunction = this.ajv.compile(closeSchema(withTypeMeta(crd.schema)));
      this.compiled.set(key, validateFunction);
    }
    return validateFunction;
  }
}
