import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from '@category-match/worker/kafkajs';
import type { Command } from 'commander';
import { brokerStatus } from '@category-match/kafka-harness';
import { saslMechanisms, type SaslConfig } from '@category-match/worker/config';
import { kafkajsSasl } from '@category-match/worker/kafka-sasl';

/** The connection options every Kafka command takes; the same environment variables as the worker fill gaps. */
export interface KafkaConnectionOptions {
  readonly brokers?: string;
  readonly saslMechanism?: string;
  readonly saslUsername?: string;
  readonly saslPasswordFile?: string;
  readonly tls?: boolean;
  readonly caFile?: string;
}

export interface KafkaConnection {
  /** undefined: the local broker `category-match kafka start` runs. */
  readonly brokers: readonly string[] | undefined;
  readonly sasl: SaslConfig | undefined;
  /** undefined: plaintext; otherwise the CA to trust (undefined: the system's). */
  readonly tls: { readonly ca: string | undefined } | undefined;
}

export function addKafkaOptions(command: Command): Command {
  return command
    .option('--brokers <host:port,…>', 'bootstrap brokers (env KAFKA_BROKERS; default: the local broker)')
    .option('--sasl-mechanism <name>', `${saslMechanisms.join(', ')} (env KAFKA_SASL_MECHANISM)`)
    .option('--sasl-username <user>', 'SASL user, e.g. a KafkaUser of the cluster (env KAFKA_SASL_USERNAME)')
    .option(
      '--sasl-password-file <file>',
      "file holding the user's password (env KAFKA_SASL_PASSWORD_FILE, or KAFKA_SASL_PASSWORD)",
    )
    .option('--tls', 'connect over TLS (env KAFKA_SSL=true)')
    .option('--ca-file <pem>', 'CA certificate to trust; implies --tls (env KAFKA_SSL_CA_FILE)');
}

/**
 * The connection the options and environment describe, checked as a whole: every problem named with the option
 * or variable that sets it. Passwords come from a file or the environment, never the command line (ps shows it).
 */
export function resolveKafkaConnection(
  options: KafkaConnectionOptions,
  env: NodeJS.ProcessEnv,
  readFile: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): KafkaConnection {
  const problems: string[] = [];
  const read = (file: string, source: string): string | undefined => {
    try {
      return readFile(file);
    } catch (error) {
      problems.push(`${source}: cannot read ${file} (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  };

  const brokerList = options.brokers ?? env.KAFKA_BROKERS;
  const brokers = brokerList
    ?.split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers !== undefined && (brokers.length === 0 || brokers.some((broker) => !/^[^:\s]+:\d+$/.test(broker)))) {
    problems.push(`--brokers (or KAFKA_BROKERS): expected host:port[,host:port…], got "${brokerList}"`);
  }

  const username = options.saslUsername ?? env.KAFKA_SASL_USERNAME;
  const passwordFile = options.saslPasswordFile ?? env.KAFKA_SASL_PASSWORD_FILE;
  const password =
    passwordFile === undefined
      ? env.KAFKA_SASL_PASSWORD
      : read(
          passwordFile,
          options.saslPasswordFile === undefined ? 'KAFKA_SASL_PASSWORD_FILE' : '--sasl-password-file',
        )?.trim();
  const mechanismText =
    options.saslMechanism ?? env.KAFKA_SASL_MECHANISM ?? (username === undefined ? undefined : 'scram-sha-512');
  let sasl: KafkaConnection['sasl'];
  if (mechanismText !== undefined) {
    const mechanism = saslMechanisms.find((known) => known === mechanismText.toLowerCase());
    if (mechanism === undefined) {
      problems.push(
        `--sasl-mechanism (or KAFKA_SASL_MECHANISM): expected one of ${saslMechanisms.join(', ')}, got "${mechanismText}"`,
      );
    } else if (username === undefined) {
      problems.push(`SASL ${mechanism} needs a user: --sasl-username or KAFKA_SASL_USERNAME`);
    } else if (password === undefined) {
      if (passwordFile === undefined) {
        problems.push(
          `SASL user ${username} needs a password: --sasl-password-file, KAFKA_SASL_PASSWORD_FILE or KAFKA_SASL_PASSWORD`,
        );
      }
    } else {
      sasl = { mechanism, username, password };
    }
  }

  const caFile = options.caFile ?? env.KAFKA_SSL_CA_FILE;
  const ca =
    caFile === undefined ? undefined : read(caFile, options.caFile === undefined ? 'KAFKA_SSL_CA_FILE' : '--ca-file');
  const tlsWanted = options.tls === true || env.KAFKA_SSL === 'true' || caFile !== undefined;

  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { brokers, sasl, tls: tlsWanted ? { ca } : undefined };
}

/** The bootstrap brokers: the ones given, or the local broker's plaintext listener when it runs. */
export async function bootstrapBrokers(connection: KafkaConnection): Promise<string[]> {
  if (connection.brokers !== undefined) return [...connection.brokers];
  const local = await brokerStatus();
  if (local === undefined) {
    throw new Error(
      'no brokers given and the local broker is not running: start it with `npx category-match kafka start`, ' +
        'or give --brokers (or KAFKA_BROKERS)',
    );
  }
  return [local.plaintext];
}

/** A kafkajs client that fails fast: a command line should say within seconds that it cannot connect. */
export function kafkaClient(connection: KafkaConnection, brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    ssl: connection.tls === undefined ? false : connection.tls.ca === undefined ? true : { ca: [connection.tls.ca] },
    sasl: kafkajsSasl(connection.sasl),
    connectionTimeout: 5_000,
    authenticationTimeout: 10_000,
    retry: { initialRetryTime: 300, maxRetryTime: 3_000, retries: 3 },
    // Errors reach the user once, from the command, in plain words; kafkajs would log each retry as JSON.
    logLevel: logLevel.NOTHING,
  });
}
