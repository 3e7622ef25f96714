import type * as pulumi from '@pulumi/pulumi';
import { ArgoCd } from '../infra/platform/argocd/argocd';
import { CertManager } from '../infra/platform/cert-manager/cert-manager';
import { Istio } from '../infra/platform/istio/istio';
import { StrictMtls } from '../infra/platform/istio/strict-mtls';
import { Kafka } from '../infra/platform/kafka/kafka';
import { kafkaClients, topicNames, workerConsumerGroup } from '../infra/platform/kafka/kafka-users';
import { Keda } from '../infra/platform/keda/keda';
import { Knative } from '../infra/platform/knative/knative';
import { KServe } from '../infra/platform/kserve/kserve';
import { workerSelector } from '../infra/app/names';
import { Monitoring } from '../infra/platform/monitoring/monitoring';
import type { StackConfig, StackSecrets } from './config';
import { loadStackSecrets } from './config';
import { knativeServingInput, kserveGateways } from './addon-settings';
import type { Foundation } from './foundation';
import { platformNamespaces } from './platform-namespaces';

/** What the platform needs from the foundation: the cluster's provider and the serving namespace. */
export type PlatformFoundation = Pick<Foundation, 'provider' | 'servingNamespace'>;

export { platformNamespaces } from './platform-namespaces';

/** The add-ons this program installs (`addons: install`); absent where the cluster already has them. */
export interface InstalledAddons {
  readonly istio: Istio;
  readonly certManager: CertManager;
  readonly knative: Knative;
  readonly kserve: KServe;
  readonly keda: Keda;
  readonly monitoring: Monitoring;
  /** Present with `delivery: argocd`. */
  readonly argocd?: ArgoCd;
}

/** What the application layer uses from the platform. */
export interface Platform {
  /** Undefined with `addons: existing`. */
  readonly addons?: InstalledAddons;
  readonly kafka: Kafka;
  readonly mtls: StrictMtls;
  /** Namespaces with STRICT mutual TLS, by role. */
  readonly meshNamespaces: Readonly<Record<string, pulumi.Input<string>>>;
  readonly kafkaConnection: {
    readonly namespace: string;
    /** `host:port` of the TLS listener (SCRAM-SHA-512). */
    readonly bootstrapServers: string;
    /** Secret in the serving namespace with the CA certificate (`ca.crt`) of the TLS listener. */
    readonly clusterCaSecretName: string;
    readonly topics: typeof topicNames;
    readonly workerConsumerGroup: string;
    /** Secrets (key `password`, in the serving namespace) of each client's KafkaUser; the user name is the secret name. */
    readonly userSecretNames: { readonly [client in keyof typeof kafkaClients]: string };
  };
  /** Everything application objects must wait for: CRDs, operators and webhooks that admit them. */
  readonly ready: readonly pulumi.Resource[];
}

/**
 * The platform: with `addons: install`, the add-ons in dependency order (Istio and cert-manager;
 * the Knative Operator and a KnativeServing on Istio; KServe after cert-manager and Knative;
 * Strimzi; KEDA; GPU monitoring; Argo CD for GitOps delivery); then, on those or on the add-ons the
 * cluster already has, the platform's own objects: the Kafka cluster, its certificates, topics and
 * users, and STRICT mutual TLS in the serving namespace. Every object goes through the cluster's
 * provider, passed as a resource option to each component.
 */
export function deployPlatform(
  config: StackConfig,
  foundation: PlatformFoundation,
  secrets: StackSecrets = loadStackSecrets(),
): Platform {
  const opts = { providers: [foundation.provider] };
  const meshNamespaces = { serving: foundation.servingNamespace };
  const installed = config.addons === 'install' ? installAddons(config, secrets, opts) : undefined;

  const mtls = new StrictMtls(
    'istio-mtls',
    { namespaces: meshNamespaces, istioReady: installed ? [installed.istio.istiod] : [] },
    opts,
  );
  const kafka = new Kafka(
    'kafka',
    {
      cluster: {
        name: config.kafkaClusterName,
        namespace: config.kafkaNamespace,
        brokers: config.kafkaBrokers,
        replicationFactor: config.kafkaReplicationFactor,
        minInsyncReplicas: config.kafkaMinInsyncReplicas,
        storageSize: config.kafkaStorageSize,
        deleteClaim: config.deleteDataOnDestroy,
      },
      partitions: config.kafkaPartitions,
      clientNamespace: foundation.servingNamespace,
      extraPeerNamespaces: [platformNamespaces.keda],
      certManagerNamespace: platformNamespaces.certManager,
      certManagerReady: installed ? [installed.certManager.release] : [],
      installOperator: installed !== undefined,
      externalClients: kafkaExternalClients(config, secrets),
    },
    opts,
  );
  const addons: InstalledAddons | undefined =
    installed === undefined
      ? undefined
      : {
          ...installed,
          monitoring: new Monitoring(
            'monitoring',
            {
              namespace: platformNamespaces.monitoring,
              maxGpuNodes: config.gpuMaxNodes,
              kafka: { namespace: config.kafkaNamespace, clusterName: config.kafkaClusterName },
              servingNamespace: foundation.servingNamespace,
              workerPodLabels: workerSelector(),
              // The Kafka namespace is created with the Strimzi release.
              kafkaReady: kafka.operator === undefined ? [] : [kafka.operator],
            },
            opts,
          ),
        };

  return {
    ...(addons === undefined ? {} : { addons }),
    kafka,
    mtls,
    meshNamespaces,
    kafkaConnection: {
      namespace: config.kafkaNamespace,
      bootstrapServers: kafka.bootstrapServers,
      clusterCaSecretName: kafka.clientCaSecretName,
      topics: topicNames,
      workerConsumerGroup,
      userSecretNames: {
        worker: kafkaClients.worker.userName,
        producer: kafkaClients.producer.userName,
        consumer: kafkaClients.consumer.userName,
        lagReader: kafkaClients.lagReader.userName,
      },
    },
    ready: [
      ...mtls.peerAuthentications,
      ...kafka.topics,
      ...kafka.users,
      // The CA Secret the worker mounts to verify the brokers.
      ...kafka.certificates,
      ...(addons === undefined
        ? []
        : [
            addons.istio.gateway,
            addons.kserve.controller,
            addons.knative.serving,
            addons.keda.release,
            ...(addons.argocd === undefined ? [] : [addons.argocd.release, addons.argocd.repositorySecret]),
          ]),
    ],
  };
}

