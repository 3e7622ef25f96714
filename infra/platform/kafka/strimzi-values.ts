/** Helm values of the Strimzi operator chart. */
export function strimziOperatorValues<Namespace>(clientNamespace: Namespace): Record<string, unknown> {
  return {
    // Besides its own namespace (the Kafka cluster and topics), the namespace of the clients, where
    // the User Operator keeps KafkaUsers and their Secrets: the operator grants it access there.
    watchNamespaces: [clientNamespace],
    watchAnyNamespace: false,
  };
}
