import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createTopicsAndWait, ensureBroker, isAlive, stopBroker } from '@category-match/kafka-harness';
import { Kafka, logLevel } from '@category-match/worker/kafkajs';
import { kafkaLoopbackNames } from '../../scripts/cluster/addon-config';
import { ensureCluster, type LocalCluster, stopCluster } from '../../scripts/cluster/api-server';
import { kubectl } from '../../scripts/cluster/kubectl';
import { stackAppValues } from '../render';
import { asStored, driftOf } from './drift';
import { engineTestEnvironment } from './environment';
import { liveObject, objectRef } from './live-objects';
import { describeObject, type KubernetesObject, namespacesOf, stackObjects, unverifiableKinds } from './stack-objects';

const run = promisify(execFile);

/** Polls `check` until it resolves a value, or fails with what it last said. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s ${last}`);
    await sleep(500);
  }
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((current, key) => (current as Record<string | number, unknown> | undefined)?.[key], value);

async function openssl(args: readonly string[], input?: string): Promise<string> {
  const child = run('openssl', [...args]);
  if (input !== undefined) child.child.stdin?.end(input);
  return (await child).stdout;
}

describe("the add-ons' real controllers (KServe, Knative Serving, cert-manager, KEDA) reconcile what the platform declares", () => {
  const { bin } = engineTestEnvironment();
  let stateDir = '';
  let cluster: LocalCluster | undefined;
  const kubeconfig = () => cluster?.kubeconfig ?? '';
  const get = async (args: readonly string[]): Promise<Json> =>
    JSON.parse(await kubectl(bin, kubeconfig(), [...args, '-o', 'json'])) as Json;
  const list = async (args: readonly string[]): Promise<Json[]> =>
    ((await get(args))['items'] as Json[] | undefined) ?? [];
  /** Waits until cert-manager has issued a declared Certificate. */
  const untilIssued = async (certificate: KubernetesObject): Promise<void> => {
    const ref = objectRef(certificate);
    await kubectl(bin, kubeconfig(), [
      'wait',
      '--for=condition=Ready',
      '--timeout=90s',
      'certificate',
      ref.name,
      '-n',
      ref.namespace ?? '',
    ]);
  };

  describe.each(['dev', 'ops'] as const)('the %s stack', (stack) => {
    const values = stackAppValues(stack);
    const modelNamespace = values.namespace;
    let objects: { created: KubernetesObject[]; rendered: KubernetesObject[] } = { created: [], rendered: [] };
    const applied = () =>
      [...objects.created, ...objects.rendered].filter((object) => !unverifiableKinds.has(String(object['kind'])));

    beforeAll(async () => {
      // A fresh cluster per stack, as each stack has its own: the stacks share object names.
      stateDir = await mkdtemp(path.join(os.tmpdir(), `category-match-controllers-${stack}-`));
      cluster = (await ensureCluster({ stateDir, settingsStack: stack })).cluster;
      objects = await stackObjects(stack);
    }, 600_000);
    afterAll(async () => {
      await stopCluster({ stateDir });
    }, 120_000);

    it('runs the five controller processes, each healthy, with their webhooks registered on loopback', async () => {
      expect(cluster?.controllers.map((controller) => controller.name).sort()).toEqual(
        ['cert-manager', 'keda', 'knative-controller', 'knative-webhook', 'kserve'].sort(),
      );
      const mutating = await list(['get', 'mutatingwebhookconfigurations']);
      const urls = mutating.flatMap((configuration) =>
        ((configuration['webhooks'] as Json[] | undefined) ?? []).map((webhook) =>
          String(at(webhook, 'clientConfig', 'url')),
        ),
      );
      expect(urls).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/mutate-serving-kserve-io-v1beta1-inferenceservice$/),
          expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/mutate-pods$/),
          expect.stringMatching(/^https:\/\/localhost:\d+\/defaulting$/),
        ]),
      );
    });

    it('every object is admitted by the real webhooks: Pulumi creates them, Argo CD applies the rendered ones', async () => {
      const apply = (items: readonly KubernetesObject[], manager: string) =>
        kubectl(
          bin,
          kubeconfig(),
          ['apply', '--server-side', '--force-conflicts', `--field-manager=${manager}`, '-f', '-'],
          JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
        );
      await apply(namespacesOf(applied()), 'pulumi-kubernetes');
      const withoutNamespaces = (items: readonly KubernetesObject[]) =>
        items.filter((object) => object['kind'] !== 'Namespace' && !unverifiableKinds.has(String(object['kind'])));
      await apply(withoutNamespaces(objects.created), 'pulumi-kubernetes');
      await apply(withoutNamespaces(objects.rendered), 'argocd-controller');
      expect(applied().map(describeObject)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^InferenceService /)]),
      );
    }, 300_000);

    it("KServe's validating webhook refuses what no schema can: an unknown autoscaler class", async () => {
      const isvc = applied().find((object) => object['kind'] === 'InferenceService');
      if (isvc === undefined) throw new Error(`${stack} declares no InferenceService`);
      const bad = structuredClone(isvc) as { metadata: { annotations: Record<string, string> } };
      bad.metadata.annotations['serving.kserve.io/autoscalerClass'] = 'bogus';
      await expect(
        kubectl(bin, kubeconfig(), ['apply', '--server-side', '--dry-run=server', '-f', '-'], JSON.stringify(bad)),
      ).rejects.toThrow(
        /admission webhook "inferenceservice\.kserve-webhook-server\.validator" denied the request: .*\[bogus\] is not a supported autoscaler class type/,
      );
    }, 60_000);

    it('no drift: after admission and reconcile, each object reads back equal to its declaration on every field it sets', async () => {
      // Reconciled first: KServe has made the Knative Services (and written what it writes) by then.
      await until('the InferenceService reconciled', async () => {
        const isvc = await get(['get', 'inferenceservice', values.model.name, '-n', modelNamespace]);
        return at(isvc, 'status', 'observedGeneration') === undefined &&
          ((at(isvc, 'status', 'conditions') as unknown[] | undefined) ?? []).length === 0
          ? undefined
          : isvc;
      });
      const drift: string[] = [];
      for (const object of applied()) {
        const live = await liveObject(bin, kubeconfig(), objectRef(object));
        for (const line of driftOf(asStored(object), live)) drift.push(`${describeObject(object)} ${line}`);
      }
      expect(drift).toEqual([]);
    }, 300_000);

    it("the InferenceService becomes Knative Services with the stack's autoscaling, concurrency and timeout", async () => {
      const { modelApi } = values;
      for (const component of ['predictor', 'transformer']) {
        const ksvc = await until(`Knative Service ${values.model.name}-${component}`, () =>
          get(['get', 'ksvc', `${values.model.name}-${component}`, '-n', modelNamespace]),
        );
        const template = at(ksvc, 'spec', 'template');
        expect({ component, annotations: at(template, 'metadata', 'annotations') }).toMatchObject({
          component,
          annotations: {
            'autoscaling.knative.dev/min-scale': String(modelApi.minReplicas),
            'autoscaling.knative.dev/max-scale': String(modelApi.maxReplicas),
            'autoscaling.knative.dev/metric': modelApi.scaleMetric,
            'autoscaling.knative.dev/target': String(modelApi.scaleTarget),
          },
        });
        expect({ component, spec: at(template, 'spec') }).toMatchObject({
          component,
          spec: { containerConcurrency: modelApi.containerConcurrency, timeoutSeconds: modelApi.timeoutSeconds },
        });
      }
      if (stack === 'dev') expect([modelApi.minReplicas, modelApi.maxReplicas]).toEqual([0, 1]);
    }, 180_000);

    it("Knative's webhook refuses what no schema can: a negative minimum scale", async () => {
      const ksvc = await get(['get', 'ksvc', `${values.model.name}-predictor`, '-n', modelNamespace]);
      const bad = {
        apiVersion: ksvc['apiVersion'],
        kind: ksvc['kind'],
        metadata: { name: 'negative-scale', namespace: modelNamespace },
        spec: {
          template: {
            metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '-1' } },
            spec: at(ksvc, 'spec', 'template', 'spec'),
          },
        },
      };
      await expect(
        kubectl(bin, kubeconfig(), ['create', '--dry-run=server', '-f', '-'], JSON.stringify(bad)),
      ).rejects.toThrow(
        /admission webhook "validation\.webhook\.serving\.knative\.dev" denied the request: .*min-scale/,
      );
    }, 60_000);

    it("the predictor's pods carry the model store's mount: the storage initializer for gs://, the claim for pvc://", async () => {
      const pod = await until(
        'a predictor pod',
        async () =>
          (
            await list([
              'get',
              'pods',
              '-n',
              modelNamespace,
              '-l',
              `serving.kserve.io/inferenceservice=${values.model.name},component=predictor`,
            ])
          )[0],
        120_000,
      );
      const storageUri = values.model.storageUri;
      const initContainers = (at(pod, 'spec', 'initContainers') as Json[] | undefined) ?? [];
      const volumes = (at(pod, 'spec', 'volumes') as Json[] | undefined) ?? [];
      if (storageUri.startsWith('gs://')) {
        expect(initContainers).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: 'storage-initializer', args: [storageUri, '/mnt/models'] }),
          ]),
        );
      } else {
        const match = /^pvc:\/\/([^/]+)\//.exec(storageUri);
        expect(match).not.toBeNull();
        expect(volumes).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ persistentVolumeClaim: expect.objectContaining({ claimName: match?.[1] }) }),
          ]),
        );
        expect(initContainers.map((container) => container['name'])).not.toContain('storage-initializer');
      }
    }, 180_000);

    it("cert-manager issues the Kafka CA, the listener certificate and the client namespaces' CA copies", async () => {
      const certificates = applied().filter((object) => object['kind'] === 'Certificate');
      expect(certificates.length).toBeGreaterThanOrEqual(3);
      for (const certificate of certificates) await untilIssued(certificate);
      const secretOf = async (certificate: KubernetesObject) => {
        const secret = await get([
          'get',
          'secret',
          String(at(certificate, 'spec', 'secretName')),
          '-n',
          objectRef(certificate).namespace ?? '',
        ]);
        const data = (secret['data'] ?? {}) as Record<string, string>;
        return (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
      };
      const ca = certificates.find((certificate) => at(certificate, 'spec', 'isCA') === true);
      const listener = certificates.find((certificate) => at(certificate, 'spec', 'dnsNames') !== undefined);
      if (ca === undefined || listener === undefined)
        throw new Error(`${stack} declares no Kafka CA or listener certificate`);
      const caPem = (await secretOf(ca))('tls.crt');
      expect(await openssl(['x509', '-noout', '-text'], caPem)).toMatch(/CA:TRUE/);

      const listenerSecret = await secretOf(listener);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-tls-'));
      try {
        await writeFile(path.join(dir, 'ca.pem'), caPem);
        await writeFile(path.join(dir, 'listener.pem'), listenerSecret('tls.crt'));
        expect(await openssl(['verify', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'listener.pem')])).toMatch(
          /: OK/,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const sans = (await openssl(['x509', '-noout', '-ext', 'subjectAltName'], listenerSecret('tls.crt')))
        .split('\n')
        .slice(1)
        .join(',')
        .split(',')
        .map((entry) => entry.trim().replace(/^DNS:/, ''))
        .filter((entry) => entry !== '');
      expect(sans.sort()).toEqual([...(at(listener, 'spec', 'dnsNames') as string[])].sort());
      // Strimzi takes a listener key in PKCS#8 only.
      const key = listenerSecret('tls.key');
      expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(await openssl(['pkey', '-noout', '-text'], key)).toMatch(/Private-Key: \(2048 bit/);

      const copies = certificates.filter((certificate) => certificate !== ca && certificate !== listener);
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) expect((await secretOf(copy))('ca.crt')).toBe(caPem);
    }, 300_000);

    it("KEDA turns the worker's ScaledObject into an HPA with the stack's bounds and lag threshold, against a broker speaking the platform's listener", async () => {
      const { kafka, worker } = values;
      const scaledObject = applied().find((object) => object['kind'] === 'ScaledObject');
      const listener = applied().find(
        (object) => object['kind'] === 'Certificate' && at(object, 'spec', 'dnsNames') !== undefined,
      );
      if (scaledObject === undefined || listener === undefined)
        throw new Error(`${stack} declares no ScaledObject or listener`);
      const listenerRef = objectRef(listener);
      await untilIssued(listener);
      const issued = (await get([
        'get',
        'secret',
        String(at(listener, 'spec', 'secretName')),
        '-n',
        listenerRef.namespace ?? '',
      ])) as {
        data: Record<string, string>;
      };
      const pem = (key: string) => Buffer.from(issued.data[key] ?? '', 'base64').toString('utf8');
      // Strimzi's User Operator writes each KafkaUser's SCRAM password into a Secret of its name: the lag
      // reader's (KEDA authenticates with it) and those the worker's containers read (KEDA resolves them first).
      const password = randomBytes(18).toString('base64url');
      const target = applied().find(
        (object) =>
          object['kind'] === 'Deployment' &&
          objectRef(object).name === at(scaledObject, 'spec', 'scaleTargetRef', 'name'),
      );
      const containers = (at(target, 'spec', 'template', 'spec', 'containers') as Json[] | undefined) ?? [];
      const secrets = new Map<string, Record<string, string>>([[kafka.lagReaderUser, { password }]]);
      for (const env of containers.flatMap((container) => (container['env'] as Json[] | undefined) ?? [])) {
        const ref = at(env, 'valueFrom', 'secretKeyRef') as { name: string; key: string } | undefined;
        if (ref !== undefined && ref.name !== kafka.lagReaderUser) {
          secrets.set(ref.name, { ...secrets.get(ref.name), [ref.key]: randomBytes(18).toString('base64url') });
        }
      }
      const userSecrets = [...secrets].map(([name, stringData]) => ({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, namespace: modelNamespace },
        stringData,
      }));
      await kubectl(
        bin,
        kubeconfig(),
        ['apply', '--server-side', '--field-manager=strimzi-user-operator', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: userSecrets }),
      );

      // The broker listens where the ScaledObject looks: the TLS listener's port, under the names KEDA resolves to 127.0.0.1.
      const port = Number(/:(\d+)$/.exec(kafka.bootstrap)?.[1]);
      const brokerDir = await mkdtemp(path.join(os.tmpdir(), 'category-match-keda-broker-'));
      try {
        const broker = (
          await ensureBroker({
            stateDir: brokerDir,
            portBase: port - 3,
            listener: {
              issued: { certificateChain: pem('tls.crt'), privateKey: pem('tls.key'), caCertificate: pem('ca.crt') },
              advertisedHost: kafkaLoopbackNames(stack).broker,
              scram: { username: kafka.lagReaderUser, password },
            },
          })
        ).info;
        const admin = new Kafka({ brokers: [broker.plaintext], logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        try {
          await createTopicsAndWait(admin, [{ topic: kafka.inputTopic, numPartitions: kafka.partitions }]);
        } finally {
          await admin.disconnect();
        }
        // KEDA backs off after the first attempt (no broker then): the same declaration, created again.
        const ref = objectRef(scaledObject);
        await kubectl(bin, kubeconfig(), [
          'delete',
          'scaledobject',
          ref.name,
          '-n',
          ref.namespace ?? '',
          '--wait=true',
        ]);
        await kubectl(
          bin,
          kubeconfig(),
          ['apply', '--server-side', '--field-manager=pulumi-kubernetes', '-f', '-'],
          JSON.stringify(scaledObject),
        );
        const hpa = await until(
          'the HPA KEDA makes',
          async () =>
            (await list(['get', 'hpa', '-n', modelNamespace])).find(
              (item) => at(item, 'metadata', 'name') === `keda-hpa-${ref.name}`,
            ),
          120_000,
        ).catch(async (error: unknown) => {
          // What KEDA said about it: the ScaledObject's conditions and the operator's last words.
          const live = await get(['get', 'scaledobject', ref.name, '-n', ref.namespace ?? '']).catch(() => ({}));
          const log = (await readFile(path.join(stateDir, 'keda.log'), 'utf8').catch(() => '')).split('\n');
          throw new Error(
            `${String(error)}\nconditions: ${JSON.stringify(at(live, 'status', 'conditions'))}\n${log.slice(-15).join('\n')}`,
          );
        });
        expect(at(hpa, 'spec', 'maxReplicas')).toBe(worker.maxReplicas);
        // An HPA cannot hold zero replicas: KEDA itself scales to zero and keeps the HPA at one.
        expect(at(hpa, 'spec', 'minReplicas')).toBe(Math.max(worker.minReplicas, 1));
        expect(at(hpa, 'spec', 'scaleTargetRef')).toMatchObject({
          kind: 'Deployment',
          name: at(scaledObject, 'spec', 'scaleTargetRef', 'name'),
        });
        expect(at(hpa, 'spec', 'metrics', 0, 'external', 'target')).toMatchObject({
          type: 'AverageValue',
          averageValue: String(worker.lagThreshold),
        });
        expect(at(hpa, 'spec', 'behavior', 'scaleDown')).toMatchObject(
          at(scaledObject, 'spec', 'advanced', 'horizontalPodAutoscalerConfig', 'behavior', 'scaleDown') as Json,
        );
        const ready = await until('the ScaledObject ready', async () => {
          const live = await get(['get', 'scaledobject', ref.name, '-n', ref.namespace ?? '']);
          const conditions = (at(live, 'status', 'conditions') as Json[] | undefined) ?? [];
          return conditions.find((condition) => condition['type'] === 'Ready' && condition['status'] === 'True');
        });
        expect(ready).toBeDefined();
      } finally {
        await stopBroker({ stateDir: brokerDir });
        await rm(brokerDir, { recursive: true, force: true });
      }
    }, 300_000);

    it('stop leaves none of its processes running', async () => {
      const pids = [
        ...(cluster?.controllers.map((controller) => controller.pid) ?? []),
        ...Object.values(cluster?.pids ?? {}),
      ];
      expect(pids.length).toBeGreaterThan(5);
      await stopCluster({ stateDir });
      const alive: string[] = [];
      for (const pid of pids) {
        // Which process, and in what state, where one is left: its command line and /proc status line.
        if (await isAlive(pid)) {
          const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
          const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
          alive.push(`${pid}: ${cmdline.split('\0').join(' ').slice(0, 300)} [${stat.slice(0, 80)}]`);
        }
      }
      expect(alive).toEqual([]);
    }, 120_000);
  });
});
