import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { AppValues, KubernetesObject } from './app-values';
import { appNames, componentLabels, inferenceServiceSelector, principal, workerSelector } from './names';

const namespaceLabel = 'kubernetes.io/metadata.name';

function fromNamespaces(namespaces: readonly string[]) {
  return namespaces.map((namespace) => ({ namespaceSelector: { matchLabels: { [namespaceLabel]: namespace } } }));
}

/** Identity of the transformer, the one caller of the predictor. */
export function transformerServiceAccount(values: AppValues): IServiceAccount & KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: appNames.transformerServiceAccount,
      namespace: values.namespace,
      labels: componentLabels(values, 'model-api'),
    },
    automountServiceAccountToken: false,
  };
}

/**
 * Model API pods accept connections only from the worker, from one another (transformer to
 * predictor), from the Istio gateways and Knative's activator that carry requests while scaling
 * from zero, and from Prometheus.
 */
export function modelApiNetworkPolicy(values: AppValues): INetworkPolicy & KubernetesObject {
  const { istio, knativeServing, monitoring } = values.platformNamespaces;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `${values.model.name}-ingress`,
      namespace: values.namespace,
      labels: componentLabels(values, 'model-api'),
    },
    spec: {
      podSelector: { matchLabels: inferenceServiceSelector(values) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: workerSelector() } },
            { podSelector: { matchLabels: inferenceServiceSelector(values) } },
            ...fromNamespaces([istio, knativeServing, monitoring]),
          ],
        },
      ],
    },
  };
}

/** The worker takes no requests; only Prometheus reaches its metrics port (kubelet probes are not policed). */
export function workerNetworkPolicy(values: AppValues): INetworkPolicy & KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `${appNames.worker}-ingress`,
      namespace: values.namespace,
      labels: componentLabels(values, appNames.worker),
    },
    spec: {
      podSelector: { matchLabels: workerSelector() },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: fromNamespaces([values.platformNamespaces.monitoring]),
          ports: [{ port: appNames.workerMetricsPort, protocol: 'TCP' }],
        },
      ],
    },
  };
}

function modelApiHosts(values: AppValues): string[] {
  // Prefix matches cover `.svc`, `.svc.cluster.local` and an explicit port.
  return ['', '-predictor', '-transformer'].map((suffix) => `${values.model.name}${suffix}.${values.namespace}*`);
}

/**
 * Istio authorization in the serving namespace: the transformer answers the worker (and the
 * gateway and activator that forward its requests); the predictor answers the transformer.
 */
export function modelApiAuthorizationPolicies(values: AppValues): KubernetesObject[] {
  const { istio, knativeServing } = values.platformNamespaces;
  const forwarders = { source: { namespaces: [istio, knativeServing] } };
  const policy = (component: 'transformer' | 'predictor', principals: string[]): KubernetesObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: `${values.model.name}-${component}`,
      namespace: values.namespace,
      labels: componentLabels(values, 'model-api'),
    },
    spec: {
      selector: { matchLabels: { ...inferenceServiceSelector(values), component } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals } }, forwarders] }],
    },
  });
  return [
    policy('transformer', [principal(values.namespace, appNames.worker)]),
    policy('predictor', [principal(values.namespace, appNames.transformerServiceAccount)]),
  ];
}

/**
 * Istio authorization at the gateways: a request for the model API's host names passes only when
 * it comes from the worker or the transformer, so no other workload reaches the model through the
 * gateway that the namespace policies must trust.
 */
export function gatewayAuthorizationPolicy(values: AppValues): KubernetesObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: `${values.namespace}-${values.model.name}-callers`,
      namespace: values.platformNamespaces.istio,
      labels: componentLabels(values, 'model-api'),
    },
    spec: {
      // The gateway pods that serve Knative's cluster-local gateway.
      selector: { matchLabels: { istio: 'ingressgateway' } },
      action: 'DENY',
      rules: [
        {
          from: [
            {
              source: {
                notPrincipals: [
                  principal(values.namespace, appNames.worker),
                  principal(values.namespace, appNames.transformerServiceAccount),
                ],
              },
            },
          ],
          to: [{ operation: { hosts: modelApiHosts(values) } }],
        },
      ],
    },
  };
}
