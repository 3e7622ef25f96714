import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { ChartSource } from '../versions';

/** One Helm release of a pinned chart. */
export interface ChartReleaseSpec {
  /** The Helm release name (fixed, so in-cluster names derived from it are predictable). */
  readonly releaseName: string;
  readonly source: ChartSource;
  readonly namespace: string;
  /** Let Helm create the namespace (false when the program creates it as a `Namespace`). */
  readonly createNamespace: boolean;
  readonly values: Record<string, unknown>;
}

/** Upper bound for an install to become ready; the GKE control plane can take minutes to admit webhooks. */
const releaseTimeoutSeconds = 900;

/** The `Release` arguments: exact version, its repository (or OCI reference) and Pulumi waiting for readiness. */
export function chartReleaseArgs(spec: ChartReleaseSpec): k8s.helm.v3.ReleaseArgs {
  return {
    name: spec.releaseName,
    chart: spec.source.chart,
    version: spec.source.version,
    ...(spec.source.repo === undefined ? {} : { repositoryOpts: { repo: spec.source.repo } }),
    namespace: spec.namespace,
    createNamespace: spec.createNamespace,
    values: spec.values,
    // Wait for the release's workloads (and so its webhooks) to be ready before dependents start.
    skipAwait: false,
    timeout: releaseTimeoutSeconds,
  };
}

/** Creates the release; `opts` carries the parent, the provider and the releases it must follow. */
export function chartRelease(
  name: string,
  spec: ChartReleaseSpec,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(name, chartReleaseArgs(spec), opts);
}
