import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/** The SCRAM user formatted into the broker's storage; kept in `<stateDir>/credentials.json`. */
const credentialsSchema = z.object({
  mechanism: z.literal('scram-sha-512'),
  username: z.string().min(1),
  password: z.string().min(1),
});
export type ScramCredentials = z.infer<typeof credentialsSchema>;

/** What a running instance records in `<stateDir>/broker.json`. */
const runningBrokerSchema = z.object({
  version: z.string(),
  pid: z.number().int().positive(),
  plaintext: z.string(),
  sasl: z.string(),
  saslSsl: z.string(),
  /** The SASL_SSL listener's advertised name, which means 127.0.0.1 to this machine's clients. */
  loopbackHost: z.string().optional(),
  caFile: z.string(),
  stateDir: z.string(),
  portBase: z.number().int(),
  startedAt: z.string(),
  /** Started for leaseholders (acquireBroker): stops when the last one releases it. */
  managed: z.boolean().default(false),
});
export type RunningBroker = z.infer<typeof runningBrokerSchema>;

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a torn or hand-edited file is treated as absent and rewritten
  }
}

export const readCredentials = (file: string) => readJson(file, credentialsSchema);
export const readRunningBroker = (file: string) => readJson(file, runningBrokerSchema);

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export function generateCredentials(): ScramCredentials {
  return { mechanism: 'scram-sha-512', username: 'category-match', password: randomBytes(18).toString('base64url') };
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as `kafka-storage random-uuid`
 * prints. Like Kafka's own `Uuid.randomUuid()`, never one starting with `-`: the storage tool's argument
 * parser would read such an id as an option and refuse to format.
 */
export function generateClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
