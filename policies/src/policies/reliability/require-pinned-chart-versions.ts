import * as k8s from '@pulumi/kubernetes';
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { validateResourceOfType } from '@pulumi/policy';
import { violation } from '../../core/messages';

/** An exact SemVer 2.0 version, with the leading `v` some chart repositories use (`v1.21.1`). */
const exactVersion =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export function isExactVersion(version: string): boolean {
  return exactVersion.test(version);
}

export const requirePinnedChartVersions: ResourceValidationPolicy = {
  name: 'require-pinned-chart-versions',
  description:
    'Every Helm release names an exact chart version, so an upstream release never changes the platform unannounced.',
  enforcementLevel: 'advisory',
  validateResource: validateResourceOfType(k8s.helm.v3.Release, (release, args, report) => {
    const version = release.version;
    if (version === undefined || version === '') {
      report(
        violation(
          'Helm release',
          args.name,
          `installs chart ${release.chart} at whatever version is newest`,
          'set version to an exact chart version, e.g. "1.30.3"',
        ),
      );
    } else if (!isExactVersion(version)) {
      report(
        violation(
          'Helm release',
          args.name,
          `pins chart ${release.chart} to the range "${version}", not one version`,
          'set version to an exact chart version, e.g. "1.30.3"',
        ),
      );
    }
  }),
};
