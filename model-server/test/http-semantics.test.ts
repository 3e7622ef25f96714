import { Writable } from 'node:stream';
import { ensureReferenceModel } from '../src/reference-model/cached';
import type { RunningServer } from '../src/server';
import { startTestServer } from './servers';

// The HTTP answers clients and proxies expect, from a live server on a real port, and the log line each
// rejection leaves.
const INFER = '/v2/models/category-classifier/infer';
const logLines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer(
    { modelDir: await ensureReferenceModel(), bodyLimitBytes: 8 * 1024, maxTextsPerRequest: 100 },
    { logger: { level: 'info', stream: logStream } },
  );
}, 300_000);

afterAll(() => server.close());

const texts = (data: string[]) =>
  JSON.stringify({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [data.length], data }] });
const send = (path: string, init: RequestInit) =>
  fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
const post = (path: string, body: string | Buffer, contentType = 'application/json') =>
  send(path, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('HTTP semantics of the model API', () => {
  it('answers a body over the limit with 413 naming the limit and its flag', async () => {
    const response = await post(INFER, texts(['x'.repeat(10 * 1024)]));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/limit of 8192 bytes .*--body-limit-bytes/);
  });

  it('answers another content type with 415', async () => {
    const response = await post(INFER, 'title=tv', 'text/plain');
    expect(response.status).toBe(415);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await send(INFER, { method: 'GET' });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('lists the models on GET /v1/models', async () => {
    const response = await send('/v1/models', { method: 'GET' });
    expect(await response.json()).toEqual({ models: ['category-classifier'] });
  });

  it('answers invalid UTF-8 in a title with 400 naming the element', async () => {
    const body = Buffer.concat([
      Buffer.from('{"inputs":[{"name":"text","datatype":"BYTES","shape":[2],"data":["tv","caf'),
      Buffer.from([0xff]),
      Buffer.from('"]}]}'),
    ]);
    const response = await post(INFER, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'request body is not valid UTF-8 at inputs[0].data[1]' });
  });

  it('answers more texts than allowed with 400 naming the limit, and still classifies a request within it', async () => {
    const tooMany = await post(INFER, texts(Array.from({ length: 101 }, () => 'tv')));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: string }).error).toMatch(
      /101 texts .* limit of 100 .*--max-texts-per-request/,
    );
    const within = await post(INFER, texts(Array.from({ length: 100 }, () => 'lg oled tv')));
    expect(within.status).toBe(200);
  });

  it('logs every rejection at info with its status and reason', async () => {
    await post(INFER, texts([]));
    const rejected = logLines.filter((line) => line.msg === 'request rejected');
    expect(rejected.map((line) => line.status)).toEqual(expect.arrayContaining([413, 415, 405, 400]));
    expect(rejected.every((line) => line.level === 30 && typeof line.reason === 'string')).toBe(true);
    expect(rejected.find((line) => line.status === 400 && String(line.reason).includes('empty batch'))).toBeDefined();
  });
});
