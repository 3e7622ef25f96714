import type { AppValues, KubernetesObject } from './app-values';
import { appNames, componentLabels } from './names';

/** The model format our runtime serves and every InferenceService names. */
export const modelFormatName = 'onnx';

/** Arguments of the predictor role; KServe appends `--model_name`, `--http_port` and the protocol itself. */
export function predictorArgs(onGpu: boolean): string[] {
  const args = ['serve', '--role', 'predictor', '--model-dir', '/mnt/models'];
  return onGpu ? [...args, '--execution-provider', 'cuda'] : args;
}

/**
 * Registers our model server with KServe for the `onnx` model format, so an InferenceService
 * names only the format, the runtime and the storage URI, and KServe's storage initializer puts
 * the model version at `/mnt/models`.
 */
export function clusterServingRuntime(values: AppValues): KubernetesObject {
  const onGpu = values.modelApi.gpus > 0;
  return {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'ClusterServingRuntime',
    metadata: { name: appNames.servingRuntime, labels: componentLabels(values, 'model-server') },
    spec: {
      supportedModelFormats: [{ name: modelFormatName, version: '1', autoSelect: true }],
      protocolVersions: ['v2', 'v1'],
      multiModel: false,
      annotations: {
        'prometheus.kserve.io/port': String(appNames.modelServerPort),
        'prometheus.kserve.io/path': '/metrics',
      },
      containers: [
        {
          name: appNames.runtimeContainer,
          // On the GPU pool the predictor needs the image with onnxruntime's CUDA provider.
          image: onGpu ? values.images.modelServerCuda : values.images.modelServer,
          args: predictorArgs(onGpu),
          ports: [{ containerPort: appNames.modelServerPort, name: 'http1', protocol: 'TCP' }],
          // GPUs are requested by the InferenceService's predictor, so only it lands on the GPU pool.
          resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
          securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  };
}
