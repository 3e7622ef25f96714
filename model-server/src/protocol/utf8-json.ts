import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../errors';

/** The JSON path of the first string holding U+FFFD, where a lossy decode replaced invalid bytes. */
export function firstReplacedString(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\uFFFD') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstReplacedString(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = firstReplacedString(item, path === '' ? key : `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The one body type the API takes. JSON bodies must be UTF-8 (RFC 8259). Node decodes invalid bytes to U+FFFD without a word, which would classify
 * a different title than the client sent; such a body is a 400 naming the element instead.
 */
export function registerUtf8JsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // JSON only: Fastify's text/plain parser would hand the routes a string, which is a 415 here as any other type.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const buffer = typeof body === 'string' ? Buffer.from(body) : body;
    if (isUtf8(buffer)) {
      parseJson(request, buffer.toString('utf8'), done);
      return;
    }
    parseJson(request, buffer.toString('utf8'), (error, parsed) => {
      if (error !== null) {
        done(error);
        return;
      }
      const where = firstReplacedString(parsed);
      done(invalidInput(`request body is not valid UTF-8${where === undefined || where === '' ? '' : ` at ${where}`}`));
    });
  });
}
