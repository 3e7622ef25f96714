import type { FastifyError, FastifyInstance } from 'fastify';
import { InferenceError } from '../errors';
import { RejectionLog } from './rejection-log';

export interface ErrorHandlingOptions {
  /** The body limit, for the 413 message. */
  readonly bodyLimitBytes: number;
}

/**
 * The one place errors become HTTP: the closed set maps to 400/404/503/500; framework errors about the request
 * keep the status HTTP gives them (413 body too large, 415 content type, 405 method) with a message that says
 * what to change, and other client errors are 400. Every error body is `{"error": "..."}`; every rejection is
 * logged at info (rate-limited), every server error at error.
 */
export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions): void {
  const rejections = new RejectionLog();
  app.setErrorHandler((error: FastifyError | InferenceError | Error, request, reply) => {
    const reject = (status: number, message: string) => {
      rejections.reject(request.log, { status, method: request.method, url: request.url, reason: message });
      return reply.status(status).send({ error: message });
    };
    if (error instanceof InferenceError) {
      if (error.kind === 'internal') request.log.error({ err: error }, 'inference failed');
      else if (error.status < 500) return reject(error.status, error.message);
      return reply.status(error.status).send({ error: error.message });
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status === 413) {
      return reject(
        413,
        `request body is larger than the server's limit of ${options.bodyLimitBytes} bytes ` +
          '(set by --body-limit-bytes or BODY_LIMIT_BYTES)',
      );
    }
    if (status === 415) {
      const type = request.headers['content-type'] ?? 'none';
      return reject(415, `unsupported content type "${type}": send application/json`);
    }
    if (status >= 400 && status < 500) return reject(status === 404 ? 404 : 400, error.message);
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `no route ${request.method} ${request.url.split('?')[0] ?? ''}`;
    rejections.reject(request.log, { status: 404, method: request.method, url: request.url, reason: message });
    return reply.status(404).send({ error: message });
  });
}
