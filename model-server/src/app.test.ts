import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureReferenceModel, productsCsv } from './reference-model/cached';
import { reliability, type Prediction } from './reference-model/calibration';
import { loadDataset, splitForModel } from './reference-model/dataset';
import { buildApp } from './app';
import { DataPlane } from './data-plane';
import { ServerMetrics } from './metrics';
import { loadModelDirectory, type LoadedModel } from './model-repository';
import { createBackend } from './server';

const INFER = '/v2/models/category-classifier/infer';
let app: FastifyInstance;
let model: LoadedModel;
let dataPlane: DataPlane;

const config = {
  modelName: 'category-classifier',
  modelDir: '',
  httpPort: 8080,
  host: '127.0.0.1',
  role: 'all' as const,
  predictorHost: undefined,
  maxBatchSize: 16,
  maxBatchDelayMs: 1,
  executionProvider: 'cpu' as const,
  inferenceThreads: 1,
  bodyLimitBytes: 64 * 1024,
  maxTextsPerRequest: 1_000,
  protocol: 'v2' as const,
};

const textRequest = (texts: unknown[], extra: Record<string, unknown> = {}) => ({
  ...extra,
  inputs: [{ name: 'text', datatype: 'BYTES', shape: [texts.length], data: texts }],
});

beforeAll(async () => {
  const dir = await ensureReferenceModel();
  model = await loadModelDirectory(dir, {
    name: 'category-classifier',
    role: 'all',
    executionProvider: 'cpu',
    threads: 1,
  });
  const metrics = new ServerMetrics();
  dataPlane = new DataPlane('category-classifier', 'all', config.maxTextsPerRequest);
  app = buildApp({ service: dataPlane, metrics, bodyLimitBytes: config.bodyLimitBytes });
  dataPlane.attach(model, createBackend({ ...config, modelDir: dir }, model, metrics));
}, 300_000);

afterAll(async () => {
  await app.close();
  await model.onnx?.close();
});

describe('reference model', () => {
  it('labels at least 0.95 of the evaluation clusters right through the served API, as its model card says', async () => {
    const card = JSON.parse(readFileSync(path.join(model.dir, 'model.json'), 'utf8')) as {
      training: { seed: number };
      evaluation: {
        split: string;
        heldOutFraction: number;
        heldOutExamples: number;
        accuracy: number;
        calibration: { ece: number; eceBeforeScaling: number; temperature: number };
      };
    };
    expect(card.evaluation.split).toBe('cluster_id');
    // The builder's own split, recomputed: titles of product clusters it neither trained nor calibrated on.
    const { evaluation: heldOut } = splitForModel(
      loadDataset(productsCsv).products,
      card.evaluation.heldOutFraction,
      card.training.seed,
    );
    expect(heldOut).toHaveLength(card.evaluation.heldOutExamples);
    let correct = 0;
    const predictions: Prediction[] = [];
    for (let start = 0; start < heldOut.length; start += 256) {
      const slice = heldOut.slice(start, start + 256);
      const response = await app.inject({
        method: 'POST',
        url: INFER,
        payload: textRequest(slice.map((product) => product.title)),
      });
      expect(response.statusCode).toBe(200);
      const outputs = (response.json() as { outputs: { name: string; data: (string | number)[] }[] }).outputs;
      const labels = outputs.find((output) => output.name === 'label')?.data;
      const scores = outputs.find((output) => output.name === 'score')?.data;
      slice.forEach((product, index) => {
        const right = labels?.[index] === product.category;
        correct += right ? 1 : 0;
        predictions.push({ confidence: Number(scores?.[index]), correct: right });
      });
    }
    const servedAccuracy = correct / heldOut.length;
    expect(servedAccuracy).toBeGreaterThanOrEqual(0.95);
    // Served and reported agree: the server computes what the builder evaluated.
    expect(servedAccuracy).toBeCloseTo(card.evaluation.accuracy, 3);
    // The scores mean what they say: the expected calibration error of the served scores is the card's, at most 0.05.
    const served = reliability(predictions);
    expect(served.ece).toBeLessThanOrEqual(0.05);
    expect(served.ece).toBeCloseTo(card.evaluation.calibration.ece, 2);
    expect(card.evaluation.calibration.ece).toBeLessThanOrEqual(card.evaluation.calibration.eceBeforeScaling);
  }, 120_000);
});

