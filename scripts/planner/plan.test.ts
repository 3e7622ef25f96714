import { alternativesOf } from './alternatives';
import { coldStartChain } from './cold-start';
import type { MeasuredSpeed } from './measured-speed';
import { plan, type PlanInputs } from './plan';
import type { StackSettings } from './stack-settings';

// Round numbers, so each figure below can be worked out by hand.
const stack: StackSettings = {
  stack: 'test',
  region: 'europe-west4',
  gpuMachineType: 'g2-standard-8',
  gpuAcceleratorType: 'nvidia-l4',
  gpuAcceleratorCount: 1,
  gpuSpot: false,
  gpuMaxNodes: 1,
  modelApi: {
    minReplicas: 0,
    maxReplicas: 1,
    scaleToZero: true,
    scaleMetric: 'concurrency',
    scaleTarget: 8,
    containerConcurrency: 16,
    timeoutSeconds: 900,
    stableWindowSeconds: 60,
    scaleDownDelaySeconds: 0,
  },
  worker: {
    minReplicas: 1,
    maxReplicas: 1,
    partitions: 1,
    lagThreshold: 100,
    pollingSeconds: 1,
    delivery: 'exactly-once',
    maxBatchSize: 64,
  },
};
const speed: MeasuredSpeed = {
  source: 'bench.json',
  measuredAt: '2026-12-01T00:00:00Z',
  executionProvider: 'cuda',
  machine: 'test',
  titlesPerRequest: 64,
  itemsPerSecondPerReplica: 1000,
  requestsInFlight: 16,
  workerMessagesPerSecond: 1000,
  baseLatencySeconds: 0.05,
};
// 10 messages at second 10 of 300 quiet ones.
const arrivals = Array.from({ length: 300 }, (_, second) => (second === 10 ? 10 : 0));
const inputs: PlanInputs = {
  stack,
  speed,
  // A new node takes 60 s (50 + 0 + 10), a pod on it 5 s (4 + 1).
  coldStart: coldStartChain('node=50,driver=0,image=10,model=4,probe=1'),
  price: {
    onDemandPerHour: 3.6,
    spotPerHour: 1.8,
    currency: 'USD',
    asOf: '2026-12-01',
    sources: ['https://example.com'],
  },
  profile: { file: 'test.csv', durationSeconds: 300 },
  arrivals,
  latencyObjectiveSeconds: 60,
};

describe('the cost plan', () => {
  it('compares minimum replicas 0 and 1, two scale-down delays, and spot and on-demand, the stack first', () => {
    expect(alternativesOf(stack).map((alternative) => alternative.name)).toEqual([
      'min 0, scale-down delay 0m, on-demand',
      'min 0, scale-down delay 0m, spot',
      'min 0, scale-down delay 30m, on-demand',
      'min 0, scale-down delay 30m, spot',
      'min 1, scale-down delay 0m, on-demand',
      'min 1, scale-down delay 0m, spot',
    ]);
    expect(alternativesOf({ ...stack, modelApi: { ...stack.modelApi, scaleToZero: false } })).toHaveLength(2);
  });

  it('bills a cold-started node from its request to the end, and the waiting messages the whole start', () => {
    const result = plan(inputs);
    const [coldOnDemand, coldSpot, , , warmOnDemand] = result.alternatives;
    // Asked for at second 10, ready for second 10 + 1 + 60 + 5 = 76: the 10 messages took 66 s plus the trip.
    expect(coldOnDemand).toMatchObject({
      classifications: 10,
      coldStarts: 1,
      messagesDelayedByColdStarts: 10,
      latencySeconds: { p50: 66.05, p99: 66.05, max: 66.05 },
      meetsObjective: false,
    });
    // The node lives from second 10 to the end (its 10 minutes of idleness have not passed): 290 s at $0.001/s.
    expect(coldOnDemand?.gpuHours).toBeCloseTo(290 / 3600, 9);
    expect(coldOnDemand?.cost).toBeCloseTo(0.29, 9);
    expect(coldOnDemand?.costPer1000Classifications).toBeCloseTo(29, 9);
    expect(coldOnDemand?.idleGpuHours).toBeCloseTo(289 / 3600, 9);
    expect(coldSpot?.cost).toBeCloseTo(0.145, 9);
    // One warm replica all along: 300 s, the messages served at once.
    expect(warmOnDemand).toMatchObject({ coldStarts: 0, latencySeconds: { p99: 0.05 }, meetsObjective: true });
    expect(warmOnDemand?.cost).toBeCloseTo(0.3, 9);
  });

  it('recommends the cheapest alternative meeting the latency objective, and says what the cheapest misses', () => {
    expect(plan(inputs).recommendation).toEqual({
      name: 'min 1, scale-down delay 0m, spot',
      reason:
        'the cheapest ($0.15) whose p99 end-to-end latency (50 ms) meets the 60 s objective. The cheapest, min 0, scale-down delay 0m, spot ($0.15), misses it: p99 66 s. Spot GPUs can be taken back at any time; each preemption is a cold start this plan does not count.',
    });
    expect(plan({ ...inputs, latencyObjectiveSeconds: 70 }).recommendation.name).toBe(
      'min 0, scale-down delay 0m, spot',
    );
    expect(plan({ ...inputs, latencyObjectiveSeconds: 0.01 }).recommendation.reason).toMatch(
      /^no alternative meets the 0.01 s p99 objective; this one comes closest \(p99 50 ms/,
    );
  });

  it('warns when a cold start outlasts the request timeout', () => {
    const slow = plan({ ...inputs, coldStart: coldStartChain('node=1000,driver=0,image=10,model=4,probe=1') });
    expect(slow.notes.join('\n')).toContain(
      'A cold start (1015 s) outlasts category-match:modelApiTimeoutSeconds (900 s)',
    );
  });
});
