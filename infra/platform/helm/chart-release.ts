import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { ChartSource } from '../versions';

/** One Helm release of a pinned chart. */
export interface ChartReleaseSpec {
  /** The Helm release name (fixed, so in-cluster names derived from it are predictable). */
  readonly releaseName: string;
  readonly source: ChartSource;
  readonly namespace: string;
  /**
   * Create the namespace as a Pulumi `Namespace` before the release (false where another resource
   * of the program creates it). Never Helm's `createNamespace`: a namespace Helm creates outlives
   * `pulumi destroy` with whatever is left in it (volume claims whose disks keep billing).
   */
  readonly ownsNamespace: boolean;
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
    createNamespace: false,
    values: spec.values,
    // Wait for the release's workloads (and so its webhooks) to be ready before dependents start.
    skipAwait: false,
    timeout: releaseTimeoutSeconds,
  };
}

/**
 * Creates the release, after its namespace where it owns one (`<name>-ns`, deleted after the
 * release, with everything left in it); `opts` carries the parent and the releases it must follow.
 */
export function chartRelease(
  name: string,
  spec: ChartReleaseSpec,
  opts: { readonly parent: pulumi.Resource; readonly dependsOn?: readonly pulumi.Resource[] },
): k8s.helm.v3.Release {
  const after = [...(opts.dependsOn ?? [])];
  if (spec.ownsNamespace) {
    after.push(
      new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: spec.namespace } }, { parent: opts.parent }),
    );
  }
  return new k8s.helm.v3.Release(name, chartReleaseArgs(spec), { parent: opts.parent, dependsOn: after });
}
