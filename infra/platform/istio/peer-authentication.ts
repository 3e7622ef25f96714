/** Namespace-wide Istio policy that refuses any plain-text connection to the namespace's workloads. */
export function strictPeerAuthentication<Namespace = string>(namespace: Namespace) {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    // `default` is the namespace-wide policy name by Istio's convention.
    metadata: { name: 'default', namespace },
    spec: { mtls: { mode: 'STRICT' } },
  };
}
