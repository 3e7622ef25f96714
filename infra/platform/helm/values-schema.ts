import { Ajv } from 'ajv';

/**
 * Checks values against a chart's `values.schema.json`, as Helm does before it renders anything:
 * a wrong type there fails the install, so the tests fail first. Returns `path: message` lines.
 */
export function valuesSchemaErrors(values: unknown, schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  // Chart schemas name an old draft URI ("http://json-schema.org/schema#") that Ajv does not know;
  // what they use ($defs, $ref, properties, types, enums) validates the same without it.
  const { $schema: _draft, ...body } = schema as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  const validate = ajv.compile(body);
  if (validate(values)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'is invalid'}`);
}
