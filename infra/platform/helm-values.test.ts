import { argocdValues } from './argocd/argocd-values';
import { certManagerValues } from './cert-manager/cert-manager-values';
import { unknownValuesKeys } from './helm/values-keys';
import { valuesSchemaErrors } from './helm/values-schema';
import { istioBaseValues, istioGatewayValues, istiodValues } from './istio/istio-values';
import { strimziOperatorValues } from './kafka/strimzi-values';
import { kedaValues } from './keda/keda-values';
import { knativeOperatorValues } from './knative/knative-serving';
import { kserveResourcesValues } from './kserve/kserve-values';
import { criticalPodsQuota } from './monitoring/critical-pods-quota';
import { dcgmExporterValues } from './monitoring/dcgm-exporter-values';
import { referenceChartValues } from './reference';
import type { ChartKey } from './versions';

const istio = { namespace: 'istio-system', replicas: 2 };

/** Every values object the platform hands to a chart, with representative inputs. */
const valuesByChart: Record<ChartKey, Record<string, unknown>> = {
  istioBase: istioBaseValues(istio),
  istiod: istiodValues(istio),
  istioGateway: istioGatewayValues(istio),
  certManager: certManagerValues(2),
  knativeOperator: knativeOperatorValues(),
  kserveCrd: {},
  kserveResources: kserveResourcesValues({
    ingressGateway: 'knative-serving/knative-ingress-gateway',
    localGateway: 'knative-serving/knative-local-gateway',
    localGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
  }),
  strimziOperator: strimziOperatorValues('category-match'),
  argocd: argocdValues(2),
  keda: kedaValues(2),
  dcgmExporter: dcgmExporterValues(),
};

describe('Helm values of every chart', () => {
  it.each(Object.entries(valuesByChart))('%s: every key exists in the reference chart', (chart, values) => {
    expect(unknownValuesKeys(values, referenceChartValues(chart as ChartKey))).toEqual([]);
  });

  it.each(Object.entries(valuesByChart))('%s: values have the types the chart schema declares', (chart, values) => {
    expect(valuesSchemaErrors(values, referenceChartValues(chart as ChartKey).schema)).toEqual([]);
  });

  it('the checker would catch a misspelt key in a real chart', () => {
    expect(unknownValuesKeys({ crds: { enable: true } }, referenceChartValues('certManager'))).toEqual(['crds.enable']);
    expect(unknownValuesKeys({ pilot: { autoscaleMin: 2 } }, referenceChartValues('istiod'))).toEqual(['pilot']);
  });
});

describe('add-on settings', () => {
  it('cert-manager installs its CRDs with the release', () => {
    expect(certManagerValues(1)).toMatchObject({ crds: { enabled: true } });
  });

  it('KServe runs in serverless (Knative) mode behind the Istio gateway', () => {
    expect(valuesByChart.kserveResources).toMatchObject({
      kserve: { controller: { deploymentMode: 'Knative', gateway: { ingressGateway: { className: 'istio' } } } },
    });
  });

  it('the DCGM exporter needs no Prometheus Operator and runs on tainted GPU nodes', () => {
    const values = dcgmExporterValues();
    expect(values['serviceMonitor']).toEqual({ enabled: false });
    expect(values['tolerations']).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
  });

  it('the DCGM exporter keeps upstream metric list mounted after adding the driver mount', () => {
    const mounts = dcgmExporterValues()['extraVolumeMounts'] as { name: string }[];
    expect(mounts.map((mount) => mount.name)).toEqual(['exporter-metrics-volume', 'nvidia-install-dir-host']);
  });

  it('the DCGM exporter keeps its node-critical priority, which the monitoring namespace quota admits', () => {
    expect(dcgmExporterValues()).not.toHaveProperty('priorityClassName');
    expect(referenceChartValues('dcgmExporter').defaults).toMatchObject({ priorityClassName: 'system-node-critical' });
    expect(criticalPodsQuota('gpu-monitoring', 4).spec.scopeSelector.matchExpressions[0]?.values).toEqual([
      'system-node-critical',
    ]);
  });

  it('the Istio gateway is not exposed outside the cluster', () => {
    expect(istioGatewayValues(istio)).toMatchObject({ service: { type: 'ClusterIP' } });
  });

  it('Strimzi watches the client namespace, where KafkaUsers and their Secrets live', () => {
    expect(strimziOperatorValues('category-match')).toMatchObject({ watchNamespaces: ['category-match'] });
  });
});
