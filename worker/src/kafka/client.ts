import type { LogEntry } from 'kafkajs';
import type { WorkerConfig } from '../config';
import type { Logger } from '../ops/logger';
import { Kafka, logLevel } from './kafkajs';
import { kafkajsSasl } from './sasl';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** The kafkajs client for the configured brokers, security and logger. */
export function createKafka(config: WorkerConfig['kafka'], logger: Logger, clientSuffix = ''): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: `${config.clientId}${clientSuffix}`,
    brokers: config.brokers,
    ssl: config.ssl === undefined ? false : config.ssl.ca === undefined ? true : { ca: [config.ssl.ca] },
    sasl: kafkajsSasl(config.sasl),
    connectionTimeout: 5_000,
    authenticationTimeout: 10_000,
    // kafkajs logs retriable protocol errors at ERROR level while it retries them; they are warnings here.
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, timestamp: _timestamp, ...fields } = log;
        kafkaLogger[levelOf(level, message)](fields, message);
      },
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 },
  });
}

// Routine, retried protocol answers (CONCURRENT_TRANSACTIONS after every commit, coordinator moves) and the
// retry-limit notice (harmless here: a failed transaction is aborted and its batch fetched again) would
// otherwise put several warnings in the log per transaction.
const routine = [
  /^Response /,
  /^Failed to send messages: The producer attempted/,
  /^Limiting retries for the idempotent/,
];

function levelOf(level: number, message: string): 'warn' | 'info' | 'debug' {
  if (routine.some((pattern) => pattern.test(message))) return 'debug';
  const pinoLevel = levels[level] ?? 'info';
  // kafkajs logs errors it is about to retry at ERROR; whatever stops the worker is logged by the worker itself.
  return pinoLevel === 'error' ? 'warn' : pinoLevel;
}
