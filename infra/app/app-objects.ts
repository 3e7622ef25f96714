import {
  modelApiAuthorizationPolicies,
  gatewayAuthorizationPolicy,
  modelApiNetworkPolicy,
  transformerServiceAccount,
  workerNetworkPolicy,
} from './access-policies';
import type { AppValues, KubernetesObject } from './app-values';
import { inferenceService } from './inference-service';
import { clusterServingRuntime } from './serving-runtime';
import { workerDeployment, workerPodDisruptionBudget, workerServiceAccount } from './worker';
import { lagReaderSettings, lagReaderTriggerAuthentication, workerScaledObject } from './worker-autoscaling';

/** Every object of the application, in the order they may be applied. */
export function appObjects(values: AppValues): KubernetesObject[] {
  return [
    clusterServingRuntime(values),
    transformerServiceAccount(values),
    workerServiceAccount(values),
    modelApiNetworkPolicy(values),
    workerNetworkPolicy(values),
    ...modelApiAuthorizationPolicies(values),
    gatewayAuthorizationPolicy(values),
    inferenceService(values),
    workerDeployment(values),
    workerPodDisruptionBudget(values),
    lagReaderSettings(values),
    lagReaderTriggerAuthentication(values),
    workerScaledObject(values),
  ];
}