describe('v2 protocol', () => {
  it('is live and ready once the model is loaded', async () => {
    for (const url of ['/v2/health/live', '/v2/health/ready', '/v2/models/category-classifier/versions/v1/ready']) {
      const response = await app.inject({ url });
      expect({ url, status: response.statusCode, body: response.body }).toEqual({ url, status: 200, body: '' });
    }
  });

  it('names an unknown model or version on its ready route instead of calling it not ready', async () => {
    const unknown = await app.inject({ url: '/v2/models/category-classifier/versions/v9/ready' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatch(/v9/);
  });

  it('labels product titles, echoing the request id and parameters', async () => {
    const response = await app.inject({
      method: 'POST',
      url: INFER,
      payload: textRequest(['apple iphone 8 plus 64gb silver', 'bosch serie 4 smv46kx01e dishwasher'], {
        id: 'req-42',
        parameters: { trace: 'abc' },
      }),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ model_name: 'category-classifier', model_version: 'v1', id: 'req-42' });
    expect(body.parameters).toEqual({ trace: 'abc' });
    expect(body.outputs[0]).toEqual({
      name: 'label',
      datatype: 'BYTES',
      shape: [2],
      data: ['Mobile Phones', 'Dishwashers'],
    });
    expect(body.outputs[1]).toMatchObject({ name: 'score', datatype: 'FP32', shape: [2] });
  });

  it('returns only the outputs the request asks for', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v2/models/category-classifier/versions/v1/infer',
      payload: textRequest(['samsung ue55 4k tv'], { outputs: [{ name: 'score' }] }),
    });
    expect(response.json().outputs.map((output: { name: string }) => output.name)).toEqual(['score']);
  });

  it('describes the model: versions, platform, inputs and outputs', async () => {
    const body = (await app.inject({ url: '/v2/models/category-classifier' })).json();
    expect(body).toEqual({
      name: 'category-classifier',
      versions: ['v1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [-1] }],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'score', datatype: 'FP32', shape: [-1] },
      ],
    });
  });

  it('also takes token tensors and returns logits in the all role', async () => {
    const response = await app.inject({
      method: 'POST',
      url: INFER,
      payload: {
        inputs: [
          { name: 'input_ids', datatype: 'INT64', shape: [1, 3], data: [2, 50, 3] },
          { name: 'attention_mask', datatype: 'INT64', shape: [1, 3], data: [1, 1, 1] },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().outputs[0]).toMatchObject({ name: 'logits', datatype: 'FP32', shape: [1, 10] });
  });

  it('truncates a text longer than the model’s maximum length instead of rejecting it', async () => {
    const long = Array.from({ length: 400 }, () => 'samsung galaxy s9 64gb').join(' ');
    const response = await app.inject({ method: 'POST', url: INFER, payload: textRequest([long]) });
    expect(response.statusCode).toBe(200);
    expect(response.json().outputs[0].data).toEqual(['Mobile Phones']);
  });
});

describe('v1 protocol', () => {
  it('predicts labels and scores for instances', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/models/category-classifier:predict',
      payload: { instances: ['canon eos 2000d dslr camera'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().predictions[0]).toMatchObject({ label: 'Digital Cameras' });
  });

  it('reports the model as ready', async () => {
    expect((await app.inject({ url: '/v1/models/category-classifier' })).json()).toEqual({
      name: 'category-classifier',
      ready: true,
    });
  });
});

describe('bad input', () => {
  const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

  const cases: [string, string, string | object, number, RegExp][] = [
    ['invalid JSON', INFER, '{"inputs": [', 400, /JSON/],
    [
      'a missing text input',
      INFER,
      { inputs: [{ name: 'title', datatype: 'BYTES', shape: [1], data: ['x'] }] },
      400,
      /title/,
    ],
    [
      'a wrong datatype',
      INFER,
      { inputs: [{ name: 'text', datatype: 'FP32', shape: [1], data: [1.5] }] },
      400,
      /BYTES/,
    ],
    [
      'a wrong shape',
      INFER,
      { inputs: [{ name: 'text', datatype: 'BYTES', shape: [1, 2], data: ['a', 'b'] }] },
      400,
      /shape/,
    ],
    ['an empty batch', INFER, textRequest([]), 400, /empty batch/],
    ['a whitespace-only title', INFER, textRequest(['lg tv', ' \t ']), 400, /element 1 is empty or only whitespace/],
    [
      'an empty v1 title',
      '/v1/models/category-classifier:predict',
      { instances: [''] },
      400,
      /instance 0 is empty or only whitespace/,
    ],
    [
      'an unknown output',
      INFER,
      textRequest(['x'], { outputs: [{ name: 'embedding' }] }),
      400,
      /unknown output "embedding"/,
    ],
    [
      'token ids outside the vocabulary',
      INFER,
      { inputs: [{ name: 'input_ids', datatype: 'INT64', shape: [1, 1], data: [999999] }] },
      400,
      /outside/,
    ],
    ['an unknown model', '/v2/models/sentiment/infer', textRequest(['x']), 404, /unknown model "sentiment"/],
    [
      'an unknown version',
      '/v2/models/category-classifier/versions/v7/infer',
      textRequest(['x']),
      404,
      /no version "v7"/,
    ],
    [
      'a v1 instance that is not text',
      '/v1/models/category-classifier:predict',
      { instances: [42] },
      400,
      /instance 0/,
    ],
    ['an unknown v1 verb', '/v1/models/category-classifier:explain', { instances: ['x'] }, 404, /predict/],
  ];
  it.each(cases.map(([name, url, payload, status, message]) => ({ name, url, payload, status, message })))(
    'answers $name with $status and a message naming the problem',
    async ({ url, payload, status, message }) => {
      const response = await post(url, payload);
      expect(response.statusCode).toBe(status);
      expect(response.json().error).toMatch(message);
    },
  );

  it('answers a body over the limit with 413 naming the limit and the flag that sets it', async () => {
    const response = await post(INFER, textRequest(['x'.repeat(70 * 1024)]));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatch(/limit of 65536 bytes .*--body-limit-bytes or BODY_LIMIT_BYTES/);
  });

  it('answers a content type other than JSON with 415', async () => {
    const response = await post(INFER, 'text=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatch(
      /unsupported content type "application\/x-www-form-urlencoded": send application\/json/,
    );
  });

  it('answers a wrong method on a known route with 405 and the methods it allows', async () => {
    const infer = await app.inject({ method: 'GET', url: INFER });
    expect(infer.statusCode).toBe(405);
    expect(infer.headers.allow).toBe('POST');
    expect(infer.json().error).toMatch(/GET is not allowed/);
    const health = await app.inject({ method: 'DELETE', url: '/v2/health/ready' });
    expect([health.statusCode, health.headers.allow]).toEqual([405, 'GET, HEAD']);
    const v1 = await app.inject({ method: 'PUT', url: '/v1/models/category-classifier' });
    expect([v1.statusCode, v1.headers.allow]).toEqual([405, 'GET, HEAD, POST']);
  });

  it('lists its models on GET /v1/models', async () => {
    const response = await app.inject({ url: '/v1/models' });
    expect([response.statusCode, response.json()]).toEqual([200, { models: ['category-classifier'] }]);
  });

  it('answers a title that is not valid UTF-8 with 400 naming the element, instead of classifying a changed title', async () => {
    const body = Buffer.concat([
      Buffer.from('{"inputs":[{"name":"text","datatype":"BYTES","shape":[2],"data":["tv","caf'),
      Buffer.from([0xe9]),
      Buffer.from('"]}]}'),
    ]);
    const response = await post(INFER, body, { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('request body is not valid UTF-8 at inputs[0].data[1]');
  });

  it('answers more texts than the configured maximum with 400 naming the limit and the flag', async () => {
    const response = await post(INFER, textRequest(Array.from({ length: 1_001 }, () => 'tv')));
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(
      /1001 texts in one request, more than the server's limit of 1000 .*--max-texts-per-request/,
    );
  });

  it('answers an unknown path with 404 JSON', async () => {
    const response = await app.inject({ url: '/v3/anything' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatch(/no route GET \/v3\/anything/);
  });
});

describe('metrics', () => {
  it('exposes request counts, latency, batch sizes, ONNX runs and queue depth', async () => {
    await app.inject({ method: 'POST', url: INFER, payload: textRequest(['lg oled tv']) });
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(
      /model_server_requests_total\{method="POST",route="\/v2\/models\/:name\/infer",status="200"\}/,
    );
    expect(text).toContain('model_server_request_duration_seconds_bucket');
    expect(text).toMatch(/model_server_batch_size_count [1-9]/);
    expect(text).toMatch(/model_server_onnx_runs_total [1-9]/);
    expect(text).toContain('model_server_queue_rows');
  });
});

describe('readiness', () => {
  it('answers not ready with a 4xx and an empty body, and infer with 503, before a model is attached', async () => {
    const idle = new DataPlane('category-classifier', 'all');
    const idleApp = buildApp({ service: idle, metrics: new ServerMetrics(), bodyLimitBytes: 1024 });
    for (const url of ['/v2/health/ready', '/v2/models/category-classifier/ready']) {
      const response = await idleApp.inject({ url });
      expect({ url, status: response.statusCode, body: response.body }).toEqual({ url, status: 400, body: '' });
    }
    expect((await idleApp.inject({ url: '/v2/health/live' })).statusCode).toBe(200);
    const infer = await idleApp.inject({ method: 'POST', url: INFER, payload: textRequest(['x']) });
    expect(infer.statusCode).toBe(503);
    expect(infer.json().error).toMatch(/still loading/);
    await idleApp.close();
  });
});
