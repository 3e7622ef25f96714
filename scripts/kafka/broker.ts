import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readArtifactLock } from './artifact-lock';
import { ensureArtifacts } from './artifact-cache';
import {
  artifactCacheDir,
  brokerPaths,
  brokerPorts,
  type BrokerPaths,
  defaultPortBase,
  defaultStateDir,
  host,
  log4jProperties,
  portsPerBroker,
  serverProperties,
} from './broker-config';
import {
  generateCredentials,
  readCredentials,
  readRunningBroker,
  removeFile,
  type RunningBroker,
  type ScramCredentials,
  writeJson,
} from './broker-state';
import { formatStorage, isFormatted, launch, logTail } from './broker-process';
import { withFileLock } from './file-lock';
import { addLease, liveLeases, removeLease } from './leases';
import { requireJava } from './java';
import { assertPortsFree, isPortFree } from './ports';
import { commandLine, isAlive, terminate } from './processes';
import { type ListenerProbe, waitForListeners } from './readiness';
import { brokerTlsFromIssued, ensureBrokerTls, type IssuedListenerCertificate } from './tls';

const readyTimeoutMs = 60_000;
const stopGraceMs = 30_000;
const lockTimeoutMs = 180_000;

export interface BrokerOptions {
  /** Where this instance keeps data, logs, credentials and its pid; default `<repo>/.kafka/default`. */
  stateDir?: string;
  /** PLAINTEXT on portBase, SASL_PLAINTEXT on + 1, CONTROLLER on + 2, SASL_SSL on + 3; default 19092. */
  portBase?: number;
  /** The SASL_SSL listener as a platform's broker presents it, instead of this instance's own CA and user. */
  listener?: PlatformListener;
}

/** A platform's SASL_SSL listener: the certificate issued for it, the name it answers to, its SCRAM user. */
export interface PlatformListener {
  readonly issued: IssuedListenerCertificate;
  /** A name the certificate holds; the broker advertises it, and it means 127.0.0.1 to its clients here. */
  readonly advertisedHost: string;
  readonly scram: { readonly username: string; readonly password: string };
}

export interface BrokerInfo {
  version: string;
  /** host:port of the PLAINTEXT listener. */
  plaintext: string;
  /** host:port of the SASL_PLAINTEXT listener (SCRAM-SHA-512). */
  sasl: string;
  /** host:port of the SASL_SSL listener (SCRAM-SHA-512 over TLS); with a platform listener, its advertised name. */
  saslSsl: string;
  /** The CA certificate (PEM file) that signed the SASL_SSL listener's certificate. */
  caFile: string;
  scram: { mechanism: 'scram-sha-512'; username: string; password: string };
  pid: number;
  stateDir: string;
}

function toInfo(running: RunningBroker, credentials: ScramCredentials): BrokerInfo {
  return {
    version: running.version,
    plaintext: running.plaintext,
    sasl: running.sasl,
    saslSsl: running.saslSsl,
    caFile: running.caFile,
    scram: { ...credentials },
    pid: running.pid,
    stateDir: running.stateDir,
  };
}

/** Is `pid` the JVM of this very instance (and not an unrelated process that inherited a stale pid)? */
async function isThisBroker(pid: number, paths: BrokerPaths): Promise<boolean> {
  if (!(await isAlive(pid))) return false;
  const args = await commandLine(pid);
  return args === undefined || (args.includes('kafka.Kafka') && args.includes(paths.serverProperties));
}

async function liveBroker(paths: BrokerPaths): Promise<RunningBroker | undefined> {
  const running = await readRunningBroker(paths.infoFile);
  if (!running) return undefined;
  if (await isThisBroker(running.pid, paths)) return running;
  await removeFile(paths.infoFile); // stale: the JVM died or the pid was reused
  return undefined;
}

