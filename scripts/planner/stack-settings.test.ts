import { loadRelease } from '../../stacks/release';
import { readStackFiles } from '../../stacks/render';
import { durationSeconds, stackSettings } from './stack-settings';

const settingsOf = (stack: string) => stackSettings(readStackFiles(stack).config, loadRelease(stack));

describe("the planner's view of a stack", () => {
  it('reads Go durations as Knative does', () => {
    expect(durationSeconds('60s')).toBe(60);
    expect(durationSeconds('15m')).toBe(900);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(() => durationSeconds('15 minutes')).toThrow('"15 minutes" is not a duration such as 60s or 15m');
  });

  it("takes the dev stack's autoscaling, worker and GPU settings from its files", () => {
    expect(settingsOf('dev')).toMatchObject({
      region: 'europe-west4',
      gpuMachineType: 'g2-standard-8',
      gpuAcceleratorType: 'nvidia-l4',
      gpuSpot: true,
      modelApi: {
        minReplicas: 0,
        maxReplicas: 1,
        scaleToZero: true,
        stableWindowSeconds: 60,
        scaleDownDelaySeconds: 300,
      },
      worker: { minReplicas: 1, maxReplicas: 3, partitions: 4, pollingSeconds: 15, delivery: 'exactly-once' },
    });
  });

  it('refuses a stack it cannot price, naming the key', () => {
    expect(() => settingsOf('local')).toThrow(/category-match:cluster is "existing"; the planner prices GKE GPU nodes/);
  });
});
