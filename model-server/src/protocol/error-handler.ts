import type { FastifyError, FastifyInstance } from 'fastify';
import { InferenceError } from '../errors';

/**
 * The one place errors become HTTP: the closed set maps to 400/404/503/500; framework errors
 * about the request (bad JSON, body too large, wrong content type) are the client's, so 400.
 * Every error body is `{"error": "..."}`.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | InferenceError | Error, request, reply) => {
    if (error instanceof InferenceError) {
      if (error.kind === 'internal') request.log.error({ err: error }, 'inference failed');
      return reply.status(error.status).send({ error: error.message });
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return reply.status(status === 404 ? 404 : 400).send({ error: clientErrorMessage(error, status) });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` }),
  );
}

function clientErrorMessage(error: Error, status: number): string {
  if (status === 413) return `request body is too large: ${error.message}`;
  if (status === 415) return `unsupported content type: send application/json (${error.message})`;
  return error.message;
}
