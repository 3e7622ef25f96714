import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { hostPath, rehearseInTempDir, startImage, type RehearsedImage } from '@category-match/image-rehearsal';
import { createTestTopics, produceAll, readTopics, sharedBrokerAddress } from './support/kafka';
import { repoRoot } from './support/paths';
import { freePort } from './support/processes';
import { loadProducts } from './support/products';
import { useStoryServices } from './support/story';
import { productMessages, untilAllIds } from './support/stream';
import { workerEnv } from './support/worker-env';

// The worker image, its Dockerfile carried out stage by stage without an engine (see
// scripts/image-rehearsal), then its runtime stage run as its own user against the real broker.
describe('the worker image (Dockerfile rehearsed)', () => {
  let image: RehearsedImage;
  let remove: (() => void) | undefined;
  const story = useStoryServices(sharedBrokerAddress);

  beforeAll(async () => {
    ({ image, remove } = await rehearseInTempDir(repoRoot, 'worker/Dockerfile'));
  }, 600_000);

  afterAll(() => remove?.());

  it('holds the compiled worker, its schemas and production dependencies, nothing else', () => {
    const app = hostPath(image.root, '/app');
    expect(readdirSync(app).sort()).toEqual(['node_modules', 'worker']);
    expect(readdirSync(path.join(app, 'worker')).sort()).toEqual(['dist', 'package.json', 'schemas']);
    for (const runtime of ['kafkajs', 'pino', 'prom-client', 'zod', 'ajv']) {
      expect(existsSync(path.join(app, 'node_modules', runtime))).toBe(true);
    }
    for (const other of ['typescript', 'jest', 'onnxruntime-node', 'fastify', '@pulumi/pulumi']) {
      expect(existsSync(path.join(app, 'node_modules', other))).toBe(false);
    }
    expect(image.user).toEqual({ uid: 1000, gid: 1000 });
  });

  it('categorizes products from the broker as its unprivileged user and stops cleanly on SIGTERM', async () => {
    const topics = await createTestTopics(story.admin, 'image', 2);
    const products = loadProducts(40);
    const metricsPort = await freePort();
    const env = workerEnv(sharedBrokerAddress(), topics, story.modelPort, metricsPort, { LOG_LEVEL: 'warn' });
    const worker = startImage(image, { env });
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.on('exit', (code) => resolve(code)));
    try {
      await produceAll(story.kafka, topics.input, productMessages(products));
      const records = await readTopics(
        story.kafka,
        [topics.output],
        untilAllIds(products.length, topics.output),
        60_000,
      );
      expect(new Set(records.map((record) => record.key))).toEqual(new Set(products.map((product) => product.id)));
      if (process.getuid?.() === 0) {
        // setpriv has handed its pid over to the worker by now: the worker itself is uid 1000.
        expect(readFileSync(`/proc/${worker.pid}/status`, 'utf8')).toMatch(/^Uid:\t1000\t/m);
      }
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    } catch (error) {
      throw new Error(`${String(error)}\nworker output:\n${output}`, { cause: error });
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
  }, 120_000);
});
