import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app';
import type { ServerConfig } from '../src/config';
import { DataPlane } from '../src/data-plane';
import { ServerMetrics } from '../src/metrics';
import { loadModelDirectory, type LoadedModel } from '../src/model-repository';
import { createBackend } from '../src/server';
import { TINY_LABELS, writeTinyBertModel } from './tiny-bert';

// The server is not tied to the reference model: a BERT-shaped model with token_type_ids, a hidden
// layer and labels only in config.json's id2label is served by the same code.
const workDir = mkdtempSync(path.join(tmpdir(), 'tiny-bert-'));
const modelDir = writeTinyBertModel(path.join(workDir, 'tiny'));
const opened: { app: FastifyInstance; model: LoadedModel }[] = [];

async function serve(role: 'all' | 'predictor'): Promise<FastifyInstance> {
  const model = await loadModelDirectory(modelDir, { name: 'colours', role, executionProvider: 'cpu', threads: 1 });
  const metrics = new ServerMetrics();
  const dataPlane = new DataPlane('colours', role);
  const config: ServerConfig = {
    modelName: 'colours',
    modelDir,
    httpPort: 8080,
    host: '127.0.0.1',
    role,
    maxBatchSize: 8,
    maxBatchDelayMs: 1,
    executionProvider: 'cpu',
    inferenceThreads: 1,
    bodyLimitBytes: 65536,
    maxTextsPerRequest: 32_768,
    protocol: 'v2',
  };
  dataPlane.attach(model, createBackend(config, model, metrics));
  const app = buildApp({ service: dataPlane, metrics, bodyLimitBytes: 65536 });
  opened.push({ app, model });
  return app;
}

afterAll(async () => {
  for (const { app, model } of opened) {
    await app.close();
    await model.onnx?.close();
  }
  rmSync(workDir, { recursive: true, force: true });
});

describe('a second, differently shaped BERT-style model', () => {
  it('labels texts with the names from config.json id2label', async () => {
    const app = await serve('all');
    const response = await app.inject({
      method: 'POST',
      url: '/v2/models/colours/infer',
      payload: { inputs: [{ name: 'text', datatype: 'BYTES', shape: [3], data: ['Blue', 'red red', 'GREEN'] }] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().outputs[0].data).toEqual(['BLUE', 'RED', 'GREEN']);
  });

  it('as a predictor, lists its three inputs and feeds token_type_ids to the model', async () => {
    const app = await serve('predictor');
    const metadata = (await app.inject({ url: '/v2/models/colours' })).json();
    expect(metadata.inputs.map((input: { name: string }) => input.name)).toEqual([
      'token_type_ids',
      'input_ids',
      'attention_mask',
    ]);
    expect(metadata.outputs).toEqual([{ name: 'logits', datatype: 'FP32', shape: [-1, TINY_LABELS.length] }]);
    const tensors = (types: number[]) => ({
      inputs: [
        { name: 'input_ids', datatype: 'INT64', shape: [1, 3], data: [2, 4, 3] },
        { name: 'attention_mask', datatype: 'INT64', shape: [1, 3], data: [1, 1, 1] },
        { name: 'token_type_ids', datatype: 'INT64', shape: [1, 3], data: types },
      ],
    });
    const argmax = (values: number[]) => values.indexOf(Math.max(...values));
    const plain = await app.inject({ method: 'POST', url: '/v2/models/colours/infer', payload: tensors([0, 0, 0]) });
    const typed = await app.inject({ method: 'POST', url: '/v2/models/colours/infer', payload: tensors([1, 1, 1]) });
    expect(argmax(plain.json().outputs[0].data)).toBe(0);
    expect(argmax(typed.json().outputs[0].data)).toBe(2);
  });

  it('as a predictor, refuses text', async () => {
    const app = await serve('predictor');
    const response = await app.inject({
      method: 'POST',
      url: '/v2/models/colours/infer',
      payload: { inputs: [{ name: 'text', datatype: 'BYTES', shape: [1], data: ['red'] }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/unexpected input "text"/);
  });
});
