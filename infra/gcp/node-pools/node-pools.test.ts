import { gpuAutoscaling, gpuNodeConfig, systemAutoscaling, systemNodeConfig, type GpuPoolSettings } from './node-pools';

const gpu: GpuPoolSettings = {
  machineType: 'g2-standard-8',
  acceleratorType: 'nvidia-l4',
  acceleratorCount: 1,
  maxNodes: 3,
  spot: true,
  diskSizeGb: 100,
  diskType: 'pd-balanced',
  driverVersion: 'LATEST',
};
const labels = { env: 'dev', app: 'category-match', 'cost-center': 'ml' };

describe('GPU pool decisions', () => {
  it('gpu pool scales from zero to its maximum', () => {
    expect(gpuAutoscaling(gpu)).toMatchObject({ totalMinNodeCount: 0, totalMaxNodeCount: 3 });
  });

  it('spot pools look for capacity in any zone, on-demand pools balance across zones', () => {
    expect(gpuAutoscaling(gpu).locationPolicy).toBe('ANY');
    expect(gpuAutoscaling({ ...gpu, spot: false }).locationPolicy).toBe('BALANCED');
  });

  it('gpu nodes get the accelerator with the driver installed by GKE', () => {
    expect(gpuNodeConfig(gpu, 'nodes@p.iam.gserviceaccount.com', labels).guestAccelerators).toEqual([
      { type: 'nvidia-l4', count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' } },
    ]);
  });

  it('gpu nodes are tainted nvidia.com/gpu=present:NoSchedule and labelled as the gpu pool', () => {
    const config = gpuNodeConfig(gpu, 'nodes@p.iam.gserviceaccount.com', labels);
    expect(config.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    expect(config.labels).toEqual({ 'category-match/pool': 'gpu', 'category-match/accelerator': 'nvidia-l4' });
  });

  it('gpu nodes carry the standard labels as resource labels', () => {
    expect(gpuNodeConfig(gpu, 'sa', labels).resourceLabels).toEqual(labels);
  });
});

describe('system pool decisions', () => {
  it('system nodes have no taint and no accelerator', () => {
    const config = systemNodeConfig({ machineType: 'e2-standard-4', minNodes: 1, maxNodes: 3 }, 'sa', labels);
    expect(config).not.toHaveProperty('taints');
    expect(config).not.toHaveProperty('guestAccelerators');
    expect(config.labels).toEqual({ 'category-match/pool': 'system' });
  });

  it('rejects a minimum above the maximum', () => {
    expect(() => systemAutoscaling({ machineType: 'e2-standard-4', minNodes: 4, maxNodes: 2 })).toThrow(
      /minimum \(4\) is above its maximum \(2\)/,
    );
  });
});
