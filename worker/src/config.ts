import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Raises when the environment cannot configure a worker; the message lists every wrong variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));
const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int('must be a whole number').min(min).max(max).default(fallback);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  KAFKA_BROKERS: z
    .string({ error: 'is required (comma-separated host:port list)' })
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter((broker) => broker !== ''),
    )
    .pipe(
      z
        .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
        .min(1, 'must name at least one broker'),
    ),
  KAFKA_CLIENT_ID: text.default('category-match-worker'),
  KAFKA_GROUP_ID: text.default('category-match-worker'),
  KAFKA_INPUT_TOPIC: text.default('category-match-in'),
  KAFKA_OUTPUT_TOPIC: text.default('category-match-out'),
  KAFKA_DLQ_TOPIC: text.default('category-match-dlq'),
  KAFKA_SASL_MECHANISM: z
    .enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512'], {
      error: 'must be one of none, plain, scram-sha-256, scram-sha-512',
    })
    .default('none'),
  KAFKA_SASL_USERNAME: optionalText,
  KAFKA_SASL_PASSWORD: optionalText,
  KAFKA_SASL_PASSWORD_FILE: optionalText,
  KAFKA_SESSION_TIMEOUT_MS: integer(30_000, 6_000, 300_000),
  FETCH_MAX_WAIT_MS: integer(100, 0, 30_000),
  FETCH_MIN_BYTES: integer(1, 1, 50 * 1024 * 1024),
  KAFKA_SSL: flag,
  KAFKA_SSL_CA_FILE: optionalText,
  MODEL_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, '')),
  MODEL_NAME: text.default('category-classifier'),
  MODEL_PROTOCOL: z.enum(['v2', 'v1'], { error: 'must be v2 or v1' }).default('v2'),
  MODEL_TIMEOUT_MS: integer(30_000, 100, 600_000),
  MAX_BATCH_SIZE: integer(64, 1, 10_000),
  TRANSACTION_MAX_RECORDS: integer(2_048, 1, 1_000_000),
  PARTITION_BUFFER_RECORDS: integer(0, 0, 1_000_000),
  TRANSACTION_RETRY_BACKOFF_MS: integer(2, 1, 1_000),
  ABSTAIN_BELOW_SCORE: z.coerce
    .number({ error: 'must be a number' })
    .min(0, 'must be from 0 to 1')
    .max(1, 'must be from 0 to 1')
    .default(0),
  DELIVERY: z
    .enum(['exactly-once', 'at-least-once'], { error: 'must be exactly-once or at-least-once' })
    .default('exactly-once'),
  METRICS_PORT: integer(9464, 0, 65_535),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
type SaslMechanism = (typeof saslMechanisms)[number];
const isSaslMechanism = (value: string): value is SaslMechanism =>
  (saslMechanisms as readonly string[]).includes(value);

export interface SaslConfig {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

export interface WorkerConfig {
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    inputTopic: string;
    outputTopic: string;
    dlqTopic: string;
    sessionTimeoutMs: number;
    /** How long a fetch may wait on the broker for `fetchMinBytes` to arrive (Kafka's fetch.max.wait.ms). */
    fetchMaxWaitMs: number;
    fetchMinBytes: number;
    sasl: SaslConfig | undefined;
    /** TLS; `caFile` names where `ca` came from, for messages. */
    ssl: { ca: string | undefined; caFile: string | undefined } | undefined;
  };
  model: { url: string; name: string; protocol: 'v2' | 'v1'; timeoutMs: number };
  /** Titles per inference request. */
  maxBatchSize: number;
  /** Records per transaction at most (per input partition). */
  transactionMaxRecords: number;
  /** Records a partition may hold in the worker before its next fetch waits; 0: one batch at a time. */
  partitionBufferRecords: number;
  /** First retry of a transactional request (doubling); the coordinator is busy for a few ms after each commit. */
  transactionRetryBackoffMs: number;
  /** Results scored below this go out with `category: null` and the model's best guess; 0 never abstains. */
  abstainBelowScore: number;
  delivery: 'exactly-once' | 'at-least-once';
  metricsPort: number;
  logLevel: string;
}

