import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Where the upstream CustomResourceDefinitions sit: `../shared/reference/<component>/crds/*.yaml`. */
export const referenceDir = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference');

export type JsonSchema = Record<string, unknown>;

/** One version of a custom resource kind as its CRD declares it. */
export interface CrdVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly served: boolean;
  readonly schema: JsonSchema;
  /** The file the schema came from, relative to the reference directory. */
  readonly source: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function crdFiles(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((component) => {
      const dir = path.join(root, component.name, 'crds');
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
        .sort()
        .map((file) => path.join(dir, file));
    });
}

function versionsOf(document: unknown, source: string): CrdVersion[] {
  if (!isRecord(document) || document.kind !== 'CustomResourceDefinition' || !isRecord(document.spec)) return [];
  const { group, names, versions } = document.spec;
  if (typeof group !== 'string' || !isRecord(names) || typeof names.kind !== 'string' || !Array.isArray(versions)) {
    return [];
  }
  const kind = names.kind;
  return versions.flatMap((entry: unknown): CrdVersion[] => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || !isRecord(entry.schema)) return [];
    const schema = entry.schema.openAPIV3Schema;
    if (!isRecord(schema)) return [];
    return [{ group, version: entry.name, kind, served: entry.served === true, schema, source }];
  });
}

/** Reads every CRD under the reference directory, keyed by `<group>/<version>/<kind>`. */
export function loadCrdVersions(root: string = referenceDir): ReadonlyMap<string, CrdVersion> {
  if (!fs.existsSync(root)) {
    throw new Error(
      `Upstream reference data not found at ${root} (expected ../shared/reference beside the repository)`,
    );
  }
  const byKey = new Map<string, CrdVersion>();
  for (const file of crdFiles(root)) {
    const source = path.relative(root, file);
    for (const document of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      for (const version of versionsOf(document.toJS(), source)) {
        byKey.set(crdKey(version.group, version.version, version.kind), version);
      }
    }
  }
  return byKey;
}

export function crdKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** Kinds a CRD declares in any version, keyed by `<group>/<kind>`, to tell "wrong version" from "unknown kind". */
export function servedVersionsByKind(versions: ReadonlyMap<string, CrdVersion>): ReadonlyMap<string, string[]> {
  const byKind = new Map<string, string[]>();
  for (const version of versions.values()) {
    if (!version.served) continue;
    const key = `${version.group}/${version.kind}`;
    byKind.set(key, [...(byKind.get(key) ?? []), version.version]);
  }
  return byKind;
}
