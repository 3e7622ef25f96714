import { acceleratorLabel, gpuResource, gpuToleration } from '../gpu';
import type { AppValues, KubernetesObject } from './app-values';
import { appNames, componentLabels } from './names';
import { modelFormatName } from './serving-runtime';

/** How often Kubernetes asks a model API pod whether it is ready (a cold start waits up to one period more). */
export const readinessProbePeriodSeconds = 5;

const readinessProbe = {
  httpGet: { path: '/v2/health/ready', port: appNames.modelServerPort },
  periodSeconds: readinessProbePeriodSeconds,
  failureThreshold: 3,
};

/**
 * Declared as KServe 0.20's defaulting webhook would store them, so the live object equals what Git and Pulumi
 * declare (no endless Argo CD sync, no `pulumi refresh` drift): the webhook rewrites the deprecated `Serverless` to
 * `Knative` and adds `modelFormat` from the predictor's model format.
 */
const annotations = {
  // Knative: Knative scales the pods on traffic, to zero where minReplicas is 0.
  'serving.kserve.io/deploymentMode': 'Knative',
  modelFormat: modelFormatName,
  'serving.kserve.io/enable-prometheus-scraping': 'true',
};

/**
 * The tokenizer's resources, each one KServe's webhook would otherwise fill from its chart defaults (its CPU limit
 * of one core would cap the tokenizer unasked, and the live object would drift): a burst may use two cores.
 */
const transformerResources = { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } };

/** Where the predictor runs: on the GPU pool (its accelerator label on GKE, its taint tolerated), or anywhere on CPU. */
function predictorPlacement(modelApi: AppValues['modelApi']) {
  if (modelApi.gpus === 0) return {};
  return {
    ...(modelApi.gpuAcceleratorType === undefined
      ? {}
      : { nodeSelector: { [acceleratorLabel]: modelApi.gpuAcceleratorType } }),
    tolerations: [gpuToleration],
  };
}

function predictorResources(gpus: number) {
  if (gpus === 0) return { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } };
  const gpu = { [gpuResource]: String(gpus) };
  return { requests: { cpu: '1', memory: '2Gi', ...gpu }, limits: { memory: '4Gi', ...gpu } };
}

/**
 * The model API: the transformer (our image, role `transformer`, CPU only) tokenizes titles and
 * calls the predictor (our runtime on one GPU) through the v2 protocol.
 */
export function inferenceService(values: AppValues): KubernetesObject {
  const { modelApi } = values;
  const scaling = {
    minReplicas: modelApi.minReplicas,
    maxReplicas: modelApi.maxReplicas,
    scaleMetric: modelApi.scaleMetric,
    scaleTarget: modelApi.scaleTarget,
    containerConcurrency: modelApi.containerConcurrency,
    // A cold start waits for a GPU node, the driver, the image and the model: minutes, not seconds.
    timeout: modelApi.timeoutSeconds,
  };
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: values.model.name,
      namespace: values.namespace,
      labels: { ...componentLabels(values, 'model-api'), 'category-match/model-version': values.model.version },
      annotations,
    },
    spec: {
      predictor: {
        ...scaling,
        canaryTrafficPercent: modelApi.canaryTrafficPercent,
        serviceAccountName: values.model.predictorServiceAccount,
        ...predictorPlacement(modelApi),
        model: {
          modelFormat: { name: modelFormatName },
          runtime: appNames.servingRuntime,
          protocolVersion: 'v2',
          storageUri: values.model.storageUri,
          resources: predictorResources(modelApi.gpus),
          readinessProbe,
        },
      },
      transformer: {
        ...scaling,
        serviceAccountName: appNames.transformerServiceAccount,
        containers: [
          {
            name: appNames.runtimeContainer,
            image: values.images.modelServer,
            args: ['serve', '--role', 'transformer', '--model-dir', '/mnt/models', '--model-name', values.model.name],
            // The transformer needs the tokenizer and labels of the same version as the predictor.
            env: [{ name: 'STORAGE_URI', value: values.model.storageUri }],
            ports: [{ containerPort: appNames.modelServerPort, name: 'http1', protocol: 'TCP' }],
            resources: transformerResources,
            readinessProbe,
            securityContext: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    },
  };
}
