import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { z } from 'zod';
import {
  anyFreePort,
  commandLine,
  isAlive,
  launchDetached,
  terminate,
  withFileLock,
} from '@category-match/kafka-harness';
import { type RunningController, runningControllerSchema, startAddonControllers } from './addon-controllers';
import { installAddonStandIns } from './addons';
import { logTail } from './log-tail';
import { toolchainBin } from './toolchain';

const host = '127.0.0.1';
const repoRoot = path.resolve(__dirname, '..', '..');
export const defaultStateDir = path.join(repoRoot, '.cluster', 'default');
const readyTimeoutMs = 90_000;
const stopGraceMs = 15_000;

const runningSchema = z.object({
  pids: z.object({ etcd: z.number(), apiServer: z.number(), controllerManager: z.number() }),
  /** The add-ons' controllers; empty for a bare API server (`--no-controllers`). */
  controllers: z.array(runningControllerSchema).default([]),
  server: z.string(),
  kubeconfig: z.string(),
  stateDir: z.string(),
  startedAt: z.string(),
});
/** What a running instance records in `<stateDir>/cluster.json`. */
export type LocalCluster = z.infer<typeof runningSchema>;

export interface ClusterOptions {
  /** Where data, keys, logs and the kubeconfig live; default `<repo>/.cluster/default`. */
  readonly stateDir?: string;
  /** Run the add-ons' controllers (KServe, Knative Serving, cert-manager, KEDA); default true. */
  readonly controllers?: boolean;
  /** The stack whose add-on settings configure the controllers; default dev. */
  readonly settingsStack?: string;
}

function pathsOf(stateDir: string) {
  return {
    stateDir,
    info: path.join(stateDir, 'cluster.json'),
    lock: path.join(stateDir, '.lock'),
    etcdData: path.join(stateDir, 'etcd'),
    certs: path.join(stateDir, 'certs'),
    tokens: path.join(stateDir, 'tokens.csv'),
    serviceAccountKey: path.join(stateDir, 'service-account.key'),
    serviceAccountPub: path.join(stateDir, 'service-account.pub'),
    kubeconfig: path.join(stateDir, 'kubeconfig'),
    log: (name: string) => path.join(stateDir, `${name}.log`),
  };
}
type Paths = ReturnType<typeof pathsOf>;

/** GET a path of the API server with the admin token; resolves the status code and body. */
function getFromServer(
  cluster: Pick<LocalCluster, 'server'>,
  ca: string,
  token: string,
  urlPath: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cluster.server}${urlPath}`, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
    req.end();
  });
}

async function waitReady(paths: Paths, server: string, token: string, pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    for (const pid of pids) if (!(await isAlive(pid))) throw new Error(`process ${pid} exited`);
    const ca = await readFile(path.join(paths.certs, 'apiserver.crt'), 'utf8').catch(() => undefined);
    if (ca !== undefined) {
      try {
        const answer = await getFromServer({ server }, ca, token, '/readyz');
        if (answer.status === 200) return;
        last = `/readyz answered ${answer.status}: ${answer.body.slice(0, 300)}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
    }
    await sleep(250);
  }
  throw new Error(`kube-apiserver not ready after ${readyTimeoutMs / 1000} s (${last})`);
}

function kubeconfig(server: string, ca: string, token: string): string {
  const name = 'category-match-local';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
    users: [{ name: 'admin', user: { token } }],
    contexts: [{ name, context: { cluster: name, user: 'admin' } }],
    'current-context': name,
  });
}

/** The instance `<stateDir>/cluster.json` records, whether or not its processes still run. */
async function readRecorded(paths: Paths): Promise<LocalCluster | undefined> {
  const text = await readFile(paths.info, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = runningSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a torn file: treated as absent and rewritten
  }
}

/** Is `pid` one of this instance's processes (a stale record may name pids that now belong to others)? */
async function isOurs(pid: number, paths: Paths): Promise<boolean> {
  if (pid <= 0 || !(await isAlive(pid))) return false;
  const args = await commandLine(pid);
  return args === undefined || args.join(' ').includes(paths.stateDir);
}

