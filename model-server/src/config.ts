import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const USAGE = `usage: model-server serve [options]

  --model-name <name>           model name served (default category-classifier)      MODEL_NAME
  --model-dir <dir>             one model version directory (default /mnt/models)    MODEL_DIR
  --http-port <port>            HTTP port (default 8080)                             HTTP_PORT
  --role <role>                 predictor | transformer | all (default all)          ROLE
  --predictor-host <host:port>  predictor to call in the transformer role            PREDICTOR_HOST
  --max-batch-size <n>          largest dynamic batch, 1 turns batching off (32)     MAX_BATCH_SIZE
  --max-batch-delay-ms <ms>     longest wait for a batch to fill (2)                 MAX_BATCH_DELAY_MS
  --execution-provider <ep>     cpu | cuda (default cpu)                             EXECUTION_PROVIDER
  --inference-threads <n>       ONNX sessions, each in its own worker thread (1)     INFERENCE_THREADS
  --body-limit-bytes <n>        largest request body accepted (default 1048576)      BODY_LIMIT_BYTES
  --max-texts-per-request <n>   most texts (or token rows) in one request (32768)    MAX_TEXTS_PER_REQUEST
  --host <address>              address to listen on (default 127.0.0.1; images: 0.0.0.0) HOST

KServe's appended arguments are accepted too: --model_name, --predictor_host, --http_port,
--workers (inference threads) and --protocol v1|v2.`;

const positiveInt = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be positive`);

const configSchema = z.object({
  modelName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'model name must be letters, digits, ".", "_" or "-"'),
  modelDir: z.string().min(1, 'model dir must not be empty'),
  httpPort: positiveInt('http port').max(65535, 'http port must be at most 65535'),
  host: z.string().min(1),
  role: z.enum(['predictor', 'transformer', 'all'], { error: 'role must be predictor, transformer or all' }),
  predictorHost: z.string().min(1).optional(),
  maxBatchSize: positiveInt('max batch size').max(1024, 'max batch size must be at most 1024'),
  maxBatchDelayMs: z.coerce
    .number({ error: 'max batch delay must be a number' })
    .min(0, 'max batch delay must not be negative')
    .max(1000, 'max batch delay must be at most 1000 ms'),
  executionProvider: z.enum(['cpu', 'cuda'], { error: 'execution provider must be cpu or cuda' }),
  inferenceThreads: positiveInt('inference threads').max(64, 'inference threads must be at most 64'),
  bodyLimitBytes: positiveInt('body limit'),
  maxTextsPerRequest: positiveInt('max texts per request'),
  protocol: z.enum(['v1', 'v2'], { error: 'protocol must be v1 or v2' }),
});

export type ServerConfig = z.infer<typeof configSchema>;
export type Role = ServerConfig['role'];

export class UsageError extends Error {
  override name = 'UsageError';
}

const OPTIONS = {
  'model-name': { type: 'string' },
  model_name: { type: 'string' },
  'model-dir': { type: 'string' },
  'http-port': { type: 'string' },
  http_port: { type: 'string' },
  host: { type: 'string' },
  role: { type: 'string' },
  'predictor-host': { type: 'string' },
  predictor_host: { type: 'string' },
  'max-batch-size': { type: 'string' },
  'max-batch-delay-ms': { type: 'string' },
  'execution-provider': { type: 'string' },
  'inference-threads': { type: 'string' },
  workers: { type: 'string' },
  'body-limit-bytes': { type: 'string' },
  'max-texts-per-request': { type: 'string' },
  protocol: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/**
 * Reads the `serve` command line, falling back to environment variables, then defaults.
 * Unknown flags and bad values are a UsageError naming the flag.
 */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, { cause: error });
  }
  if (values.help === true) throw new UsageError(USAGE);
  const raw = {
    modelName: values['model-name'] ?? values.model_name ?? env.MODEL_NAME ?? 'category-classifier',
    modelDir: values['model-dir'] ?? env.MODEL_DIR ?? '/mnt/models',
    httpPort: values['http-port'] ?? values.http_port ?? env.HTTP_PORT ?? '8080',
    // Loopback unless asked: a developer's server is not exposed; the images set HOST=0.0.0.0.
    host: values.host ?? env.HOST ?? '127.0.0.1',
    role: values.role ?? env.ROLE ?? 'all',
    predictorHost: values['predictor-host'] ?? values.predictor_host ?? env.PREDICTOR_HOST,
    maxBatchSize: values['max-batch-size'] ?? env.MAX_BATCH_SIZE ?? '32',
    maxBatchDelayMs: values['max-batch-delay-ms'] ?? env.MAX_BATCH_DELAY_MS ?? '2',
    executionProvider: values['execution-provider'] ?? env.EXECUTION_PROVIDER ?? 'cpu',
    inferenceThreads: values['inference-threads'] ?? values.workers ?? env.INFERENCE_THREADS ?? '1',
    bodyLimitBytes: values['body-limit-bytes'] ?? env.BODY_LIMIT_BYTES ?? '1048576',
    maxTextsPerRequest: values['max-texts-per-request'] ?? env.MAX_TEXTS_PER_REQUEST ?? '32768',
    protocol: values.protocol ?? env.PROTOCOL ?? 'v2',
  };
  // Under `npm run -w model-server`, the working directory is the workspace; paths typed by the
  // user are meant relative to where they typed them (npm's INIT_CWD).
  raw.modelDir = path.resolve(env.INIT_CWD ?? process.cwd(), raw.modelDir);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new UsageError(`${problems}\n\n${USAGE}`);
  }
  if (parsed.data.role === 'transformer' && parsed.data.predictorHost === undefined) {
    throw new UsageError(`the transformer role needs --predictor-host (or PREDICTOR_HOST)\n\n${USAGE}`);
  }
  return parsed.data;
}
