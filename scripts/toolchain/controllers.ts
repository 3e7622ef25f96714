/**
 * The add-on controllers the local cluster runs, each at the version its pinned Helm chart installs:
 * one table from `infra/platform/versions.ts`, so a chart bump moves its controller with it.
 * `tsx scripts/toolchain/controllers.ts` prints the versions as shell assignments for `build.sh`.
 */
import { charts, type ChartKey, knativeServingVersion } from '../../infra/platform/versions';

export interface AddonController {
  /** Shell variable `build.sh` reads the module version from. */
  readonly variable: string;
  /** The chart whose release this controller is; the version follows it. */
  readonly chart: ChartKey;
  /** Go module the controller builds from, at `version`. */
  readonly module: string;
  readonly version: string;
}

/** Knative tags its Go modules `v0.<minor + 27>.<patch>` for release `1.<minor>.<patch>`. */
export function knativeModuleVersion(release: string): string {
  const match = /^v?1\.(\d+)\.(\d+)$/.exec(release);
  if (match === null) throw new Error(`Knative release "${release}" is not 1.<minor>.<patch>`);
  return `v0.${Number(match[1]) + 27}.${match[2]}`;
}

const withV = (version: string): string => (version.startsWith('v') ? version : `v${version}`);

export const addonControllers: readonly AddonController[] = [
  {
    variable: 'kserve_version',
    chart: 'kserveResources',
    module: 'github.com/kserve/kserve',
    version: withV(charts.kserveResources.version),
  },
  {
    // The operator chart installs the Serving release of the same number.
    variable: 'knative_serving_version',
    chart: 'knativeOperator',
    module: 'knative.dev/serving',
    version: knativeModuleVersion(knativeServingVersion),
  },
  {
    variable: 'keda_version',
    chart: 'keda',
    module: 'github.com/kedacore/keda/v2',
    version: withV(charts.keda.version),
  },
  {
    variable: 'cert_manager_version',
    chart: 'certManager',
    module: 'github.com/cert-manager/cert-manager',
    version: withV(charts.certManager.version),
  },
];

/** Shell assignments, one per controller: `kserve_version=v0.20.0`. */
export function shellAssignments(controllers: readonly AddonController[] = addonControllers): string {
  return controllers.map((controller) => `${controller.variable}=${controller.version}`).join('\n');
}

if (require.main === module) console.log(shellAssignments());
