import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { hostPath, rehearseInTempDir, startImage, type RehearsedImage } from '@category-match/image-rehearsal';
import { ensureReferenceModel, repoRoot } from '../src/reference-model/cached';
import { freePort, postJson, waitReady } from './servers';

// The CPU image, its Dockerfile carried out stage by stage without an engine (see
// scripts/image-rehearsal): the files it copies and the commands it runs, then its runtime stage
// started as its own user. The base image's OS is this machine's.
describe('the model server image (Dockerfile rehearsed)', () => {
  let image: RehearsedImage;
  let remove: (() => void) | undefined;

  beforeAll(async () => {
    ({ image, remove } = await rehearseInTempDir(repoRoot, 'model-server/Dockerfile'));
  }, 600_000);

  afterAll(() => remove?.());

  it('holds the compiled server and its production dependencies, nothing else, run by an unprivileged user', () => {
    const app = hostPath(image.root, '/app');
    expect(readdirSync(app).sort()).toEqual(['model-server', 'node_modules']);
    expect(readdirSync(path.join(app, 'model-server')).sort()).toEqual(['dist', 'package.json']);
    const compiled = readdirSync(path.join(app, 'model-server', 'dist'), { recursive: true }).map(String);
    expect(compiled).toContain('cli.js');
    expect(compiled.filter((file) => file.endsWith('.test.js'))).toEqual([]);
    for (const runtime of ['onnxruntime-node', 'tokenizers', 'fastify']) {
      expect(existsSync(path.join(app, 'node_modules', runtime))).toBe(true);
    }
    for (const devOnly of ['typescript', 'jest', 'tsx', '@pulumi/pulumi', 'kafkajs']) {
      expect(existsSync(path.join(app, 'node_modules', devOnly))).toBe(false);
    }
    expect(image.user).toEqual({ uid: 1000, gid: 1000 });
    expect(image.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
  });

  it('serves the reference model from where KServe puts it, and drains on SIGTERM', async () => {
    const models = hostPath(image.root, '/mnt/models');
    cpSync(await ensureReferenceModel(), models, { recursive: true });
    const port = await freePort();
    const child = startImage(image, { args: ['serve', '--model-dir', models, '--http-port', String(port)] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, 60_000, child).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${stderr}`, { cause: error });
      });
      if (process.getuid?.() === 0) {
        // Started through setpriv, which hands its pid over to the server: the server itself is uid 1000.
        expect(readFileSync(`/proc/${child.pid}/status`, 'utf8')).toMatch(/^Uid:\t1000\t/m);
      }
      const response = await postJson(`${url}/v2/models/category-classifier/infer`, {
        inputs: [{ name: 'text', datatype: 'BYTES', shape: [1], data: ['apple iphone 8 plus 64gb silver'] }],
      });
      expect(response).toMatchObject({
        status: 200,
        body: {
          outputs: expect.arrayContaining([expect.objectContaining({ name: 'label', data: ['Mobile Phones'] })]),
        },
      });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
