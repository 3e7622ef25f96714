import type { JsonSchema } from './crd-schemas';

const nestedSchemaLists = ['allOf', 'anyOf', 'oneOf'] as const;

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of a CRD schema in which every object that lists its `properties` accepts no
 * others, unless it says `x-kubernetes-preserve-unknown-fields`. The API server would silently
 * prune a misspelt field instead; closing the schema turns that into a validation error.
 */
export function closeSchema(schema: JsonSchema): JsonSchema {
  const closed: JsonSchema = { ...schema };
  if (isRecord(schema.properties)) {
    closed.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, isRecord(value) ? closeSchema(value) : value]),
    );
    const preserves = schema['x-kubernetes-preserve-unknown-fields'] === true;
    if (schema.additionalProperties === undefined && !preserves) closed.additionalProperties = false;
  }
  if (isRecord(schema.additionalProperties)) closed.additionalProperties = closeSchema(schema.additionalProperties);
  if (isRecord(schema.items)) closed.items = closeSchema(schema.items);
  for (const list of nestedSchemaLists) {
    const branches = schema[list];
    if (Array.isArray(branches))
      closed[list] = branches.map((branch) => (isRecord(branch) ? closeSchema(branch) : branch));
  }
  return closed;
}
