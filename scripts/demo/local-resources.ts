import path from 'node:path';
import {
  acquireBroker,
  anyFreePort,
  brokerStatus,
  defaultPortBase,
  freePortBase,
  isPortFree,
  takenBrokerPorts,
  type BrokerLease,
} from '@category-match/kafka-harness';
import { repoRoot } from './services';

const host = '127.0.0.1';
/** Where the demo keeps a broker of its own when the preferred one cannot start. */
export const ownBrokerStateDir = path.join(repoRoot, '.kafka', 'demo');

export interface ChosenBroker {
  readonly lease: BrokerLease;
  /** Why this broker, in words. */
  readonly why: string;
}

/**
 * The broker the demo uses, without ever failing on a busy port: the preferred one (the local broker of `kafka
 * start`, unless options name another) when it already runs or its ports are free; otherwise one of the demo's
 * own, on ports nothing holds.
 */
export async function chooseBroker(preferred: { stateDir?: string; portBase?: number }): Promise<ChosenBroker> {
  const running = await brokerStatus(preferred);
  if (running !== undefined) {
    return { lease: await acquireBroker(preferred), why: `the broker already running at ${running.plaintext}` };
  }
  const taken = await takenBrokerPorts(preferred.portBase ?? defaultPortBase);
  if (taken.length === 0) return { lease: await acquireBroker(preferred), why: 'the local broker' };
  const own = { stateDir: ownBrokerStateDir, portBase: await freePortBase() };
  return {
    lease: await acquireBroker(own),
    why: `a broker of the demo's own: ports ${taken.join(', ')} are taken by another program`,
  };
}

/**
 * A port for one of the demo's services: the one asked for (0: any free one), or by default `fallback` when it is
 * free and any free one when it is not.
 */
export async function choosePort(asked: number | undefined, fallback: number, flag: string): Promise<number> {
  if (asked === 0) return anyFreePort(host);
  if (asked !== undefined) {
    if (!(await isPortFree(host, asked)))
      throw new Error(`${flag} ${asked}: the port is in use; give another, or 0 for any free one`);
    return asked;
  }
  return (await isPortFree(host, fallback)) ? fallback : anyFreePort(host);
}
