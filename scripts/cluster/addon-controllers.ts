/**
 * The add-ons' real controllers as host processes beside the local API server: cert-manager, Knative
 * Serving (webhook and controller), KServe and KEDA, from the toolchain, with their webhooks
 * registered on loopback and their configuration from the platform's own values (`addon-config.ts`).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { anyFreePort, isAlive, launchDetached, waitForExit } from '@category-match/kafka-harness';
import { platformNamespaces } from '../../stacks/platform-namespaces';
import {
  defaultSettingsStack,
  hostsWithKafkaNames,
  knativeConfigMaps,
  knativeWebhookConfigurations,
  type KubernetesObject,
  renderKServeChart,
} from './addon-config';
import { kubectl } from './kubectl';
import { logTail } from './log-tail';
import { isWebhookConfiguration, loopbackServingCertificate, pointedAt } from './webhooks';

const host = '127.0.0.1';
const healthyTimeoutMs = 90_000;

export const addonControllerNames = [
  'cert-manager',
  'knative-webhook',
  'knative-controller',
  'kserve',
  'keda',
] as const;
export type AddonControllerName = (typeof addonControllerNames)[number];

export const runningControllerSchema = z.object({
  name: z.enum(addonControllerNames),
  pid: z.number(),
  /** Answers 2xx while the controller is healthy (any answer for Knative's webhook, which serves TLS only). */
  health: z.string(),
});
export type RunningController = z.infer<typeof runningControllerSchema>;

interface Launch {
  readonly name: AddonControllerName;
  readonly binary: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly health: string;
}

export interface ControllerContext {
  readonly bin: string;
  readonly kubeconfig: string;
  readonly stateDir: string;
  /** The stack whose add-on settings configure the controllers (Knative's autoscaler defaults). */
  readonly settingsStack?: string;
  readonly log: (name: string) => string;
}

