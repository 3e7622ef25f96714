import { Kafka, logLevel } from 'kafkajs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readArtifactLock } from './artifact-lock';
import { ensureArtifacts } from './artifact-cache';
import {
  artifactCacheDir,
  brokerPaths,
  brokerPorts,
  type BrokerPaths,
  type BrokerPorts,
  type ClusterRole,
  host,
  log4jProperties,
  portsPerBroker,
  serverProperties,
} from './broker-config';
import { formatStorage, launch, logTail } from './broker-process';
import { generateClusterId, generateCredentials } from './broker-state';
import { requireJava } from './java';
import { assertPortsFree } from './ports';
import { isAlive, terminate } from './processes';
import { waitForListeners } from './readiness';

const readyTimeoutMs = 90_000;
const stopGraceMs = 30_000;

export interface ClusterOptions {
  /** Every node keeps its files under `<stateDir>/node-<id>`; the directory is wiped at start. */
  readonly stateDir: string;
  /** Node n (from 1) listens on portBase + 4(n - 1) (PLAINTEXT), + 1 (SASL_PLAINTEXT), + 2 (CONTROLLER). */
  readonly portBase: number;
  readonly nodes: number;
}

export interface ClusterNode {
  readonly nodeId: number;
  /** host:port of its PLAINTEXT listener. */
  readonly plaintext: string;
  /** Its log directory (partition folders) and its server log, for the transaction-integrity check. */
  readonly dataDir: string;
  readonly serverLog: string;
  /** SIGTERM (a controlled shutdown: its partitions' leadership moves to the other nodes), SIGKILL after 30 s. */
  stop(): Promise<void>;
  /** Starts it again on its storage and waits until the whole cluster counts it back. */
  start(): Promise<void>;
}

export interface LocalCluster {
  /** Every node's PLAINTEXT listener, comma-separated. */
  readonly bootstrap: string;
  readonly nodes: readonly ClusterNode[];
  stop(): Promise<void>;
}

interface NodeSetup {
  readonly nodeId: number;
  readonly ports: BrokerPorts;
  readonly paths: BrokerPaths;
}

/**
 * A fresh cluster of combined broker+controller nodes on loopback, replicating like the platform's (three copies,
 * two in sync), for stories that restart one broker while the others carry on. Plain listeners only.
 */
export async function startCluster(options: ClusterOptions): Promise<LocalCluster> {
  const setups: NodeSetup[] = Array.from({ length: options.nodes }, (_, index) => ({
    nodeId: index + 1,
    ports: brokerPorts(options.portBase + portsPerBroker * index),
    paths: brokerPaths(path.join(options.stateDir, `node-${index + 1}`)),
  }));
  await assertPortsFree(
    host,
    setups.flatMap(({ ports }) => [ports.plaintext, ports.sasl, ports.controller]),
  );
  const quorumVoters = setups.map(({ nodeId, ports }) => `${nodeId}@${host}:${ports.controller}`).join(',');
  const replicas = Math.min(options.nodes, 3);
  const java = await requireJava();
  const classpath = (await ensureArtifacts(await readArtifactLock(), artifactCacheDir)).join(path.delimiter);
  const clusterId = generateClusterId();
  const credentials = generateCredentials();

  await rm(options.stateDir, { recursive: true, force: true });
  await Promise.all(
    setups.map(async ({ nodeId, ports, paths }) => {
      const role: ClusterRole = { nodeId, quorumVoters, replicas };
      await mkdir(paths.logDir, { recursive: true });
      await writeFile(paths.serverProperties, serverProperties(ports, paths.dataDir, role));
      await writeFile(paths.log4jConfig, log4jProperties(paths.logDir));
      await formatStorage(java, classpath, paths, credentials, clusterId);
    }),
  );

  const bootstrap = setups.map(({ ports }) => `${host}:${ports.plaintext}`).join(',');
  const pids = new Map<number, number>();
  const startNode = async ({ nodeId, ports, paths }: NodeSetup): Promise<void> => {
    const pid = await launch(java, classpath, paths);
    pids.set(nodeId, pid);
    try {
      await waitForListeners([{ bootstrap: `${host}:${ports.plaintext}` }], readyTimeoutMs, () => isAlive(pid));
    } catch (error) {
      throw new Error(`Kafka node ${nodeId} in ${paths.stateDir} did not start${await logTail(paths)}`, {
        cause: error,
      });
    }
  };
  const stopNode = async (nodeId: number): Promise<void> => {
    const pid = pids.get(nodeId);
    pids.delete(nodeId);
    if (pid !== undefined) await terminate(pid, stopGraceMs);
  };
  const stopAll = () => Promise.all([...pids.keys()].map((nodeId) => stopNode(nodeId))).then(() => undefined);

  try {
    await Promise.all(setups.map((setup) => startNode(setup)));
    await waitForBrokers(bootstrap, options.nodes);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    bootstrap,
    nodes: setups.map((setup) => ({
      nodeId: setup.nodeId,
      plaintext: `${host}:${setup.ports.plaintext}`,
      dataDir: setup.paths.dataDir,
      serverLog: setup.paths.serverLog,
      stop: () => stopNode(setup.nodeId),
      start: async () => {
        await startNode(setup);
        await waitForBrokers(bootstrap, options.nodes);
      },
    })),
    stop: stopAll,
  };
}

/** Waits until the cluster's metadata lists `count` brokers (every node registered and unfenced). */
async function waitForBrokers(bootstrap: string, count: number): Promise<void> {
  const kafka = new Kafka({
    clientId: 'kafka-harness-probe',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  const deadline = Date.now() + readyTimeoutMs;
  let seen = 0;
  try {
    await admin.connect();
    while (Date.now() < deadline) {
      seen = await admin.describeCluster().then(
        ({ brokers }) => brokers.length,
        () => 0,
      );
      if (seen >= count) return;
      await sleep(250);
    }
  } finally {
    await admin.disconnect();
  }
  throw new Error(`the cluster at ${bootstrap} listed ${seen} of ${count} brokers after ${readyTimeoutMs} ms`);
}
