import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import {
  brokerPaths,
  startBroker,
  startCluster,
  stopBroker,
  waitForInSyncReplicas,
  waitForTopicLeaders,
} from '@category-match/kafka-harness';
import { testStateRoot } from '../test/support/paths';

/** The two deployment shapes: a lone broker (dev, the demo) and the platform's three replicated brokers (ops). */
export type BrokerShape = 'single' | 'replicated';

export interface FaultedBroker {
  readonly id: number;
  /** SIGTERM: a controlled shutdown, as a rolling restart or a node drain does. */
  stop(): Promise<void>;
  /** Back on its own storage, once the cluster counts it again. */
  start(): Promise<void>;
  /** Its partition folders and its server log, for the transaction-integrity check. */
  readonly dataDir: string;
  readonly serverLog: string;
}

export interface Brokers {
  readonly shape: BrokerShape;
  readonly bootstrap: string;
  readonly nodes: readonly FaultedBroker[];
  /**
   * Resolves once the next fault may come: every partition of `topics` led and, replicated, with all its replicas
   * in sync (a rolling restart that waits for the in-sync set).
   */
  settle(admin: Admin, topics: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Fresh brokers of one shape in `.kafka/<name>`, on ports from `portBase`. */
export async function startBrokers(shape: BrokerShape, name: string, portBase: number): Promise<Brokers> {
  const stateDir = path.join(testStateRoot, name);
  if (shape === 'replicated') {
    const cluster = await startCluster({ stateDir, portBase, nodes: 3 });
    return {
      shape,
      bootstrap: cluster.bootstrap,
      nodes: cluster.nodes.map((node) => ({ ...node, id: node.nodeId })),
      settle: (admin, topics) => waitForInSyncReplicas(admin, topics, 120_000),
      stop: () => cluster.stop(),
    };
  }
  await rm(stateDir, { recursive: true, force: true });
  const options = { stateDir, portBase };
  const broker = await startBroker(options);
  const paths = brokerPaths(stateDir);
  return {
    shape,
    bootstrap: broker.plaintext,
    nodes: [
      {
        id: 1,
        stop: async () => void (await stopBroker(options)),
        start: async () => void (await startBroker(options)),
        dataDir: paths.dataDir,
        serverLog: paths.serverLog,
      },
    ],
    settle: async (admin, topics) => void (await waitForTopicLeaders(admin, topics, 120_000)),
    stop: async () => void (await stopBroker(options)),
  };
}
