import type { ResourceValidationPolicy } from '@pulumi/policy';
import { z } from 'zod';
import { environmentConfig, environmentOf } from '../../core/environment';
import { customResourceTypes, validateCustomResourceOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { policyConfig, readPolicyConfig } from '../../core/policy-config';
import { kafkaTopicSchema } from '../../kubernetes/schemas';

const name = 'require-topic-replication-in-ops';
const config = policyConfig({
  ...environmentConfig,
  minReplicationFactor: z.number().int().positive().default(3).describe('fewest replicas an ops topic may have'),
});

export const requireTopicReplicationInOps: ResourceValidationPolicy = {
  name,
  description:
    'In ops, every Kafka topic keeps at least three replicas, so losing one broker loses no message and a broker ' +
    'restart keeps exactly-once (an unreplicated partition can lose transaction markers when its broker stops).',
  enforcementLevel: 'advisory',
  configSchema: config.configSchema,
  validateResource: validateCustomResourceOfType(
    customResourceTypes.kafkaTopic,
    kafkaTopicSchema,
    (topic, args, report) => {
      const { environment, minReplicationFactor } = readPolicyConfig(name, config, args);
      if (environmentOf(args.urn, environment) !== 'ops') return;
      const replicas = topic.spec?.replicas;
      if (replicas === undefined || replicas < minReplicationFactor) {
        report(
          violation(
            'KafkaTopic',
            args.name,
            replicas === undefined
              ? 'leaves its replication factor to the broker default in an ops stack'
              : `has replication factor ${replicas} in an ops stack`,
            `set spec.replicas to at least ${minReplicationFactor}`,
          ),
        );
      }
    },
  ),
};
