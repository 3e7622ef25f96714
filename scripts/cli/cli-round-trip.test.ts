import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Transaction } from '@category-match/worker/kafkajs';
import { ensureReferenceModel } from '@category-match/model-server/reference-model';
import { createTopicsAndWait, startBroker, stopBroker, type BrokerInfo } from '@category-match/kafka-harness';
import { repoRoot } from './repository';

// A broker of its own (ports below the ephemeral range), so a user's broker or demo is never touched.
const brokerOptions = { stateDir: path.join(repoRoot, '.kafka', 'cli-story'), portBase: 29812 };
const modelPort = 29818;
const bin = path.join(repoRoot, 'node_modules', '.bin', 'category-match');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npx category-match …` as a user runs it: the installed bin, `input` on standard input. */
function cli(args: readonly string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

// Topics of this run only: the broker keeps its data between runs.
const plainTopic = `cli-plain-${Date.now()}`;
const tlsTopic = `cli-tls-${Date.now()}`;
let broker: BrokerInfo;
let workDir: string;

beforeAll(async () => {
  broker = await startBroker(brokerOptions);
  const admin = new Kafka({ clientId: 'cli-story', brokers: [broker.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await createTopicsAndWait(admin, [
    { topic: plainTopic, numPartitions: 2 },
    { topic: tlsTopic, numPartitions: 1 },
  ]);
  await admin.disconnect();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'category-match-cli-'));
}, 180_000);

afterAll(async () => {
  await stopBroker(brokerOptions);
}, 60_000);

describe('npx category-match against a real broker', () => {
  it('produces products from a JSON Lines file, names the line it could not send, and consumes them back', async () => {
    const file = path.join(workDir, 'products.jsonl');
    await writeFile(
      file,
      [
        '{"id": "sku-1", "title": "apple iphone 8 plus 64gb silver"}',
        '{"id": "sku-2", "title": "bosch serie 4 dishwasher"}',
        '{"id": "sku-3", "title": "broken',
        '{"id": 4, "title": "lg oled 55 inch tv"}',
      ].join('\n'),
    );
    const produced = await cli(['produce', file, '--topic', plainTopic, '--brokers', broker.plaintext]);
    expect(produced.stderr).toContain('line 3: not JSON; not sent');
    expect(produced.stderr).toMatch(new RegExp(`sent 3 messages to ${plainTopic} at ${broker.plaintext} in [\\d.]+ s`));
    expect(produced.status).toBe(1);

    const consumed = await cli([
      'consume',
      '--topic',
      plainTopic,
      '--from-beginning',
      '--limit',
      '3',
      '--jsonl',
      '--brokers',
      broker.plaintext,
    ]);
    expect(consumed.status).toBe(0);
    const records = consumed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; value: unknown; topic: string });
    expect(records.map((record) => record.key).sort()).toEqual(['4', 'sku-1', 'sku-2']);
    expect(records.find((record) => record.key === 'sku-2')?.value).toEqual({
      schemaVersion: 1,
      id: 'sku-2',
      title: 'bosch serie 4 dishwasher',
    });
    expect(consumed.stderr).toContain(`3 records from ${plainTopic}`);
  }, 120_000);

  it('consumes only committed records, even when the broker lists aborted transactions out of offset order', async () => {
    // The DLQ's shape after a worker crash: transactions of several producers in one partition, two of them aborted.
    const topic = `cli-aborted-${Date.now()}`;
    const kafka = new Kafka({ clientId: 'cli-story', brokers: [broker.plaintext], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
    await admin.disconnect();
    const producer = (name: string) =>
      kafka.producer({ transactionalId: `${topic}-${name}`, idempotent: true, maxInFlightRequests: 1 });
    const producers = [producer('early'), producer('committed'), producer('late'), producer('last')] as const;
    const [early, committed, late, last] = producers;
    await Promise.all(producers.map((producer) => producer.connect()));
    try {
      const send = (transaction: Transaction, value: string) =>
        transaction.send({ topic, messages: [{ key: value, value }] });
      const earlyTransaction = await early.transaction();
      await send(earlyTransaction, 'aborted-first');
      const committedTransaction = await committed.transaction();
      await send(committedTransaction, 'committed');
      await committedTransaction.commit();
      const lateTransaction = await late.transaction();
      await send(lateTransaction, 'aborted-later');
      // The later transaction ends first: Kafka 4.3.1 then lists it before the earlier one.
      await lateTransaction.abort();
      await earlyTransaction.abort();
      const lastTransaction = await last.transaction();
      await send(lastTransaction, 'end');
      await lastTransaction.commit();
    } finally {
      await Promise.all(producers.map((producer) => producer.disconnect()));
    }

    const consumed = await cli([
      'consume',
      '--topic',
      topic,
      '--from-beginning',
      '--idle-timeout-s',
      '3',
      '--brokers',
      broker.plaintext,
    ]);
    expect(consumed.stdout).toBe('committed  committed\nend  end\n');
    expect(consumed.status).toBe(0);
  }, 120_000);

  it('compares two model versions on a bounded sample of the titles in a topic', async () => {
    const fixture = path.join(repoRoot, 'model-server', 'fixtures', 'pytorch-bert-tiny');
    const run = await cli([
      'model',
      'compare',
      '--candidate',
      fixture,
      '--baseline',
      await ensureReferenceModel(),
      '--input',
      `topic:${plainTopic}`,
      '--limit',
      '3',
      '--brokers',
      broker.plaintext,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `3 titles from the start of ${plainTopic} at ${broker.plaintext}, 0 with a known category`,
    );
    expect(run.stdout).toMatch(/agreement \d+\.\d\d %/);
  }, 120_000);

  it('produces and consumes over SASL_SSL as a SCRAM user, the password from a file and the CA from --ca-file', async () => {
    const passwordFile = path.join(workDir, 'password');
    await writeFile(passwordFile, `${broker.scram.password}\n`);
    const security = [
      '--brokers',
      broker.saslSsl,
      '--sasl-username',
      broker.scram.username,
      '--sasl-password-file',
      passwordFile,
      '--ca-file',
      broker.caFile,
    ];
    const produced = await cli(
      ['produce', '--topic', tlsTopic, '--id-prefix', 'tls', ...security],
      'samsung galaxy s9\n',
    );
    expect(produced.status).toBe(0);
    const consumed = await cli([
      'consume',
      '--topic',
      tlsTopic,
      '--from-beginning',
      '--idle-timeout-s',
      '3',
      ...security,
    ]);
    expect(consumed.stdout).toBe('tls-1  samsung galaxy s9\n');

    const wrongPassword = await cli(
      ['produce', '--topic', tlsTopic, ...security.slice(0, 4), '--ca-file', broker.caFile],
      'x\n',
      {
        KAFKA_SASL_PASSWORD: 'wrong',
      },
    );
    expect(wrongPassword.status).toBe(1);
    expect(wrongPassword.stderr).toMatch(/^category-match: .*SASL.*authentication failed/im);
  }, 120_000);
});

describe('npx category-match against a live model server', () => {
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    await ensureReferenceModel();
    server = spawn(bin, ['model', 'serve', '--http-port', String(modelPort)], { cwd: repoRoot, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${modelPort}/v2/health/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error('the model server did not become ready in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 600_000);

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('classifies titles given as arguments and from standard input', async () => {
    const url = `http://127.0.0.1:${modelPort}`;
    const fromArgs = await cli(['infer', '--url', url, 'apple iphone 8 plus 64gb silver', 'bosch serie 4 dishwasher']);
    expect(fromArgs.status).toBe(0);
    expect(fromArgs.stdout).toMatch(
      /^Mobile Phones {2}[01]\.\d{3} {2}apple iphone 8 plus 64gb silver\nDishwashers {2}[01]\.\d{3} {2}bosch serie 4 dishwasher\n$/,
    );

    const fromStdin = await cli(
      ['infer', '--url', url, '--jsonl', '--batch-size', '1'],
      'lg oled55c8 55 inch 4k tv\n\n',
    );
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ title: 'lg oled55c8 55 inch 4k tv', label: 'TVs' });
  }, 60_000);

  it('says where it could not reach the model API and what to do, exit 1', async () => {
    const run = await cli(['infer', '--url', 'http://127.0.0.1:9', 'tv']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'cannot reach the model API at http://127.0.0.1:9/v2/models/category-classifier/infer',
    );
    expect(run.stderr).toContain('npx category-match model serve');
  });
});
