import { parseArgs } from 'node:util';

export interface DemoOptions {
  /** Messages to send; the demo stops once each has an answer. */
  readonly limit: number;
  /** Messages per second, or undefined for as fast as the broker takes them. */
  readonly rate: number | undefined;
  /** Seed of the order titles are sent in. */
  readonly seed: number;
  /** The model server's port: undefined for the default when it is free (else any free one), 0 for any free one. */
  readonly modelPort: number | undefined;
  /** The worker's /metrics port, chosen like `modelPort`. */
  readonly metricsPort: number | undefined;
  /** Give up when no answer arrives for this long. */
  readonly idleTimeoutMs: number;
  /** A line per message instead of the progress display. */
  readonly verbose: boolean;
  /** The broker to use when it runs or its ports are free (default: the local broker of `kafka start`). */
  readonly kafkaStateDir: string | undefined;
  readonly kafkaPortBase: number | undefined;
}

export const demoUsage =
  'usage: npm run demo -- [--limit N (2000)] [--rate MSGS_PER_S] [--seed N (1)] [--model-port P (18080 if free)] ' +
  '[--metrics-port P (18090 if free)] [--idle-timeout-s S (120)] [--verbose] [--kafka-state-dir DIR] [--kafka-port-base P]';

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${text}"\n${demoUsage}`);
  }
  return value;
}

const optional = (name: string, text: string | undefined, min: number, max: number): number | undefined =>
  text === undefined ? undefined : wholeNumber(name, text, 0, min, max);

export function parseDemoOptions(args: readonly string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        limit: { type: 'string' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        'model-port': { type: 'string' },
        'metrics-port': { type: 'string' },
        'idle-timeout-s': { type: 'string' },
        verbose: { type: 'boolean' },
        'kafka-state-dir': { type: 'string' },
        'kafka-port-base': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${demoUsage}`, { cause: error });
  }
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    limit: wholeNumber('limit', text('limit'), 2000, 1, 1_000_000),
    rate: optional('rate', text('rate'), 1, 1_000_000),
    seed: wholeNumber('seed', text('seed'), 1, 1, 2 ** 31),
    modelPort: optional('model-port', text('model-port'), 0, 65535),
    metricsPort: optional('metrics-port', text('metrics-port'), 0, 65535),
    idleTimeoutMs: wholeNumber('idle-timeout-s', text('idle-timeout-s'), 120, 1, 3600) * 1000,
    verbose: values.verbose === true,
    kafkaStateDir: text('kafka-state-dir'),
    kafkaPortBase: optional('kafka-port-base', text('kafka-port-base'), 1024, 65532),
  };
}
