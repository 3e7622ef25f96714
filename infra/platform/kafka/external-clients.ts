import { kafkaClients, type KafkaClient } from './kafka-users';

/**
 * Producers and consumers of other teams run in namespaces of their own. The listener admits those namespaces,
 * and each gets what a client needs to connect in Secrets it can mount: the CA (`<cluster>-cluster-ca-cert`, from
 * cert-manager) and, per user, `<user>` with `username`, `password` and `bootstrap.servers`. The passwords are
 * stack secrets: the User Operator only writes Secrets in the namespace it watches, so a password it generated
 * could not reach another namespace; a given one is read by the KafkaUser (`password.valueFrom`) and copied to
 * each client namespace by the program.
 */
export const externalClientRoles = ['producer', 'consumer'] as const;
export type ExternalClientRole = (typeof externalClientRoles)[number];

export function externalClient(role: ExternalClientRole): KafkaClient {
  return kafkaClients[role];
}

/** The Secret in the serving namespace the KafkaUser reads its given password from (Strimzi writes `<user>` itself). */
export function passwordSourceSecretName(client: KafkaClient): string {
  return `${client.userName}-password`;
}

/** `spec.authentication` of a KafkaUser whose password is given rather than generated. */
export function givenPasswordAuthentication(client: KafkaClient) {
  return {
    type: 'scram-sha-512',
    password: { valueFrom: { secretKeyRef: { name: passwordSourceSecretName(client), key: 'password' } } },
  } as const;
}

/** Everything a client in another namespace reads to connect as `client`: one Secret it can mount or envFrom. */
export function clientCredentialsSecretData<Password>(
  client: KafkaClient,
  password: Password,
  bootstrapServers: string,
): { readonly username: string; readonly password: Password; readonly 'bootstrap.servers': string } {
  return { username: client.userName, password, 'bootstrap.servers': bootstrapServers };
}
