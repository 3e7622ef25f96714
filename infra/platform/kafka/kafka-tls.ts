/**
 * Certificates of the Kafka TLS listener, issued by cert-manager from a platform CA.
 *
 * Strimzi keeps its own cluster CA in the Kafka namespace only, while the clients (worker, KEDA's
 * scaler) run in the application namespace and need the CA there to verify the brokers. So the
 * client-facing listener presents a certificate from a cert-manager CA instead, and cert-manager
 * also writes that CA (`ca.crt`) into a Secret in the application namespace, named as Strimzi
 * names its CA Secret so clients read `<cluster>-cluster-ca-cert` / `ca.crt` either way.
 */

export interface KafkaTlsInput<ClientNamespace = string> {
  readonly clusterName: string;
  readonly kafkaNamespace: string;
  /** Namespace of the Kafka clients. */
  readonly clientNamespace: ClientNamespace;
  /** cert-manager's own namespace, where a ClusterIssuer's CA key must live. */
  readonly certManagerNamespace: string;
}

const selfSignedIssuerName = 'category-match-selfsigned';
const caIssuerName = 'category-match-kafka-ca';
const caSecretName = 'category-match-kafka-ca';

/** Secret (in the Kafka namespace) with the listener's certificate chain and PKCS#8 key. */
export function listenerCertificateSecretName(clusterName: string): string {
  return `${clusterName}-kafka-listener-tls`;
}

/** Secret in the client namespace holding the CA (`ca.crt`) that signs the listener certificate. */
export function clientCaSecretName(clusterName: string): string {
  return `${clusterName}-cluster-ca-cert`;
}

const issuerRef = (name: string) => ({ name, kind: 'ClusterIssuer', group: 'cert-manager.io' });

/** Bootstrap and per-broker host names clients connect to (Strimzi's service names). */
export function listenerDnsNames(clusterName: string, namespace: string): string[] {
  const bootstrap = `${clusterName}-kafka-bootstrap`;
  const brokers = `${clusterName}-kafka-brokers`;
  return [
    bootstrap,
    `${bootstrap}.${namespace}`,
    `${bootstrap}.${namespace}.svc`,
    `${bootstrap}.${namespace}.svc.cluster.local`,
    `*.${brokers}.${namespace}.svc`,
    `*.${brokers}.${namespace}.svc.cluster.local`,
  ];
}

/** A self-signed issuer that only signs the platform CA below. */
export function selfSignedIssuer() {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: selfSignedIssuerName },
    spec: { selfSigned: {} },
  };
}

/** The Kafka CA certificate (kept in cert-manager's namespace, where a CA ClusterIssuer reads it). */
export function kafkaCaCertificate(input: KafkaTlsInput<unknown>) {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: caSecretName, namespace: input.certManagerNamespace },
    spec: {
      isCA: true,
      commonName: `${input.clusterName} Kafka CA`,
      secretName: caSecretName,
      duration: '87600h',
      privateKey: { algorithm: 'ECDSA', size: 256 },
      issuerRef: issuerRef(selfSignedIssuerName),
    },
  };
}

export function kafkaCaIssuer() {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: caIssuerName },
    spec: { ca: { secretName: caSecretName } },
  };
}

/** The listener's server certificate; Strimzi requires the key in PKCS#8. */
export function listenerCertificate(input: KafkaTlsInput<unknown>) {
  const secretName = listenerCertificateSecretName(input.clusterName);
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: secretName, namespace: input.kafkaNamespace },
    spec: {
      secretName,
      dnsNames: listenerDnsNames(input.clusterName, input.kafkaNamespace),
      usages: ['server auth', 'digital signature', 'key encipherment'],
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      issuerRef: issuerRef(caIssuerName),
    },
  };
}

/**
 * A certificate in the client namespace whose only purpose is the `ca.crt` cert-manager writes
 * beside it: the CA clients trust. Its own key pair is unused (it may not serve or authenticate).
 */
export function clientTrustCertificate<ClientNamespace>(input: KafkaTlsInput<ClientNamespace>) {
  const secretName = clientCaSecretName(input.clusterName);
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: secretName, namespace: input.clientNamespace },
    spec: {
      secretName,
      commonName: `${input.clusterName} Kafka trust`,
      usages: ['digital signature'],
      privateKey: { algorithm: 'ECDSA', size: 256 },
      issuerRef: issuerRef(caIssuerName),
    },
  };
}