/** The add-ons other than Strimzi (installed with the Kafka cluster) and monitoring (which watches it). */
function installAddons(
  config: StackConfig,
  secrets: StackSecrets,
  opts: pulumi.ComponentResourceOptions,
): Omit<InstalledAddons, 'monitoring'> {
  const repository = argocdRepository(config, secrets);
  const replicas = config.platformReplicas;
  const istio = new Istio('istio', { namespace: platformNamespaces.istio, replicas }, opts);
  const certManager = new CertManager('cert-manager', { namespace: platformNamespaces.certManager, replicas }, opts);
  const knative = new Knative(
    'knative',
    {
      operatorNamespace: platformNamespaces.knativeOperator,
      serving: knativeServingInput(config),
      istioReady: [istio.gateway],
    },
    opts,
  );
  const kserve = new KServe(
    'kserve',
    {
      namespace: platformNamespaces.kserve,
      gateways: kserveGateways(),
      certManagerReady: [certManager.release],
      knativeReady: [knative.serving],
    },
    opts,
  );
  const keda = new Keda('keda', { namespace: platformNamespaces.keda, replicas }, opts);
  const argocd =
    repository === undefined
      ? undefined
      : new ArgoCd(
          'argocd',
          {
            namespace: platformNamespaces.argocd,
            replicas,
            repositoryUrl: repository.url,
            repositoryUsername: 'git',
            gitToken: repository.token,
          },
          opts,
        );
  return { istio, certManager, knative, kserve, keda, ...(argocd === undefined ? {} : { argocd }) };
}

/**
 * Producers and consumers outside the serving namespace, with `kafkaClientNamespaces`; undefined otherwise. Fails
 * before anything is created when a password they need is missing.
 */
export function kafkaExternalClients(
  config: StackConfig,
  secrets: StackSecrets,
):
  | {
      readonly namespaces: readonly string[];
      readonly passwords: Record<'producer' | 'consumer', pulumi.Output<string>>;
    }
  | undefined {
  if (config.kafkaClientNamespaces.length === 0) return undefined;
  const { kafkaProducerPassword: producer, kafkaConsumerPassword: consumer } = secrets;
  if (producer === undefined || consumer === undefined) {
    const missing = [
      producer === undefined ? 'kafkaProducerPassword' : [],
      consumer === undefined ? 'kafkaConsumerPassword' : [],
    ].flat();
    throw new Error(
      `Stack "${config.stack}" gives Kafka credentials to ${config.kafkaClientNamespaces.join(', ')} (kafkaClientNamespaces): ` +
        `set ${missing.map((key) => `the secret category-match:${key} (pulumi config set --secret ${key} <password>)`).join(' and ')}`,
    );
  }
  return { namespaces: config.kafkaClientNamespaces, passwords: { producer, consumer } };
}

/**
 * The private repository Argo CD syncs from, with `delivery: argocd`; undefined otherwise. Fails
 * before anything is created when the URL or the token is missing.
 */
export function argocdRepository(
  config: StackConfig,
  secrets: StackSecrets,
): { readonly url: string; readonly token: pulumi.Output<string> } | undefined {
  if (config.delivery !== 'argocd') return undefined;
  const { gitToken } = secrets;
  if (gitToken === undefined) {
    throw new Error(
      `Stack "${config.stack}" delivers with Argo CD: set the secret category-match:gitToken (pulumi config set --secret gitToken <token>)`,
    );
  }
  return { url: config.gitRepoUrl, token: gitToken };
}
