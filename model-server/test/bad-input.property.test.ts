import fc from 'fast-check';
import type { RunningServer } from '../src/server';
import { ensureReferenceModel } from '../src/reference-model/cached';
import { startTestServer } from './servers';

// Random and malformed requests against a live server on a real port: every answer is 2xx or a 4xx
// the request deserves (400, 404, 405 with Allow, 413, 415), errors are JSON `{"error": "..."}`, and
// the server still serves afterwards.
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ modelDir: await ensureReferenceModel(), bodyLimitBytes: 16 * 1024 });
}, 300_000);

afterAll(() => server.close());

const paths = fc.constantFrom(
  '/v2/models/category-classifier/infer',
  '/v2/models/category-classifier/versions/v1/infer',
  '/v2/models/category-classifier/versions/v0/infer',
  '/v2/models/other/infer',
  '/v1/models/category-classifier:predict',
  '/v1/models/category-classifier:explain',
  '/v1/models/:predict',
  '/v2/models/category-classifier',
  '/v2/health/ready',
  '/v2/models/%E0%A4%A/infer',
  '/nowhere',
);
const datatypes = fc.constantFrom('BYTES', 'INT64', 'INT32', 'FP32', 'BOOL', 'UINT8', 'STRING', '');
const tensor = fc.record(
  {
    name: fc.oneof(fc.constantFrom('text', 'input_ids', 'attention_mask', 'token_type_ids'), fc.string()),
    datatype: datatypes,
    shape: fc.array(fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constant(1.5)), { maxLength: 3 }),
    data: fc.oneof(
      fc.array(fc.string({ maxLength: 300 }), { maxLength: 5 }),
      fc.array(fc.integer({ min: -5, max: 20_000 }), { maxLength: 8 }),
      fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 4 }), { maxLength: 3 }),
      fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
    ),
    parameters: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);
const inferBody = fc.record(
  {
    id: fc.oneof(fc.string(), fc.integer()),
    inputs: fc.oneof(fc.array(tensor, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
    outputs: fc.array(fc.record({ name: fc.constantFrom('label', 'score', 'logits', 'nope') }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  inferBody.map((value) => JSON.stringify(value)),
  fc
    .record({ instances: fc.array(fc.oneof(fc.string(), fc.integer(), fc.object()), { maxLength: 4 }) })
    .map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constant('{"inputs": ['),
  fc.constant(JSON.stringify({ instances: ['x'.repeat(20 * 1024)] })),
);

describe('bad input against a live server', () => {
  it('answers every request with 2xx or a client error with a JSON message, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        paths,
        fc.constantFrom('POST', 'GET', 'PUT'),
        body,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
        async (path, method, payload, contentType) => {
          const response = await fetch(`${server.url}${path}`, {
            method,
            headers: { 'content-type': contentType },
            body: method === 'GET' ? undefined : payload,
            signal: AbortSignal.timeout(10_000),
          });
          const text = await response.text();
          expect([200, 400, 404, 405, 413, 415]).toContain(response.status);
          if (response.status === 405) expect(response.headers.get('allow')).toMatch(/^(GET|POST)/);
          if (response.status !== 200) {
            const parsed = JSON.parse(text) as { error?: unknown };
            expect(typeof parsed.error).toBe('string');
          }
        },
      ),
      { numRuns: 300 },
    );
    const health = await fetch(`${server.url}/v2/health/ready`);
    expect(health.status).toBe(200);
    const infer = await fetch(`${server.url}/v1/models/category-classifier:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: ['panasonic microwave oven 25l'] }),
    });
    expect(await infer.json()).toMatchObject({ predictions: [{ label: 'Microwaves' }] });
  }, 120_000);
});
