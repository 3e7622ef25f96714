import { acceleratorLabel, gpuTaint } from '../../gpu';
/**
 * Helm values of NVIDIA's DCGM exporter on GKE GPU nodes. Scraping is by a Google Managed
 * Prometheus `PodMonitoring` (see pod-monitoring.ts), so the chart's ServiceMonitor, which needs
 * the Prometheus Operator's CRDs that this cluster does not run, is turned off.
 */

/** Where GKE installs the NVIDIA driver and NVML on its GPU nodes. */
const gkeNvidiaInstallDir = '/home/kubernetes/bin/nvidia';
const nvidiaMountPath = '/usr/local/nvidia';

export function dcgmExporterValues(): Record<string, unknown> {
  return {
    serviceMonitor: { enabled: false },
    // GPU nodes only: elsewhere the exporter has no GPU and crash-loops.
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: acceleratorLabel, operator: 'Exists' }] }],
        },
      },
    },
    // GPU nodes carry this taint so ordinary pods keep off them (and the pool can scale to zero).
    tolerations: [{ key: gpuTaint.key, operator: 'Exists', effect: gpuTaint.effect }],
    // The exporter requests no GPU, so the device plugin does not mount the driver: mount it from the host.
    extraHostVolumes: [{ name: 'nvidia-install-dir-host', hostPath: gkeNvidiaInstallDir }],
    extraVolumeMounts: [
      // Upstream's default mount of the metric list, repeated because setting the list replaces it.
      {
        name: 'exporter-metrics-volume',
        mountPath: '/etc/dcgm-exporter/default-counters.csv',
        subPath: 'default-counters.csv',
      },
      { name: 'nvidia-install-dir-host', mountPath: nvidiaMountPath, readOnly: true },
    ],
    extraEnv: [
      { name: 'LD_LIBRARY_PATH', value: `${nvidiaMountPath}/lib64` },
      // GKE's device plugin names GPUs by device (nvidia0), not UUID: match on that to label metrics with pods.
      { name: 'DCGM_EXPORTER_KUBERNETES_GPU_ID_TYPE', value: 'device-name' },
    ],
  };
}

/** Labels of the exporter's pods (the chart's selector labels). */
export const dcgmExporterPodLabels = { 'app.kubernetes.io/name': 'dcgm-exporter' } as const;