/** Answers whether `url` responds: 2xx, or for `anyAnswer` any HTTP status (a TLS endpoint without a probe). */
function probe(url: string, anyAnswer = false): Promise<boolean> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    // A liveness probe of a loopback process: it does not authenticate the server.
    const req = request(url, { rejectUnauthorized: false, timeout: 2_000 }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(anyAnswer || (status >= 200 && status < 300));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export function isHealthy(controller: RunningController): Promise<boolean> {
  return probe(controller.health, controller.name === 'knative-webhook');
}

async function apply(context: ControllerContext, objects: readonly KubernetesObject[]): Promise<void> {
  await kubectl(
    context.bin,
    context.kubeconfig,
    ['apply', '--server-side', '--force-conflicts', '--field-manager=category-match-cluster', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
}

interface Plan {
  readonly launches: readonly Launch[];
  /** Loopback ports the API server calls the webhooks on. */
  readonly webhookPorts: { readonly kserve: number; readonly knative: number };
}

async function plan(context: ControllerContext, kserveCertDir: string): Promise<Plan> {
  const { bin, kubeconfig, stateDir } = context;
  const port = () => anyFreePort(host);
  const knativeEnv = async () => ({
    SYSTEM_NAMESPACE: platformNamespaces.knativeServing,
    METRICS_PROMETHEUS_HOST: host,
    METRICS_PROMETHEUS_PORT: String(await port()),
    PROFILING_PORT: String(await port()),
  });
  const [certManagerMetrics, certManagerHealth, knativeWebhook, knativeProbes] = [
    await port(),
    await port(),
    await port(),
    await port(),
  ];
  // Its health server has no flag: a configuration file moves it off 0.0.0.0:9403.
  const certManagerConfig = path.join(stateDir, 'cert-manager.yaml');
  await writeFile(
    certManagerConfig,
    [
      'apiVersion: controller.config.cert-manager.io/v1alpha1',
      'kind: ControllerConfiguration',
      `healthzListenAddress: ${host}:${certManagerHealth}`,
      '',
    ].join('\n'),
  );
  const [kserveMetrics, kserveProbes, kserveWebhook] = [await port(), await port(), await port()];
  const [kedaMetrics, kedaProbes, kedaMetricsService] = [await port(), await port(), await port()];
  const launches: Launch[] = [
    {
      name: 'cert-manager',
      binary: path.join(bin, 'cert-manager-controller'),
      args: [
        `--kubeconfig=${kubeconfig}`,
        `--config=${certManagerConfig}`,
        // The chart's default: the release namespace holds what ClusterIssuers own (the Kafka CA's key).
        `--cluster-resource-namespace=${platformNamespaces.certManager}`,
        '--leader-elect=false',
        `--metrics-listen-address=${host}:${certManagerMetrics}`,
      ],
      env: {},
      health: `http://${host}:${certManagerHealth}/livez`,
    },
    {
      name: 'knative-webhook',
      binary: path.join(bin, 'knative-webhook'),
      args: [`--kubeconfig=${kubeconfig}`],
      // Named `localhost`, the webhook makes its own certificate for that name in Secret webhook-certs.
      env: { ...(await knativeEnv()), WEBHOOK_NAME: 'localhost', WEBHOOK_PORT: String(knativeWebhook) },
      health: `https://localhost:${knativeWebhook}/`,
    },
    {
      name: 'knative-controller',
      binary: path.join(bin, 'knative-controller'),
      args: [`--kubeconfig=${kubeconfig}`],
      env: { ...(await knativeEnv()), KNATIVE_HEALTH_PROBES_ADDRESS: `${host}:${knativeProbes}` },
      health: `http://${host}:${knativeProbes}/health`,
    },
    {
      name: 'kserve',
      binary: path.join(bin, 'kserve-manager'),
      args: [
        `--kubeconfig=${kubeconfig}`,
        `--metrics-addr=${host}:${kserveMetrics}`,
        `--health-probe-addr=${host}:${kserveProbes}`,
        `--webhook-port=${kserveWebhook}`,
      ],
      // controller-runtime reads the webhook's certificate from $TMPDIR/k8s-webhook-server/serving-certs.
      env: { POD_NAMESPACE: platformNamespaces.kserve, TMPDIR: kserveCertDir },
      health: `http://${host}:${kserveProbes}/readyz`,
    },
    {
      name: 'keda',
      // KEDA connects to the brokers the ScaledObjects name (in-cluster names): in a mount namespace of its
      // own, its hosts file maps the platform's Kafka names to 127.0.0.1, and nothing else on the machine changes.
      binary: 'unshare',
      args: [
        ...(process.getuid?.() === 0 ? [] : ['--map-root-user']),
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount --bind "$0" /etc/hosts && exec "$@"',
        await kedaHostsFile(stateDir),
        path.join(bin, 'keda-operator'),
        `--kubeconfig=${kubeconfig}`,
        `--metrics-bind-address=${host}:${kedaMetrics}`,
        `--health-probe-bind-address=${host}:${kedaProbes}`,
        `--metrics-service-bind-address=${host}:${kedaMetricsService}`,
        // Its metrics service and admission webhook need certificates; no Service or APIService exists to patch.
        '--enable-cert-rotation',
        `--cert-dir=${path.join(stateDir, 'keda-certs')}`,
        '--enable-webhook-patching=false',
        '--enable-apiservice-patching=false',
      ],
      // WATCH_NAMESPACE empty: every namespace, the chart's default.
      env: {
        POD_NAMESPACE: platformNamespaces.keda,
        KEDA_CLUSTER_OBJECT_NAMESPACE: platformNamespaces.keda,
        WATCH_NAMESPACE: '',
      },
      health: `http://${host}:${kedaProbes}/readyz`,
    },
  ];
  return { launches, webhookPorts: { kserve: kserveWebhook, knative: knativeWebhook } };
}

async function kedaHostsFile(stateDir: string): Promise<string> {
  const file = path.join(stateDir, 'keda-hosts');
  await writeFile(file, hostsWithKafkaNames(await readFile('/etc/hosts', 'utf8').catch(() => '')));
  return file;
}

async function launch(spec: Launch, context: ControllerContext): Promise<number> {
  return launchDetached(spec.binary, spec.args, context.log(spec.name), { ...process.env, ...spec.env });
}

async function waitHealthy(controllers: readonly RunningController[], context: ControllerContext): Promise<void> {
  const deadline = Date.now() + healthyTimeoutMs;
  let waiting: RunningController[] = [...controllers];
  while (waiting.length > 0) {
    for (const controller of waiting) {
      if (!(await isAlive(controller.pid))) {
        throw new Error(`${controller.name} exited at start:\n${await logTail(context.log(controller.name))}`);
      }
    }
    const answers = await Promise.all(waiting.map((controller) => isHealthy(controller)));
    waiting = waiting.filter((_, index) => answers[index] !== true);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      const tails = await Promise.all(
        waiting.map(async (controller) => `--- ${controller.name} ---\n${await logTail(context.log(controller.name))}`),
      );
      throw new Error(`not healthy after ${healthyTimeoutMs / 1000} s:\n${tails.join('\n')}`);
    }
    await sleep(250);
  }
}

/** The CA Knative's webhook wrote into its Secret once it made its certificate. */
async function knativeWebhookCa(context: ControllerContext): Promise<string> {
  const deadline = Date.now() + healthyTimeoutMs;
  for (;;) {
    const encoded = await kubectl(context.bin, context.kubeconfig, [
      'get',
      'secret',
      'webhook-certs',
      '-n',
      platformNamespaces.knativeServing,
      '-o',
      'jsonpath={.data.ca-cert\\.pem}',
    ]).catch(() => '');
    if (encoded !== '') return Buffer.from(encoded, 'base64').toString('utf8');
    if (Date.now() > deadline)
      throw new Error('Knative webhook wrote no certificate into Secret knative-serving/webhook-certs');
    await sleep(250);
  }
}

/**
 * Configures and starts the five controller processes and registers their webhooks; resolves them
 * once each answers its health probe. The caller stops them (their pids) on failure.
 */
export async function startAddonControllers(
  context: ControllerContext,
  started: (controller: RunningController) => Promise<void>,
): Promise<RunningController[]> {
  const chart = await renderKServeChart(context.bin);
  const kserveConfig = chart.filter(
    (object) => object.kind === 'ConfigMap' || object.kind === 'ClusterStorageContainer',
  );
  const knativeCertSecret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'webhook-certs', namespace: platformNamespaces.knativeServing },
  } as const;
  await apply(context, [
    ...kserveConfig,
    ...knativeConfigMaps(context.bin, context.settingsStack ?? defaultSettingsStack),
    knativeCertSecret,
  ]);

  const kserveCertDir = path.join(context.stateDir, 'kserve');
  const kserveCa = await loopbackServingCertificate(
    path.join(kserveCertDir, 'k8s-webhook-server', 'serving-certs'),
    'kserve-webhook-server',
  );
  await mkdir(path.join(context.stateDir, 'keda-certs'), { recursive: true });
  const { launches, webhookPorts } = await plan(context, kserveCertDir);
  const running: RunningController[] = [];
  for (const spec of launches) {
    if (spec.name === 'keda') {
      // KEDA writes its certificates on its first start and exits on purpose: the second start serves.
      const first = { name: spec.name, pid: await launch(spec, context), health: spec.health };
      await started(first);
      if (!(await waitForExit(first.pid, 30_000))) {
        running.push(first); // its certificates were there already: this start serves
        continue;
      }
    }
    const pid = await launch(spec, context);
    const controller = { name: spec.name, pid, health: spec.health };
    await started(controller);
    running.push(controller);
  }
  await waitHealthy(running, context);

  const knativeCa = await knativeWebhookCa(context);
  await apply(context, [
    ...chart
      .filter(isWebhookConfiguration)
      .map((configuration) => pointedAt(configuration, `https://${host}:${webhookPorts.kserve}`, kserveCa)),
    ...knativeWebhookConfigurations(context.bin).map((configuration) =>
      pointedAt(configuration, `https://localhost:${webhookPorts.knative}`, knativeCa, () =>
        configuration.kind === 'MutatingWebhookConfiguration' ? '/defaulting' : '/resource-validation',
      ),
    ),
  ]);
  return running;
}
