import { z } from 'zod';

/**
 * Stack config arrives as strings: Pulumi returns every value of `Pulumi.<stack>.yaml` as text
 * (structured values as JSON). These schemas turn that text into typed values, so the same
 * section schemas serve `pulumi.Config` and the manifest renderer that reads the YAML directly.
 */

/** A whole number written as text, e.g. `"3"`. */
export const integer = () =>
  z
    .string()
    .regex(/^-?\d+$/, 'expected a whole number')
    .transform((value) => Number.parseInt(value, 10));

/** `"true"` or `"false"`. */
export const boolean = () => z.enum(['true', 'false']).transform((value) => value === 'true');

/** A JSON document (a list or an object in the YAML file) checked against `schema`. */
export const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON list or object' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** Converts the typed values of a `Pulumi.<stack>.yaml` `config:` block to the text Pulumi would hand over. */
export function configText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
