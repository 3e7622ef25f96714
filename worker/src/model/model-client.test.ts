import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModelRejectedError, ModelUnavailableError } from '../errors';
import { createModelClient } from './model-client';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let handler: Handler;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, _body, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

const v2 = () => createModelClient({ url: baseUrl, name: 'category-classifier', protocol: 'v2', timeoutMs: 500 });

describe('model client', () => {
  it('sends titles as one v2 BYTES tensor and reads labels, scores and the model version', async () => {
    let seen: { url?: string; body?: unknown } = {};
    handler = (request, body, response) => {
      seen = { url: request.url, body: JSON.parse(body) };
      answer(200, {
        model_name: 'category-classifier',
        model_version: 'v1',
        outputs: [
          { name: 'label', datatype: 'BYTES', shape: [2], data: ['Mobile Phones', 'TVs'] },
          { name: 'score', datatype: 'FP32', shape: [2], data: [0.97, 0.5] },
        ],
      })(request, body, response);
    };
    const result = await v2()(['apple iphone 8', 'lg oled tv']);
    expect(seen).toEqual({
      url: '/v2/models/category-classifier/infer',
      body: { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['apple iphone 8', 'lg oled tv'] }] },
    });
    expect(result).toEqual({
      predictions: [
        { label: 'Mobile Phones', score: 0.97 },
        { label: 'TVs', score: 0.5 },
      ],
      model: { name: 'category-classifier', version: 'v1' },
    });
  });

  it('speaks the v1 protocol when asked to', async () => {
    let seenUrl: string | undefined;
    handler = (request, body, response) => {
      seenUrl = request.url;
      answer(200, { predictions: [{ label: 'TVs', score: 0.8 }] })(request, body, response);
    };
    const infer = createModelClient({ url: baseUrl, name: 'category-classifier', protocol: 'v1', timeoutMs: 500 });
    const result = await infer(['lg oled tv']);
    expect(seenUrl).toBe('/v1/models/category-classifier:predict');
    expect(result.predictions).toEqual([{ label: 'TVs', score: 0.8 }]);
  });

  it.each([429, 500, 503, 404])('treats HTTP %i as retriable', async (status) => {
    handler = answer(status, { error: 'not now' }, { 'retry-after': '2' });
    const failure = v2()(['x']);
    await expect(failure).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(failure).rejects.toMatchObject({ retriable: true, retryAfterMs: 2000 });
  });

  it('treats HTTP 400 as a rejection of the titles, with the server message', async () => {
    handler = answer(400, { error: 'title is empty' });
    const failure = v2()(['']);
    await expect(failure).rejects.toBeInstanceOf(ModelRejectedError);
    await expect(failure).rejects.toMatchObject({
      retriable: false,
      message: 'model API answered 400: title is empty',
    });
  });

  it('when the model API is slower than the timeout, the error is retriable', async () => {
    handler = (request, body, response) => setTimeout(() => answer(200, {})(request, body, response), 2000).unref();
    await expect(v2()(['x'])).rejects.toMatchObject({ retriable: true, message: expect.stringContaining('timed out') });
  });

  it('when nothing listens, the error is retriable and names the refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const infer = createModelClient({ url: `http://127.0.0.1:${port}`, name: 'm', protocol: 'v2', timeoutMs: 500 });
    await expect(infer(['x'])).rejects.toMatchObject({
      retriable: true,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('when the answer has fewer predictions than titles, the error is retriable', async () => {
    handler = answer(200, { predictions: [] });
    const infer = createModelClient({ url: baseUrl, name: 'm', protocol: 'v1', timeoutMs: 500 });
    await expect(infer(['x'])).rejects.toBeInstanceOf(ModelUnavailableError);
  });
});
