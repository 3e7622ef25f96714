import type * as pulumi from '@pulumi/pulumi';
import { unwrap } from '../infra/testing';
import { runStackWithMocks } from './testing';

interface Recorded {
  readonly name: string;
  readonly dependsOn: pulumi.Resource[];
}

/** Wraps a resource factory of the platform so its explicit `dependsOn` edges are recorded. */
function recording(modulePath: string, factory: string): Record<string, unknown> {
  const actual = jest.requireActual<Record<string, (...args: unknown[]) => unknown>>(modulePath);
  const recorded: Recorded[] = [];
  const create = actual[factory];
  if (create === undefined) throw new Error(`${modulePath} has no ${factory}`);
  const wrapped = (name: string, spec: unknown, opts: pulumi.CustomResourceOptions) => {
    recorded.push({ name, dependsOn: Array.isArray(opts.dependsOn) ? (opts.dependsOn as pulumi.Resource[]) : [] });
    return create(name, spec, opts);
  };
  return { ...actual, [factory]: wrapped, recorded };
}

jest.mock('../infra/platform/helm/chart-release', () =>
  recording('../infra/platform/helm/chart-release', 'chartRelease'),
);
jest.mock('../infra/platform/custom-resource', () =>
  recording('../infra/platform/custom-resource', 'createCustomResource'),
);

function recordedBy(modulePath: string): Recorded[] {
  return jest.requireMock<{ recorded: Recorded[] }>(modulePath).recorded;
}

/** Resource name -> names of the resources it explicitly waits for. */
let edges: Map<string, string[]>;

beforeAll(async () => {
  await runStackWithMocks('ops');
  edges = new Map();
  const recorded = [
    ...recordedBy('../infra/platform/helm/chart-release'),
    ...recordedBy('../infra/platform/custom-resource'),
  ];
  for (const { name, dependsOn } of recorded) {
    const urns = await Promise.all(dependsOn.map((resource) => unwrap(resource.urn)));
    edges.set(
      name,
      urns.map((urn) => urn.slice(urn.lastIndexOf('::') + 2)),
    );
  }
}, 120_000);

function waitsFor(name: string): string[] {
  const dependencies = edges.get(name);
  if (dependencies === undefined) throw new Error(`${name} was not created; created: ${[...edges.keys()].join(', ')}`);
  return dependencies;
}

describe('platform install order', () => {
  it('Istio: CRDs (base) before istiod before the gateway', () => {
    expect(waitsFor('istio-istiod')).toContain('istio-base');
    expect(waitsFor('istio-gateway')).toContain('istio-istiod');
  });

  it('mutual TLS policies after istiod, whose webhook validates them', () => {
    expect(waitsFor('istio-mtls-serving')).toContain('istio-istiod');
  });

  it('KnativeServing after the Knative Operator (its CRD) and the Istio gateway (its networking)', () => {
    expect(waitsFor('knative-serving')).toEqual(expect.arrayContaining(['knative-operator', 'istio-gateway']));
  });

  it('KServe controller after its CRDs, cert-manager (webhook certificates) and Knative Serving', () => {
    expect(waitsFor('kserve-controller')).toEqual(
      expect.arrayContaining(['kserve-crds', 'cert-manager-release', 'knative-serving']),
    );
  });

  it('Kafka objects after the Strimzi operator (their CRDs), topics and users after the cluster', () => {
    expect(waitsFor('kafka-cluster')).toContain('kafka-operator');
    expect(waitsFor('kafka-node-pool')).toContain('kafka-operator');
    expect(waitsFor('kafka-topic-category-match-in')).toContain('kafka-cluster');
    expect(waitsFor('kafka-user-category-match-worker')).toContain('kafka-cluster');
  });

  it('the GPU exporter after the quota that admits its node-critical pods', () => {
    expect(waitsFor('monitoring-dcgm-exporter')).toContain('monitoring-critical-pods');
  });

  it('the consumer lag scrape after the Strimzi release that creates its namespace', () => {
    expect(waitsFor('monitoring-scrape-kafka-exporter')).toContain('kafka-operator');
  });

  it('Kafka certificates after cert-manager, and the cluster after its listener certificate', () => {
    expect(waitsFor('kafka-selfsigned-issuer')).toContain('cert-manager-release');
    expect(waitsFor('kafka-cluster')).toContain('kafka-listener-certificate');
  });
});
