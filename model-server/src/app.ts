import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ArrivalCounter } from './arrivals';
import type { ServerMetrics } from './metrics';
import { registerErrorHandling } from './protocol/error-handler';
import { answerWrongMethods, collectRoutes } from './protocol/method-not-allowed';
import type { InferenceService } from './protocol/inference-service';
import { registerProtocolRoutes } from './protocol/routes';
import { registerUtf8JsonParser } from './protocol/utf8-json';
import { DebugRequestLogController } from './request-logging';

export interface AppOptions {
  service: InferenceService;
  metrics: ServerMetrics;
  bodyLimitBytes: number;
  logger?: FastifyServerOptions['logger'];
  /** Told which request bodies are still arriving, for the batcher. */
  arrivals?: ArrivalCounter;
}

/** Builds the HTTP app (routes, one error handler, metrics); `server.ts` runs it. */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new DebugRequestLogController(),
    bodyLimit: options.bodyLimitBytes,
    // Idle keep-alive sockets close at shutdown; requests in flight finish first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  registerErrorHandling(app, { bodyLimitBytes: options.bodyLimitBytes });
  registerUtf8JsonParser(app);
  const routes = collectRoutes(app);
  const { metrics, arrivals } = options;
  if (arrivals !== undefined) {
    app.addHook('onRequest', async (request) => {
      if (request.method === 'POST') arrivals.start(request);
    });
    app.addHook('preHandler', async (request) => arrivals.finish(request));
    app.addHook('onRequestAbort', async (request) => arrivals.finish(request));
  }
  app.addHook('onResponse', async (request, reply) => {
    arrivals?.finish(request);
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  registerProtocolRoutes(app, options.service);
  answerWrongMethods(app, routes);
  return app;
}
