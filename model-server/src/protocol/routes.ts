import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../errors';
import type { InferenceService } from './inference-service';
import { parsePredictRequest } from './v1-schemas';
import { parseInferRequest } from './v2-schemas';

interface ModelParams {
  name: string;
  version?: string;
}

/**
 * A health answer as the Open Inference Protocol defines it: the status code is the answer (200 true,
 * a 4xx false; 400 as Triton answers) and the body is empty.
 */
function answerHealth(reply: FastifyReply, healthy: boolean): FastifyReply {
  return reply.code(healthy ? 200 : 400).send();
}

/** Open Inference Protocol (v2) and KServe v1 routes over an InferenceService. */
export function registerProtocolRoutes(app: FastifyInstance, service: InferenceService): void {
  app.get('/v2/health/live', (_request, reply) => answerHealth(reply, true));
  app.get('/v2/health/ready', (_request, reply) => answerHealth(reply, service.isReady()));
  app.get('/v2', async () => ({ name: 'category-match-model-server', version: '0.1.0', extensions: [] }));

  const metadata = async (request: { params: ModelParams }) =>
    service.modelMetadata(request.params.name, request.params.version);
  app.get<{ Params: ModelParams }>('/v2/models/:name', metadata);
  app.get<{ Params: ModelParams }>('/v2/models/:name/versions/:version', metadata);

  // An unknown model or version is an error (404 naming it), not a health answer.
  const ready = async (request: { params: ModelParams }, reply: FastifyReply) =>
    answerHealth(reply, service.modelReady(request.params.name, request.params.version));
  app.get<{ Params: ModelParams }>('/v2/models/:name/ready', ready);
  app.get<{ Params: ModelParams }>('/v2/models/:name/versions/:version/ready', ready);

  const infer = async (request: { params: ModelParams; body: unknown }) =>
    service.infer(request.params.name, request.params.version, parseInferRequest(request.body));
  app.post<{ Params: ModelParams }>('/v2/models/:name/infer', infer);
  app.post<{ Params: ModelParams }>('/v2/models/:name/versions/:version/infer', infer);

  // v1: `/v1/models` lists the models, `/v1/models/{name}` and `/v1/models/{name}:predict`; the verb shares the
  // path segment.
  app.get('/v1/models', async () => ({ models: service.modelNames() }));
  app.get<{ Params: { name: string } }>('/v1/models/:name', async (request) => {
    const { name } = request.params;
    service.modelMetadata(name);
    return { name, ready: service.modelReady(name) };
  });
  app.post<{ Params: { target: string } }>('/v1/models/:target', async (request) => {
    const { target } = request.params;
    const separator = target.lastIndexOf(':');
    const verb = separator < 0 ? '' : target.slice(separator + 1);
    if (verb !== 'predict') throw notFound(`unknown v1 route "${target}": use /v1/models/{name}:predict`);
    const predictions = await service.predict(target.slice(0, separator), parsePredictRequest(request.body).instances);
    return { predictions };
  });
}