async function isRunning(recorded: LocalCluster, paths: Paths): Promise<boolean> {
  for (const pid of Object.values(recorded.pids)) if (!(await isOurs(pid, paths))) return false;
  return true;
}

/** The record with the add-on controllers' latest pids: stop finds every process a failed start left. */
async function record(paths: Paths, cluster: LocalCluster): Promise<void> {
  await writeFile(paths.info, JSON.stringify(cluster, null, 2));
}

/** Stops whatever of a recorded instance still runs, and forgets it. */
async function stopProcesses(paths: Paths, recorded: LocalCluster | undefined): Promise<void> {
  if (recorded !== undefined) {
    // Controllers first, etcd last, so nothing writes to a store that is gone.
    // The add-ons' controllers together: each may take its grace period to drain.
    await Promise.all(
      recorded.controllers.map(async ({ pid }) => {
        if (await isOurs(pid, paths)) await terminate(pid, stopGraceMs);
      }),
    );
    for (const pid of [recorded.pids.controllerManager, recorded.pids.apiServer, recorded.pids.etcd]) {
      if (await isOurs(pid, paths)) await terminate(pid, stopGraceMs);
    }
  }
  await rm(paths.info, { force: true });
}

/** Starts the add-on controllers of a running instance, recording each process as it starts. */
async function withControllers(paths: Paths, cluster: LocalCluster, options: ClusterOptions): Promise<LocalCluster> {
  const bin = await toolchainBin();
  const controllers: RunningController[] = [];
  const started = async (controller: RunningController) => {
    controllers.push(controller);
    await record(paths, { ...cluster, controllers });
  };
  const running = await startAddonControllers(
    {
      bin,
      kubeconfig: cluster.kubeconfig,
      stateDir: paths.stateDir,
      log: paths.log,
      ...(options.settingsStack === undefined ? {} : { settingsStack: options.settingsStack }),
    },
    started,
  );
  const withRunning = { ...cluster, controllers: running };
  await record(paths, withRunning);
  return withRunning;
}

