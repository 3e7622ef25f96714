import type { Admin, Kafka } from 'kafkajs';
import { testKafka } from './kafka';
import { startReferenceModelServer, type ChildHandle } from './processes';

export interface StoryServices {
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** The port of the reference model server. */
  readonly modelPort: number;
  /** Worker processes a test started; each is stopped after that test. */
  readonly workers: ChildHandle[];
}

function started<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not started yet: use it inside a test or a later hook`);
  return value;
}

/**
 * Registers the hooks most stories share: a client and an admin of `brokers()` (called in
 * `beforeAll`, after the file's earlier hooks, so a story can start its own broker first), the
 * reference model server, and stopping every worker a test started.
 */
export function useStoryServices(brokers: () => string, setupTimeoutMs = 90_000): StoryServices {
  let kafka: Kafka | undefined;
  let admin: Admin | undefined;
  let modelServer: (ChildHandle & { port: number }) | undefined;
  const workers: ChildHandle[] = [];

  beforeAll(async () => {
    kafka = testKafka(brokers());
    admin = kafka.admin();
    await admin.connect();
    modelServer = await startReferenceModelServer();
  }, setupTimeoutMs);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  afterAll(async () => {
    await modelServer?.stop();
    await admin?.disconnect();
  });

  return {
    get kafka() {
      return started(kafka, 'the Kafka client');
    },
    get admin() {
      return started(admin, 'the Kafka admin');
    },
    get modelPort() {
      return started(modelServer, 'the model server').port;
    },
    workers,
  };
}
