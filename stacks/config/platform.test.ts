import { readStackConfig } from '../testing';
import { parseStackConfig } from '../config';
import { loadRelease } from '../release';
import type { PlatformConfig } from './platform';
import { knativeAutoscaling, platformConfig, platformConfigProblems } from './platform';

const defaults = platformConfig.parse({});

function withKafka(overrides: Partial<PlatformConfig>): PlatformConfig {
  return { ...defaults, ...overrides };
}

describe('platform config', () => {
  it('defaults to a small single-broker platform that scales to zero', () => {
    expect(defaults).toMatchObject({
      platformReplicas: 1,
      kafkaBrokers: 1,
      kafkaReplicationFactor: 1,
      kafkaMinInsyncReplicas: 1,
      autoscalerScaleToZero: true,
    });
    expect(platformConfigProblems(defaults)).toEqual([]);
  });

  it('parses the text Pulumi hands over', () => {
    const config = platformConfig.parse({
      kafkaBrokers: '3',
      autoscalerScaleToZero: 'false',
      autoscalerStableWindow: '2m',
    });
    expect(config.kafkaBrokers).toBe(3);
    expect(knativeAutoscaling(config)).toMatchObject({ scaleToZero: false, stableWindow: '2m' });
  });

  it('when a duration or size is malformed, the error names the key', () => {
    const result = platformConfig.safeParse({ autoscalerScaleDownDelay: 'soon', kafkaStorageSize: '10GB' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'autoscalerScaleDownDelay',
      'kafkaStorageSize',
    ]);
  });

  it('refuses a replication factor above the broker count', () => {
    expect(
      platformConfigProblems(withKafka({ kafkaBrokers: 1, kafkaReplicationFactor: 3, kafkaMinInsyncReplicas: 2 })),
    ).toContainEqual(
      expect.stringMatching(/^category-match:kafkaReplicationFactor \(3\) exceeds category-match:kafkaBrokers \(1\)/),
    );
  });

  it('refuses replication factor 3 with min.insync.replicas 1', () => {
    expect(
      platformConfigProblems(withKafka({ kafkaBrokers: 3, kafkaReplicationFactor: 3, kafkaMinInsyncReplicas: 1 })),
    ).toEqual([expect.stringMatching(/^category-match:kafkaMinInsyncReplicas must be at least 2/)]);
  });

  it('refuses a model API timeout above the longest revision timeout', () => {
    expect(platformConfigProblems({ ...defaults, modelApiTimeoutSeconds: 3600 })).toEqual([
      expect.stringMatching(
        /^category-match:modelApiTimeoutSeconds \(3600\) exceeds category-match:autoscalerMaxRevisionTimeoutSeconds \(1800\)/,
      ),
    ]);
  });

  it('refuses min.insync.replicas equal to a replication factor above 1', () => {
    expect(
      platformConfigProblems(withKafka({ kafkaBrokers: 3, kafkaReplicationFactor: 2, kafkaMinInsyncReplicas: 2 })),
    ).toEqual([expect.stringMatching(/must be below category-match:kafkaReplicationFactor/)]);
  });
});

describe.each(['dev', 'ops'] as const)('the %s stack', (stack) => {
  const config = parseStackConfig(stack, readStackConfig(stack));

  it('has a consistent platform config', () => {
    expect(platformConfigProblems(config)).toEqual([]);
  });

  it('has at least as many partitions as the worker has maximum replicas', () => {
    expect(config.kafkaPartitions).toBeGreaterThanOrEqual(loadRelease(stack).worker.maxReplicas);
  });

  it('allows the model API timeout within the longest revision timeout', () => {
    expect(config.modelApiTimeoutSeconds).toBeLessThanOrEqual(config.autoscalerMaxRevisionTimeoutSeconds);
  });
});

describe('stack sizes', () => {
  it('dev runs one broker without replication', () => {
    const dev = parseStackConfig('dev', readStackConfig('dev'));
    expect([dev.kafkaBrokers, dev.kafkaReplicationFactor, dev.kafkaMinInsyncReplicas]).toEqual([1, 1, 1]);
  });

  it('ops runs three brokers, replication factor 3 and min.insync.replicas 2', () => {
    const ops = parseStackConfig('ops', readStackConfig('ops'));
    expect([ops.kafkaBrokers, ops.kafkaReplicationFactor, ops.kafkaMinInsyncReplicas]).toEqual([3, 3, 2]);
  });
});