type Environment = Record<string, string | undefined>;
type ReadFile = (file: string) => string;

const readText: ReadFile = (file) => readFileSync(file, 'utf8');

/** Parses the worker's environment once at start; bad input raises one ConfigError naming every problem. */
export function loadConfig(env: Environment, readFile: ReadFile = readText): WorkerConfig {
  const parsed = environmentSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success) {
    problems.push(...saslProblems(env, readFile).problems);
    throw new ConfigError(problems);
  }
  const values = parsed.data;
  const sasl = saslProblems(env, readFile);
  const ca = values.KAFKA_SSL_CA_FILE === undefined ? undefined : readOptional(values.KAFKA_SSL_CA_FILE, readFile);
  if (ca instanceof Error) problems.push(`KAFKA_SSL_CA_FILE: cannot read ${values.KAFKA_SSL_CA_FILE} (${ca.message})`);
  problems.push(...sasl.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const caText = typeof ca === 'string' ? ca : undefined;
  return {
    kafka: {
      brokers: values.KAFKA_BROKERS,
      clientId: values.KAFKA_CLIENT_ID,
      groupId: values.KAFKA_GROUP_ID,
      inputTopic: values.KAFKA_INPUT_TOPIC,
      outputTopic: values.KAFKA_OUTPUT_TOPIC,
      dlqTopic: values.KAFKA_DLQ_TOPIC,
      sessionTimeoutMs: values.KAFKA_SESSION_TIMEOUT_MS,
      fetchMaxWaitMs: values.FETCH_MAX_WAIT_MS,
      fetchMinBytes: values.FETCH_MIN_BYTES,
      sasl: sasl.config,
      // A CA file alone implies TLS: nobody sets a CA for a plaintext connection.
      ssl: values.KAFKA_SSL || caText !== undefined ? { ca: caText, caFile: values.KAFKA_SSL_CA_FILE } : undefined,
    },
    model: {
      url: values.MODEL_URL,
      name: values.MODEL_NAME,
      protocol: values.MODEL_PROTOCOL,
      timeoutMs: values.MODEL_TIMEOUT_MS,
    },
    maxBatchSize: values.MAX_BATCH_SIZE,
    transactionMaxRecords: values.TRANSACTION_MAX_RECORDS,
    partitionBufferRecords: values.PARTITION_BUFFER_RECORDS,
    transactionRetryBackoffMs: values.TRANSACTION_RETRY_BACKOFF_MS,
    abstainBelowScore: values.ABSTAIN_BELOW_SCORE,
    delivery: values.DELIVERY,
    metricsPort: values.METRICS_PORT,
    logLevel: values.LOG_LEVEL,
  };
}

function readOptional(file: string, readFile: ReadFile): string | Error {
  try {
    return readFile(file);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function saslProblems(env: Environment, readFile: ReadFile): { config: SaslConfig | undefined; problems: string[] } {
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim() ?? '';
  if (!isSaslMechanism(mechanism)) return { config: undefined, problems: [] };
  const problems: string[] = [];
  const username = env.KAFKA_SASL_USERNAME?.trim();
  if (!username) problems.push(`KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is ${mechanism}`);
  const inline = env.KAFKA_SASL_PASSWORD;
  const file = env.KAFKA_SASL_PASSWORD_FILE?.trim();
  let password: string | undefined;
  if (inline && file) {
    problems.push('KAFKA_SASL_PASSWORD_FILE: set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  } else if (file) {
    const content = readOptional(file, readFile);
    if (content instanceof Error) problems.push(`KAFKA_SASL_PASSWORD_FILE: cannot read ${file} (${content.message})`);
    // Secret files mounted from Kubernetes often end with a newline that is not part of the password.
    else password = content.replace(/\r?\n$/, '');
  } else if (inline) {
    password = inline;
  } else {
    problems.push(
      `KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required when KAFKA_SASL_MECHANISM is ${mechanism}`,
    );
  }
  if (problems.length > 0 || username === undefined || password === undefined) return { config: undefined, problems };
  return { config: { mechanism, username, password }, problems };
}
