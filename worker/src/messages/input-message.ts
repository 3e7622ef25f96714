import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import { RecordRejectedError } from '../errors';

/** Records larger than this never reach the JSON parser. */
export const maxValueBytes = 64 * 1024;
export const supportedSchemaVersion = 1;

export const schemaDirectory = path.resolve(__dirname, '..', '..', 'schemas');
export const inputSchemaFile = path.join(schemaDirectory, 'category-match-in.v1.schema.json');

/** The parts of a valid `category-match-in` value that the worker uses. */
export interface ProductMessage {
  id: string;
  title: string;
}

const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile<ProductMessage>(JSON.parse(readFileSync(inputSchemaFile, 'utf8')) as object);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes one record value, or throws a RecordRejectedError with the DLQ reason. */
export function decodeProductMessage(value: Buffer | null): ProductMessage {
  if (value === null || value.length === 0) throw new RecordRejectedError('invalid-json', 'value is empty');
  if (value.length > maxValueBytes) {
    throw new RecordRejectedError('payload-too-large', `value is ${value.length} bytes, more than ${maxValueBytes}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(value));
  } catch (error) {
    throw new RecordRejectedError('invalid-json', error instanceof Error ? error.message : String(error));
  }
  if (typeof parsed === 'object' && parsed !== null && 'schemaVersion' in parsed) {
    const version = parsed.schemaVersion;
    if (version !== supportedSchemaVersion) {
      throw new RecordRejectedError(
        'unsupported-schema-version',
        `schemaVersion ${JSON.stringify(version)} is not supported (supported: ${supportedSchemaVersion})`,
      );
    }
  }
  if (validate(parsed)) return { id: parsed.id, title: parsed.title };
  const errors = validate.errors ?? [];
  const tooLong = errors.some((error) => error.keyword === 'maxLength');
  // A blank title is a valid message with nothing in it to classify: its own reason, so producers can tell.
  const blankTitle =
    errors.length > 0 &&
    errors.every(
      ({ instancePath, keyword }) => instancePath === '/title' && (keyword === 'minLength' || keyword === 'pattern'),
    );
  if (blankTitle)
    throw new RecordRejectedError('empty-title', 'title is empty or only whitespace: nothing to classify');
  throw new RecordRejectedError(tooLong ? 'payload-too-large' : 'schema-violation', describe(errors));
}

function describe(errors: ErrorObject[]): string {
  return errors.map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`).join('; ');
}
