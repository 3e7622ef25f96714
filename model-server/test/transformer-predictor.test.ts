import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../src/server';
import { ensureReferenceModel } from '../src/reference-model/cached';
import { postJson, startTestServer } from './servers';
import { writeTinyBertModel } from './tiny-bert';

// The KServe split: a transformer (tokenizer) calling a predictor (ONNX) over v2, on real ports.
const running: RunningServer[] = [];
const start = async (...args: Parameters<typeof startTestServer>) => {
  const server = await startTestServer(...args);
  running.push(server);
  return server;
};
const hostOf = (server: RunningServer) => new URL(server.url).host;
const workDir = mkdtempSync(path.join(tmpdir(), 'transformer-'));

afterAll(async () => {
  await Promise.all(running.map((server) => server.close()));
  rmSync(workDir, { recursive: true, force: true });
});

describe('transformer and predictor', () => {
  it('labels text through the predictor exactly as the all role does', async () => {
    const modelDir = await ensureReferenceModel();
    const predictor = await start({ modelDir, role: 'predictor' });
    const transformer = await start({ modelDir, role: 'transformer', predictorHost: hostOf(predictor) });
    const all = await start({ modelDir, role: 'all' });
    const titles = ['whirlpool 7kg washing machine', 'amd ryzen 5 2600 processor', 'sony cyber-shot rx100'];
    const request = { id: 'split', inputs: [{ name: 'text', datatype: 'BYTES', shape: [3], data: titles }] };
    const viaTransformer = await postJson(`${transformer.url}/v2/models/category-classifier/infer`, request);
    const inOneProcess = await postJson(`${all.url}/v2/models/category-classifier/infer`, request);
    expect(viaTransformer.status).toBe(200);
    expect(viaTransformer.body).toEqual(inOneProcess.body);
  }, 120_000);

  it('serves a model that takes token_type_ids through the transformer', async () => {
    const modelDir = writeTinyBertModel(path.join(workDir, 'tiny'));
    const predictor = await start({ modelDir, role: 'predictor', modelName: 'colours' });
    const transformer = await start({
      modelDir,
      role: 'transformer',
      modelName: 'colours',
      predictorHost: predictor.url,
    });
    const response = await postJson(`${transformer.url}/v2/models/colours/infer`, {
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['green', 'red'] }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outputs: [{ name: 'label', data: ['GREEN', 'RED'] }, { name: 'score' }] });
  });

  it('answers 503 naming the predictor while the predictor is down', async () => {
    const modelDir = await ensureReferenceModel();
    const predictor = await start({ modelDir, role: 'predictor' });
    const transformer = await start({ modelDir, role: 'transformer', predictorHost: hostOf(predictor) });
    await predictor.close();
    const response = await postJson(`${transformer.url}/v1/models/category-classifier:predict`, {
      instances: ['bosch fridge'],
    });
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      error: expect.stringMatching(/predictor at 127\.0\.0\.1:\d+ is unreachable/),
    });
  });
});