async function startLocked(
  paths: Paths,
  options: ClusterOptions,
): Promise<{ cluster: LocalCluster; started: boolean }> {
  const wantsControllers = options.controllers !== false;
  const recorded = await readRecorded(paths);
  if (recorded !== undefined && (await isRunning(recorded, paths))) {
    // A bare instance asked for controllers gets them; one that has them keeps them.
    if (!wantsControllers || recorded.controllers.length > 0) return { cluster: recorded, started: false };
    return { cluster: await withControllers(paths, recorded, options), started: false };
  }
  // A half-started or crashed instance: stop what is left of it and begin again from empty data.
  await stopProcesses(paths, recorded);
  for (const dir of [paths.etcdData, paths.certs]) await rm(dir, { recursive: true, force: true });
  await mkdir(paths.certs, { recursive: true });

  const bin = await toolchainBin();
  const token = randomBytes(24).toString('hex');
  await writeFile(paths.tokens, `${token},admin,admin,system:masters\n`, { mode: 0o600 });
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(paths.serviceAccountKey, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await writeFile(paths.serviceAccountPub, keys.publicKey.export({ type: 'spki', format: 'pem' }));

  const [etcdClient, etcdPeer, apiPort] = [await anyFreePort(host), await anyFreePort(host), await anyFreePort(host)];
  const etcdUrl = `http://${host}:${etcdClient}`;
  const etcd = await launchDetached(
    path.join(bin, 'etcd'),
    [
      `--name=${path.basename(paths.stateDir)}`,
      `--data-dir=${paths.etcdData}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://${host}:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://${host}:${etcdPeer}`,
      `--initial-cluster=${path.basename(paths.stateDir)}=http://${host}:${etcdPeer}`,
      // A throwaway test store: durability across power loss buys nothing and costs every write an fsync.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    paths.log('etcd'),
  );
  const server = `https://${host}:${apiPort}`;
  const apiServer = await launchDetached(
    path.join(bin, 'kube-apiserver'),
    [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=${host}`,
      `--advertise-address=${host}`,
      `--secure-port=${apiPort}`,
      `--cert-dir=${paths.certs}`,
      // No kubelet or kube-proxy here: nothing may reconcile the kubernetes Service's endpoints.
      '--endpoint-reconciler-type=none',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--authorization-mode=RBAC',
      `--token-auth-file=${paths.tokens}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${paths.serviceAccountPub}`,
      `--service-account-signing-key-file=${paths.serviceAccountKey}`,
      '--allow-privileged=true',
    ],
    paths.log('kube-apiserver'),
  );
  const pids = { etcd, apiServer, controllerManager: 0 };
  try {
    await waitReady(paths, server, token, [etcd, apiServer]);
    const ca = await readFile(path.join(paths.certs, 'apiserver.crt'), 'utf8');
    await writeFile(paths.kubeconfig, kubeconfig(server, ca, token), { mode: 0o600 });
    // Deletion with foreground propagation and namespace deletion need the first two; the
    // Deployments Knative makes become pods (which KServe's pod webhook mutates) through the others.
    pids.controllerManager = await launchDetached(
      path.join(bin, 'kube-controller-manager'),
      [
        `--kubeconfig=${paths.kubeconfig}`,
        '--controllers=garbagecollector,namespace,serviceaccount,deployment,replicaset',
        '--leader-elect=false',
        `--bind-address=${host}`,
        '--secure-port=0',
        // Names the instance, so a stale pid is never taken for it.
        `--cert-dir=${paths.certs}`,
      ],
      paths.log('kube-controller-manager'),
    );
    const cluster: LocalCluster = {
      pids,
      controllers: [],
      server,
      kubeconfig: paths.kubeconfig,
      stateDir: paths.stateDir,
      startedAt: new Date().toISOString(),
    };
    await record(paths, cluster);
    await installAddonStandIns(bin, paths.kubeconfig);
    return { cluster: wantsControllers ? await withControllers(paths, cluster, options) : cluster, started: true };
  } catch (error) {
    const tails = await Promise.all(
      ['etcd', 'kube-apiserver', 'kube-controller-manager'].map(
        async (name) => `--- ${name}.log ---\n${await logTail(paths.log(name))}`,
      ),
    );
    const controllers = (await readRecorded(paths))?.controllers ?? [];
    for (const pid of [...controllers.map((controller) => controller.pid), pids.controllerManager, apiServer, etcd])
      if (pid > 0 && (await isAlive(pid))) await terminate(pid, 5_000);
    await rm(paths.info, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`local API server in ${paths.stateDir} did not start: ${reason}\n${tails.join('\n')}`, {
      cause: error,
    });
  }
}

/**
 * Starts etcd, kube-apiserver and kube-controller-manager (garbage collector, namespace, service
 * account, deployment and replica set controllers) on 127.0.0.1, with the add-ons' CRDs installed
 * and, unless `controllers: false`, the add-ons' own controllers; idempotent.
 */
export async function ensureCluster(
  options: ClusterOptions = {},
): Promise<{ cluster: LocalCluster; started: boolean }> {
  const paths = pathsOf(path.resolve(options.stateDir ?? defaultStateDir));
  await mkdir(paths.stateDir, { recursive: true });
  return withFileLock(paths.lock, 600_000, () => startLocked(paths, options));
}

export async function startCluster(options: ClusterOptions = {}): Promise<LocalCluster> {
  return (await ensureCluster(options)).cluster;
}

/** Stops the three processes and deletes the instance's data. */
export async function stopCluster(options: ClusterOptions = {}): Promise<'stopped' | 'not running'> {
  const paths = pathsOf(path.resolve(options.stateDir ?? defaultStateDir));
  await mkdir(paths.stateDir, { recursive: true });
  const stopped = await withFileLock(paths.lock, 60_000, async () => {
    const recorded = await readRecorded(paths);
    const wasRunning = recorded !== undefined && (await isRunning(recorded, paths));
    await stopProcesses(paths, recorded);
    return wasRunning ? ('stopped' as const) : ('not running' as const);
  });
  await rm(paths.stateDir, { recursive: true, force: true });
  return stopped;
}

export async function clusterStatus(options: ClusterOptions = {}): Promise<LocalCluster | undefined> {
  const paths = pathsOf(path.resolve(options.stateDir ?? defaultStateDir));
  const recorded = await readRecorded(paths);
  return recorded !== undefined && (await isRunning(recorded, paths)) ? recorded : undefined;
}
