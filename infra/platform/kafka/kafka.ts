import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { createCustomResource } from '../custom-resource';
import { chartRelease } from '../helm/chart-release';
import { charts } from '../versions';
import type { KafkaClusterInput } from './kafka-cluster';
import { kafkaBootstrapAddress, kafkaCluster, kafkaNodePool, kafkaTopic } from './kafka-cluster';
import {
  clientCaSecretName,
  clientTrustCertificate,
  kafkaCaCertificate,
  kafkaCaIssuer,
  listenerCertificate,
  selfSignedIssuer,
} from './kafka-tls';
import {
  clientCredentialsSecretData,
  externalClient,
  externalClientRoles,
  givenPasswordAuthentication,
  passwordSourceSecretName,
  type ExternalClientRole,
} from './external-clients';
import { kafkaClients, kafkaUser, topicNames } from './kafka-users';
import { strimziOperatorValues } from './strimzi-values';

export interface KafkaArgs {
  /** Name, namespace, size and durability of the cluster. */
  readonly cluster: KafkaClusterInput;
  /** Partitions of each topic. */
  readonly partitions: number;
  /** Namespace of the clients (existing): KafkaUsers, their password Secrets and the CA Secret go there. */
  readonly clientNamespace: pulumi.Input<string>;
  /** Namespaces besides the clients' whose pods may connect to the listener (KEDA's scaler). */
  readonly extraPeerNamespaces: readonly string[];
  /** cert-manager's namespace (where the CA key lives). */
  readonly certManagerNamespace: string;
  /** cert-manager: its CRDs and webhook must be up before certificates are requested. */
  readonly certManagerReady: readonly pulumi.Resource[];
  /**
   * Install Strimzi's operator (its chart creates the Kafka namespace and the CRDs); false where
   * the cluster already runs one that watches the Kafka and client namespaces.
   */
  readonly installOperator: boolean;
  /**
   * Producers and consumers in other namespaces (existing ones): the listener admits them and each gets the CA and
   * the producer's and consumer's credentials, with these passwords (see external-clients.ts).
   */
  readonly externalClients?: {
    readonly namespaces: readonly string[];
    readonly passwords: Readonly<Record<ExternalClientRole, pulumi.Input<string>>>;
  };
}

/** Strimzi's operator, then a KRaft Kafka cluster with its listener certificate, topics and SCRAM users. */
export class Kafka extends pulumi.ComponentResource {
  /** Strimzi's operator, where this component installs it. */
  readonly operator?: k8s.helm.v3.Release;
  readonly certificates: k8s.apiextensions.CustomResource[];
  readonly kafka: k8s.apiextensions.CustomResource;
  readonly nodePool: k8s.apiextensions.CustomResource;
  readonly topics: k8s.apiextensions.CustomResource[];
  readonly users: k8s.apiextensions.CustomResource[];
  /** `host:port` of the TLS listener inside the cluster. */
  readonly bootstrapServers: string;
  /** Secret in the client namespace with the CA certificate (`ca.crt`) of the listener. */
  readonly clientCaSecretName: string;
  /** Per external client namespace: its CA trust certificate and credential Secrets. */
  readonly externalClientObjects: pulumi.Resource[] = [];

