import path from 'node:path';

export const defaultPortBase = 19092;
export const repoRoot = path.resolve(__dirname, '..', '..');
export const defaultStateDir = path.join(repoRoot, '.kafka', 'default');
export const artifactCacheDir = path.join(repoRoot, '.kafka', 'artifacts');
export const host = '127.0.0.1';

export interface BrokerPorts {
  readonly plaintext: number;
  readonly sasl: number;
  readonly controller: number;
  readonly saslSsl: number;
}

/** Ports an instance takes from its base: a cluster's nodes sit this far apart. */
export const portsPerBroker = 4;

/** PLAINTEXT = base, SASL_PLAINTEXT = base + 1, CONTROLLER = base + 2, SASL_SSL = base + 3. */
export function brokerPorts(portBase: number): BrokerPorts {
  const highest = 65535 - (portsPerBroker - 1);
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > highest) {
    throw new Error(`portBase must be an integer from 1024 to ${highest}, got ${portBase}`);
  }
  return { plaintext: portBase, sasl: portBase + 1, controller: portBase + 2, saslSsl: portBase + 3 };
}

/** The SASL_SSL listener's keystore; an instance without one has no TLS listener. */
export interface TlsListener {
  readonly keystore: string;
  readonly password: string;
  /** The host name the listener advertises (its certificate's); default 127.0.0.1. It always binds 127.0.0.1. */
  readonly advertisedHost?: string;
}

/** Where one broker instance keeps its files. */
export interface BrokerPaths {
  readonly stateDir: string;
  readonly dataDir: string;
  readonly logDir: string;
  /** The broker's own log (log4j), `<logDir>/server.log`. */
  readonly serverLog: string;
  readonly serverProperties: string;
  readonly log4jConfig: string;
  readonly infoFile: string;
  readonly credentialsFile: string;
  readonly lockFile: string;
  readonly leaseDir: string;
  /** The SASL_SSL listener's CA and keystore. */
  readonly tlsDir: string;
}

export function brokerPaths(stateDir: string): BrokerPaths {
  const dir = path.resolve(stateDir);
  return {
    stateDir: dir,
    dataDir: path.join(dir, 'data'),
    logDir: path.join(dir, 'logs'),
    serverLog: path.join(dir, 'logs', 'server.log'),
    serverProperties: path.join(dir, 'server.properties'),
    log4jConfig: path.join(dir, 'log4j2.properties'),
    infoFile: path.join(dir, 'broker.json'),
    credentialsFile: path.join(dir, 'credentials.json'),
    lockFile: path.join(dir, 'start.lock'),
    leaseDir: path.join(dir, 'leases'),
    tlsDir: path.join(dir, 'tls'),
  };
}

/** Where a node sits in its cluster. */
export interface ClusterRole {
  readonly nodeId: number;
  /** Every controller of the quorum, `id@host:port,...`. */
  readonly quorumVoters: string;
  /** Replicas of topics and of the internal logs (offsets, transactions): the number of nodes, at most 3. */
  readonly replicas: number;
}

/** The role of a lone node: its own quorum, and no other node to replicate to. */
export function singleNodeRole(ports: BrokerPorts): ClusterRole {
  return { nodeId: 1, quorumVoters: `1@${host}:${ports.controller}`, replicas: 1 };
}

/** The client listeners: PLAINTEXT, SASL_PLAINTEXT and, with a keystore, SASL_SSL; SCRAM-SHA-512 on both SASL ones. */
function listenerSettings(ports: BrokerPorts, tls: TlsListener | undefined): Record<string, string> {
  const bound = [`PLAINTEXT://${host}:${ports.plaintext}`, `SASL_PLAINTEXT://${host}:${ports.sasl}`];
  const advertised = [...bound];
  const protocols = ['PLAINTEXT:PLAINTEXT', 'SASL_PLAINTEXT:SASL_PLAINTEXT', 'CONTROLLER:PLAINTEXT'];
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const settings: Record<string, string> = {
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': scram,
  };
  if (tls !== undefined) {
    bound.push(`SASL_SSL://${host}:${ports.saslSsl}`);
    advertised.push(`SASL_SSL://${tls.advertisedHost ?? host}:${ports.saslSsl}`);
    protocols.push('SASL_SSL:SASL_SSL');
    Object.assign(settings, {
      'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': scram,
      'listener.name.sasl_ssl.ssl.keystore.type': 'PKCS12',
      'listener.name.sasl_ssl.ssl.keystore.location': tls.keystore,
      'listener.name.sasl_ssl.ssl.keystore.password': tls.password,
      'listener.name.sasl_ssl.ssl.key.password': tls.password,
    });
  }
  return {
    listeners: [...bound, `CONTROLLER://${host}:${ports.controller}`].join(','),
    'advertised.listeners': advertised.join(','),
    'listener.security.protocol.map': protocols.join(','),
    ...settings,
  };
}

/** A combined broker and controller in KRaft mode, sized for a laptop or a CI runner. */
export function serverProperties(
  ports: BrokerPorts,
  dataDir: string,
  role: ClusterRole = singleNodeRole(ports),
  tls?: TlsListener,
): string {
  // A write needs two in-sync copies where there are several, as on the platform's replicated cluster.
  const minInsyncReplicas = Math.min(role.replicas, 2);
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': role.nodeId,
    'controller.quorum.voters': role.quorumVoters,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    ...listenerSettings(ports, tls),
    'log.dirs': dataDir,
    'num.partitions': 1,
    'auto.create.topics.enable': true,
    'default.replication.factor': role.replicas,
    'min.insync.replicas': minInsyncReplicas,
    // Internal topics cannot have more replicas than nodes, or groups and transactions never start.
    'offsets.topic.replication.factor': role.replicas,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': role.replicas,
    'transaction.state.log.min.isr': minInsyncReplicas,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': role.replicas,
    'share.coordinator.state.topic.min.isr': minInsyncReplicas,
    // Tests join groups constantly; the default 3 s delay would slow every one of them.
    'group.initial.rebalance.delay.ms': 0,
    'log.segment.bytes': 64 * 1024 * 1024,
    'log.retention.hours': 24,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')}\n`;
}

/**
 * Broker logs go to a rolling file, not the console, so tests and the demo stay readable. log4j's own shutdown
 * hook is off: it raced Kafka's and stopped the log at SIGTERM, losing the whole controlled shutdown.
 */
export function log4jProperties(logDir: string): string {
  return [
    'status = warn',
    'shutdownHook = disable',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${path.join(logDir, 'server.log')}`,
    `appender.file.filePattern = ${path.join(logDir, 'server.log.%i')}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 20MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 2',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    '',
  ].join('\n');
}

/**
 * A small heap, and the quick-starting C1 compiler only: on a busy 2-core CI runner it halves the
 * time to ready (measured 3 to 9 s against 8 to 16 s with C2), and a local broker is never the
 * bottleneck of the tests or the demo.
 */
export const brokerJvmOptions: readonly string[] = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
];

/** The storage tool runs for a second: the quick-starting compiler and a small serial heap suit it. */
export const toolJvmOptions: readonly string[] = [
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
];
