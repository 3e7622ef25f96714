/**
 * Finds Helm values keys that a chart does not know. Helm silently ignores a misspelt key, so a
 * typo such as `crds.enable` would ship a cluster without cert-manager's CRDs; this check turns
 * that into a test failure. A key is known when the chart's defaults (`values.yaml`) or its
 * `values.schema.json` declare it.
 */

/** What a chart says about its values. */
export interface ChartValuesReference {
  /** The parsed defaults (`values.yaml`), already narrowed to where user keys live. */
  readonly defaults: unknown;
  /** The parsed `values.schema.json`, when the chart has one. */
  readonly schema?: unknown;
  /** Dotted paths the chart's templates read although neither source declares them. */
  readonly extraKeys?: readonly string[];
}

/** `unknown`: the source lacks the key; `open`: it has it and accepts anything below; `branch`: it has it, check children. */
type Verdict = 'unknown' | 'open' | 'branch';

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Looks a path up in the defaults: empty maps, lists and nulls are places where users add their own keys. */
function defaultsVerdict(defaults: unknown, path: readonly string[]): Verdict {
  if (!isPlainObject(defaults)) return 'unknown';
  let node: unknown = defaults;
  for (const segment of path) {
    if (!isPlainObject(node)) return 'unknown';
    if (!Object.hasOwn(node, segment)) return 'unknown';
    node = node[segment];
    if (isOpen(node)) return 'open';
  }
  return 'branch';
}

function isOpen(defaultValue: unknown): boolean {
  return (
    defaultValue === null ||
    defaultValue === undefined ||
    Array.isArray(defaultValue) ||
    (isPlainObject(defaultValue) && Object.keys(defaultValue).length === 0)
  );
}

function resolveRef(root: unknown, node: unknown): unknown {
  let current = node;
  // Bounded: a chain of references longer than this is a broken schema, not a real one.
  for (let hops = 0; hops < 32 && isPlainObject(current) && typeof current['$ref'] === 'string'; hops++) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return {};
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (at, part) => (isPlainObject(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
        root,
      );
  }
  return current;
}

/** Looks a path up in a JSON Schema: `properties`, then `patternProperties`, then `additionalProperties`. */
function schemaVerdict(schema: unknown, path: readonly string[]): Verdict {
  let node = resolveRef(schema, schema);
  for (const segment of path) {
    if (!isPlainObject(node)) return 'open';
    const properties = node['properties'];
    const patterns = node['patternProperties'];
    const additional = node['additionalProperties'];
    if (isPlainObject(properties) && Object.hasOwn(properties, segment)) {
      node = resolveRef(schema, properties[segment]);
    } else if (
      isPlainObject(patterns) &&
      Object.keys(patterns).some((pattern) => new RegExp(pattern, 'u').test(segment))
    ) {
      return 'open';
    } else if (additional === false || (additional === undefined && isPlainObject(properties))) {
      return 'unknown';
    } else {
      return 'open';
    }
  }
  return isPlainObject(node) && isPlainObject(node['properties']) ? 'branch' : 'open';
}

function extraVerdict(extraKeys: readonly string[], path: readonly string[]): Verdict {
  const dotted = path.join('.');
  if (extraKeys.includes(dotted)) return 'open';
  return extraKeys.some((key) => key.startsWith(`${dotted}.`)) ? 'branch' : 'unknown';
}

/** Returns the dotted path of every key in `values` the chart does not declare (empty when all are known). */
export function unknownValuesKeys(values: unknown, reference: ChartValuesReference): string[] {
  const unknown: string[] = [];
  const visit = (node: PlainObject, path: readonly string[]): void => {
    for (const [key, child] of Object.entries(node)) {
      const childPath = [...path, key];
      const verdicts = [
        defaultsVerdict(reference.defaults, childPath),
        reference.schema === undefined ? 'unknown' : schemaVerdict(reference.schema, childPath),
        extraVerdict(reference.extraKeys ?? [], childPath),
      ];
      if (verdicts.every((verdict) => verdict === 'unknown')) unknown.push(childPath.join('.'));
      else if (!verdicts.includes('open') && isPlainObject(child)) visit(child, childPath);
    }
  };
  if (isPlainObject(values)) visit(values, []);
  return unknown;
}
