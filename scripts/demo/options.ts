import { parseArgs } from 'node:util';

export interface DemoOptions {
  /** Messages to send; the demo stops once each has an answer. */
  readonly limit: number;
  /** Messages per second, or undefined for as fast as the broker takes them. */
  readonly rate: number | undefined;
  /** Seed of the order titles are sent in. */
  readonly seed: number;
  readonly modelPort: number;
  readonly metricsPort: number;
  /** Give up when no answer arrives for this long. */
  readonly idleTimeoutMs: number;
}

export const demoUsage =
  'usage: npm run demo -- [--limit N (2000)] [--rate MSGS_PER_S] [--seed N (1)] [--model-port P (18080)] [--metrics-port P (18090)] [--idle-timeout-s S (120)]';

function positiveInteger(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`--${name} must be a whole number from 1 to ${max}, got "${text}"\n${demoUsage}`);
  }
  return value;
}

export function parseDemoOptions(args: readonly string[]): DemoOptions {
  let values: Record<string, string | undefined>;
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
      },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${demoUsage}`, { cause: error });
  }
  return {
    limit: positiveInteger('limit', values.limit, 2000, 1_000_000),
    rate: values.rate === undefined ? undefined : positiveInteger('rate', values.rate, 0, 1_000_000),
    seed: positiveInteger('seed', values.seed, 1, 2 ** 31),
    modelPort: positiveInteger('model-port', values['model-port'], 18080, 65535),
    metricsPort: positiveInteger('metrics-port', values['metrics-port'], 18090, 65535),
    idleTimeoutMs: positiveInteger('idle-timeout-s', values['idle-timeout-s'], 120, 3600) * 1000,
  };
}
