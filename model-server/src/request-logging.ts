import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify logs two lines per request at `info`; at thousands of requests per second that logging
 * cost more than the inference (a synchronous write each). Requests are logged at `debug`
 * (`LOG_LEVEL=debug` shows them); a request that fails is still logged at `error`.
 */
export class DebugRequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, _request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