  constructor(name: string, args: KafkaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:platform:Kafka', name, {}, opts);
    const { cluster, clientNamespace } = args;
    this.bootstrapServers = kafkaBootstrapAddress(cluster.name, cluster.namespace);
    this.clientCaSecretName = clientCaSecretName(cluster.name);

    if (args.installOperator) {
      this.operator = chartRelease(
        `${name}-operator`,
        {
          releaseName: 'strimzi',
          source: charts.strimziOperator,
          namespace: cluster.namespace,
          ownsNamespace: true,
          values: strimziOperatorValues(clientNamespace),
        },
        { parent: this },
      );
    }
    const operator = this.operator === undefined ? [] : [this.operator];

    const tls = {
      clusterName: cluster.name,
      kafkaNamespace: cluster.namespace,
      clientNamespace,
      certManagerNamespace: args.certManagerNamespace,
    };
    const withCertManager = { parent: this, dependsOn: [...args.certManagerReady] };
    const selfSigned = createCustomResource(`${name}-selfsigned-issuer`, selfSignedIssuer(), withCertManager);
    const ca = createCustomResource(`${name}-ca`, kafkaCaCertificate(tls), {
      ...withCertManager,
      dependsOn: [selfSigned],
    });
    const caIssuer = createCustomResource(`${name}-ca-issuer`, kafkaCaIssuer(), {
      ...withCertManager,
      dependsOn: [ca],
    });
    // The listener certificate goes into the Kafka namespace, which the operator's release creates.
    const listener = createCustomResource(`${name}-listener-certificate`, listenerCertificate(tls), {
      ...withCertManager,
      dependsOn: [caIssuer, ...operator],
    });
    const clientTrust = createCustomResource(`${name}-client-trust`, clientTrustCertificate(tls), {
      ...withCertManager,
      dependsOn: [caIssuer],
    });
    this.certificates = [selfSigned, ca, caIssuer, listener, clientTrust];
    const external = args.externalClients;

    // The operator's chart installs the Kafka CRDs; the cluster objects must wait for them.
    const afterOperator = { parent: this, dependsOn: operator };
    this.nodePool = createCustomResource(`${name}-node-pool`, kafkaNodePool(cluster), afterOperator);
    this.kafka = createCustomResource(
      `${name}-cluster`,
      kafkaCluster(cluster, clientNamespace, [
        clientNamespace,
        ...args.extraPeerNamespaces,
        ...(external?.namespaces ?? []),
      ]),
      {
        ...afterOperator,
        dependsOn: [...operator, listener],
      },
    );
    // Topics and users are reconciled by the cluster's entity operator.
    const afterCluster = { parent: this, dependsOn: [this.kafka, this.nodePool] };
    this.topics = Object.values(topicNames).map((topicName) =>
      createCustomResource(
        `${name}-topic-${topicName}`,
        kafkaTopic(cluster, { topicName, partitions: args.partitions }),
        afterCluster,
      ),
    );
    // A given password lives in a Secret of the serving namespace the KafkaUser reads (created before it).
    const passwordSources = new Map<string, k8s.core.v1.Secret>();
    for (const role of external === undefined ? [] : externalClientRoles) {
      const client = externalClient(role);
      passwordSources.set(
        client.userName,
        new k8s.core.v1.Secret(
          `${name}-password-${client.userName}`,
          {
            metadata: { name: passwordSourceSecretName(client), namespace: clientNamespace },
            stringData: { password: pulumi.secret(external?.passwords[role] ?? '') },
          },
          { parent: this },
        ),
      );
    }
    this.users = Object.values(kafkaClients).map((client) => {
      const source = passwordSources.get(client.userName);
      return createCustomResource(
        `${name}-user-${client.userName}`,
        kafkaUser(
          client,
          { name: cluster.name, namespace: clientNamespace },
          source === undefined ? undefined : givenPasswordAuthentication(client),
        ),
        { ...afterCluster, dependsOn: [this.kafka, this.nodePool, ...(source === undefined ? [] : [source])] },
      );
    });

    for (const namespace of external?.namespaces ?? []) {
      this.externalClientObjects.push(
        createCustomResource(
          `${name}-client-trust-${namespace}`,
          clientTrustCertificate({ ...tls, clientNamespace: namespace }),
          { ...withCertManager, dependsOn: [caIssuer] },
        ),
        ...externalClientRoles.map((role) => {
          const client = externalClient(role);
          return new k8s.core.v1.Secret(
            `${name}-credentials-${namespace}-${client.userName}`,
            {
              metadata: { name: client.userName, namespace },
              stringData: clientCredentialsSecretData(
                client,
                pulumi.secret(external?.passwords[role] ?? ''),
                this.bootstrapServers,
              ),
            },
            { parent: this },
          );
        }),
      );
    }

    this.registerOutputs({ bootstrapServers: this.bootstrapServers, clientCaSecretName: this.clientCaSecretName });
  }
}
