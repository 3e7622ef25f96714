import { charts, knativeServingVersion } from '../../infra/platform/versions';
import { addonControllers, knativeModuleVersion, shellAssignments } from './controllers';

describe('the add-on controllers the toolchain builds', () => {
  it('follow the pinned charts: a chart bump moves its controller', () => {
    for (const controller of addonControllers) {
      const chartVersion = charts[controller.chart].version.replace(/^v/, '');
      if (controller.chart === 'knativeOperator') {
        expect(controller.version).toBe(knativeModuleVersion(knativeServingVersion));
      } else {
        expect(controller.version).toBe(`v${chartVersion}`);
      }
    }
    expect(addonControllers.map((controller) => controller.module)).toEqual([
      'github.com/kserve/kserve',
      'knative.dev/serving',
      'github.com/kedacore/keda/v2',
      'github.com/cert-manager/cert-manager',
    ]);
  });

  it("name Knative's Go module version after its release: 1.23.0 is v0.50.0", () => {
    expect(knativeModuleVersion('1.23.0')).toBe('v0.50.0');
    expect(knativeModuleVersion('v1.24.2')).toBe('v0.51.2');
    expect(() => knativeModuleVersion('2.0')).toThrow(/Knative release "2.0" is not 1.<minor>.<patch>/);
  });

  it('print one shell assignment per controller for the build script', () => {
    expect(shellAssignments().split('\n')).toEqual([
      'kserve_version=v0.20.0',
      'knative_serving_version=v0.50.0',
      'keda_version=v2.20.2',
      'cert_manager_version=v1.21.1',
    ]);
  });
});
