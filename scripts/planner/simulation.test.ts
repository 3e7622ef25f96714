import { latencyHistogram, latencyPercentile, simulate, type SimulationInputs } from './simulation';

// Round numbers, so every figure below can be worked out by hand from the rules in simulation.ts.
const base: Omit<SimulationInputs, 'arrivals'> = {
  worker: { minReplicas: 1, maxReplicas: 4, lagThreshold: 1000, pollingSeconds: 1, messagesPerSecondPerReplica: 1000 },
  modelApi: {
    minReplicas: 1,
    maxReplicas: 4,
    itemsPerSecondPerReplica: 100,
    targetUtilization: 1,
    stableWindowSeconds: 60,
    panicWindowSeconds: 6,
    panicThreshold: 2,
    scaleDownDelaySeconds: 0,
  },
  gpu: { nodeStartSeconds: 60, podStartSeconds: 30, nodeIdleSeconds: 600 },
  baseLatencySeconds: 0,
};
const repeat = (value: number, seconds: number) => Array.from({ length: seconds }, () => value);

describe('the platform simulation', () => {
  it('under a constant load one warm replica can serve, queues nothing and bills one node throughout', () => {
    const run = simulate({ ...base, arrivals: repeat(10, 100) });
    expect(run.steps.every((step) => step.lag === 0 && step.readyReplicas === 1 && step.nodes === 1)).toBe(true);
    expect(run.latency).toMatchObject({ counts: [[0, 1000]], unserved: 0 });
    expect(run.coldStarts).toBe(0);
    expect(run.gpuSeconds).toBe(100);
    expect(run.idleGpuSeconds).toBe(0);
  });

  it('after idling at zero replicas, holds a burst for a node start and a pod start, then serves it at once', () => {
    const arrivals = [...repeat(0, 100), 100, ...repeat(0, 199)];
    const run = simulate({ ...base, modelApi: { ...base.modelApi, minReplicas: 0 }, arrivals });
    // Asked for at second 100; ready 1 + 30 + 60 seconds later.
    expect(run.steps[100]).toMatchObject({ lag: 100, readyReplicas: 0, startingReplicas: 1, nodes: 1 });
    expect(run.steps[190]).toMatchObject({ served: 0, readyReplicas: 1 });
    expect(run.steps[191]).toMatchObject({ served: 100, lag: 0 });
    expect(run.latency).toMatchObject({ counts: [[91, 100]], unserved: 0 });
    expect(run).toMatchObject({ coldStarts: 1, messagesDuringColdStarts: 100 });
    // The last demand was at second 191 (the burst served); the replica goes when the 60-second stable window no
    // longer holds it, at second 251. Its node stays for nodeIdleSeconds.
    expect(run.steps[250]?.readyReplicas).toBe(1);
    expect(run.steps[251]?.readyReplicas).toBe(0);
    expect(run.steps[299]?.nodes).toBe(1);
    // Billed from second 100 to the end; only second 191 served anything.
    expect(run.gpuSeconds).toBe(200);
    expect(run.idleGpuSeconds).toBe(199);
    expect(run.steps.slice(0, 100).every((step) => step.nodes === 0)).toBe(true);
  });

  it('on a step past one replica, panics, queues until the new replicas start, then drains', () => {
    const run = simulate({ ...base, arrivals: [...repeat(50, 10), ...repeat(150, 190)] });
    // Demand at second 10 + k is 150 + 50k; the 6-second mean first reaches 2 × capacity at second 14.
    expect(run.steps[13]?.panic).toBe(false);
    expect(run.steps[14]).toMatchObject({ panic: true, startingReplicas: 2 });
    // Two replicas more, ready for second 14 + 1 + 30 + 60 = 105; at second 16 the panic window (mean 325) asks for a
    // fourth, ready for second 107. Until 105 the lag grows by 50 a second; panic mode holds every replica.
    expect(run.steps[16]).toMatchObject({ panic: true, startingReplicas: 3 });
    expect(run.steps[103]?.readyReplicas).toBe(1);
    expect(run.steps[104]).toMatchObject({ lag: 4750, readyReplicas: 3 });
    // 4,750 + 150 - 300 at 105 and 106, then 250 a second fewer: empty at second 124.
    expect(run.steps[106]?.lag).toBe(4450);
    expect(run.steps[123]?.lag).toBe(200);
    expect(run.steps[124]?.lag).toBe(0);
    expect(run.latency.unserved).toBe(0);
  });
});

describe('latency, first in first out', () => {
  it('counts each message from the second it arrived to the second it left', () => {
    // 3 arrive in second 0 and 2 in second 1; one leaves in each of seconds 0..4.
    const histogram = latencyHistogram([3, 2, 0, 0, 0], [1, 1, 1, 1, 1], 0.5);
    expect(histogram).toEqual({
      counts: [
        [0.5, 1],
        [1.5, 1],
        [2.5, 2],
        [3.5, 1],
      ],
      unserved: 0,
      // Second 0's last message left in second 2; second 1's in second 4.
      worstBySecond: [2.5, 3.5, Number.NaN, Number.NaN, Number.NaN],
    });
    expect(latencyPercentile(histogram, 0.5)).toBe(2.5);
    expect(latencyPercentile(histogram, 0.99)).toBe(3.5);
  });

  it('says how many never left', () => {
    expect(latencyHistogram([5, 0], [2, 1], 0)).toEqual({
      counts: [
        [0, 2],
        [1, 1],
      ],
      unserved: 2,
      worstBySecond: [1, Number.NaN],
    });
  });
});