/** Every listener of the instance, SASL ones authenticating with its user, TLS verified against its CA. */
async function listenerProbes(running: RunningBroker, credentials: ScramCredentials): Promise<ListenerProbe[]> {
  const sasl = { mechanism: credentials.mechanism, username: credentials.username, password: credentials.password };
  const ca = await readFile(running.caFile, 'utf8');
  return [
    { bootstrap: running.plaintext },
    { bootstrap: running.sasl, sasl },
    {
      bootstrap: running.saslSsl,
      sasl,
      ssl: { ca: [ca] },
      ...(running.loopbackHost === undefined ? {} : { loopbackHost: running.loopbackHost }),
    },
  ];
}

export interface EnsuredBroker {
  readonly info: BrokerInfo;
  /** True when this call launched the JVM, false when it found the instance already running. */
  readonly started: boolean;
}

async function startLocked(
  paths: BrokerPaths,
  portBase: number,
  managed: boolean,
  listener?: PlatformListener,
): Promise<EnsuredBroker> {
  const existing = await liveBroker(paths);
  const stored = await readCredentials(paths.credentialsFile);
  const wanted = listener === undefined ? stored : { mechanism: 'scram-sha-512' as const, ...listener.scram };
  const sameUser = stored !== undefined && wanted?.username === stored.username && wanted.password === stored.password;
  if (existing && stored && sameUser) {
    await waitForListeners(await listenerProbes(existing, stored), readyTimeoutMs, () =>
      isThisBroker(existing.pid, paths),
    );
    // An explicit start keeps a broker that leaseholders share running after the last of them leaves.
    if (existing.managed && !managed) await writeJson(paths.infoFile, { ...existing, managed: false });
    return { info: toInfo(existing, stored), started: false };
  }
  if (existing) await terminate(existing.pid, stopGraceMs); // running without credentials: start over

  const ports = brokerPorts(portBase);
  await assertPortsFree(host, [ports.plaintext, ports.sasl, ports.controller, ports.saslSsl]);
  const java = await requireJava();
  const lock = await readArtifactLock();
  const classpath = (await ensureArtifacts(lock, artifactCacheDir)).join(path.delimiter);
  const tls =
    listener === undefined
      ? await ensureBrokerTls(java, paths.tlsDir)
      : { ...(await brokerTlsFromIssued(paths.tlsDir, listener.issued)), advertisedHost: listener.advertisedHost };
  await mkdir(paths.logDir, { recursive: true });
  await writeFile(paths.serverProperties, serverProperties(ports, paths.dataDir, undefined, tls));
  await writeFile(paths.log4jConfig, log4jProperties(paths.logDir));

  let credentials = sameUser ? stored : undefined;
  if (!credentials || !(await isFormatted(paths))) {
    credentials = wanted ?? generateCredentials();
    await formatStorage(java, classpath, paths, credentials);
    await writeJson(paths.credentialsFile, credentials);
  }

  const pid = await launch(java, classpath, paths);
  const running: RunningBroker = {
    version: lock.kafkaVersion,
    pid,
    plaintext: `${host}:${ports.plaintext}`,
    sasl: `${host}:${ports.sasl}`,
    saslSsl: `${listener?.advertisedHost ?? host}:${ports.saslSsl}`,
    ...(listener === undefined ? {} : { loopbackHost: listener.advertisedHost }),
    caFile: tls.caFile,
    stateDir: paths.stateDir,
    portBase,
    startedAt: new Date().toISOString(),
    managed,
  };
  await writeJson(paths.infoFile, running);
  try {
    await waitForListeners(await listenerProbes(running, credentials), readyTimeoutMs, () => isAlive(pid));
  } catch (error) {
    const tail = await logTail(paths);
    if (await isAlive(pid)) await terminate(pid, 5_000);
    await removeFile(paths.infoFile);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Kafka broker in ${paths.stateDir} did not start: ${reason}${tail}`, { cause: error });
  }
  return { info: toInfo(running, credentials), started: true };
}

/** Starts the instance, or returns the one already running there once both listeners answer. */
export async function startBroker(options: BrokerOptions = {}): Promise<BrokerInfo> {
  return (await ensureBroker(options)).info;
}

/** Like startBroker, and says whether this call is the one that launched it. */
export async function ensureBroker(options: BrokerOptions = {}): Promise<EnsuredBroker> {
  const { paths, portBase } = await prepareInstance(options);
  return withFileLock(paths.lockFile, lockTimeoutMs, () => startLocked(paths, portBase, false, options.listener));
}

export interface BrokerLease extends EnsuredBroker {
  /** Gives the lease back; stops the broker when it was started for leaseholders and none is left. */
  release(): Promise<'stopped' | 'still in use' | 'kept running'>;
}

/**
 * Uses the instance for the life of a caller (a test run, the demo) that shares it with others:
 * starts it when needed, and it stops only when the last user releases it, and only when it was
 * started that way, never one that `npm run kafka -- start` started.
 */
export async function acquireBroker(options: BrokerOptions = {}): Promise<BrokerLease> {
  const { paths, portBase } = await prepareInstance(options);
  const { ensured, leaseId } = await withFileLock(paths.lockFile, lockTimeoutMs, async () => ({
    ensured: await startLocked(paths, portBase, true, options.listener),
    leaseId: await addLease(paths.leaseDir),
  }));
  const release = () =>
    withFileLock(paths.lockFile, lockTimeoutMs, async () => {
      await removeLease(paths.leaseDir, leaseId);
      if ((await liveLeases(paths.leaseDir)).length > 0) return 'still in use' as const;
      const running = await liveBroker(paths);
      if (!running?.managed) return 'kept running' as const;
      await terminate(running.pid, stopGraceMs);
      await removeFile(paths.infoFile);
      return 'stopped' as const;
    });
  return { ...ensured, release };
}

async function prepareInstance(options: BrokerOptions): Promise<{ paths: BrokerPaths; portBase: number }> {
  const paths = brokerPaths(options.stateDir ?? defaultStateDir);
  const portBase = options.portBase ?? defaultPortBase;
  brokerPorts(portBase); // reject a bad port before touching anything
  await mkdir(paths.stateDir, { recursive: true });
  return { paths, portBase };
}

/** The ports of an instance on `portBase` that something already listens on; empty when it could start there. */
export async function takenBrokerPorts(portBase: number): Promise<number[]> {
  const ports = Object.values(brokerPorts(portBase));
  const free = await Promise.all(ports.map((port) => isPortFree(host, port)));
  return ports.filter((_, index) => free[index] === false);
}

/**
 * The first port base from `from` upward, in steps of 100, whose broker ports are all free: for an instance that
 * must start beside whatever holds the default ports. Bases stay below Linux's ephemeral range (32768 and up),
 * where client connections could take a port between this check and the broker's bind.
 */
export async function freePortBase(from = 20092): Promise<number> {
  for (let base = from; base + portsPerBroker <= 32768; base += 100) {
    if ((await takenBrokerPorts(base)).length === 0) return base;
  }
  throw new Error(`no free ports for a Kafka broker from ${from} to 32767`);
}

/** Stops the instance (SIGTERM, SIGKILL after 30 s); resolves once no broker process is left. */
export async function stopBroker(options: BrokerOptions = {}): Promise<'stopped' | 'not running'> {
  const paths = brokerPaths(options.stateDir ?? defaultStateDir);
  await mkdir(paths.stateDir, { recursive: true });
  return withFileLock(paths.lockFile, lockTimeoutMs, async () => {
    const running = await liveBroker(paths);
    if (!running) return 'not running';
    await terminate(running.pid, stopGraceMs);
    await removeFile(paths.infoFile);
    return 'stopped';
  });
}

/** The running instance, or undefined when none runs there (a stale pid file is cleared). */
export async function brokerStatus(options: BrokerOptions = {}): Promise<BrokerInfo | undefined> {
  const paths = brokerPaths(options.stateDir ?? defaultStateDir);
  const running = await liveBroker(paths);
  const credentials = await readCredentials(paths.credentialsFile);
  return running && credentials ? toInfo(running, credentials) : undefined;
}
