import type { StackValidationPolicy } from '@pulumi/policy';
import { customResourceTypes, resourcesOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { kafkaWorkers } from '../../kubernetes/kafka-workers';
import { kafkaTopicSchema } from '../../kubernetes/schemas';

/** Strimzi's broker default when a KafkaTopic leaves partitions out. */
const defaultPartitions = 1;

export const requirePartitionsCoverWorkers: StackValidationPolicy = {
  name: 'require-partitions-cover-workers',
  description:
    'The topic a worker consumes has at least as many partitions as the worker can have replicas; a replica without a partition sits idle.',
  enforcementLevel: 'advisory',
  validateStack: (args, report) => {
    const topics = resourcesOfType(args.resources, customResourceTypes.kafkaTopic, kafkaTopicSchema, report);
    for (const worker of kafkaWorkers(args.resources, report)) {
      if (worker.topic === undefined) {
        report(
          violation(
            'Deployment',
            worker.name,
            'consumes Kafka but names no topic, so its partitions cannot be checked',
            'set the topic in the KEDA kafka trigger metadata (topic) or the KAFKA_INPUT_TOPIC variable',
          ),
          worker.resource.urn,
        );
        continue;
      }
      const topic = topics.find(({ value }) => (value.spec?.topicName ?? value.metadata?.name) === worker.topic);
      if (topic === undefined) {
        report(
          violation(
            'Deployment',
            worker.name,
            `consumes topic ${worker.topic}, which no KafkaTopic in this stack declares`,
            `declare a KafkaTopic for ${worker.topic} or fix the topic name`,
          ),
          worker.resource.urn,
        );
        continue;
      }
      const partitions = topic.value.spec?.partitions ?? defaultPartitions;
      if (partitions < worker.maxReplicas) {
        report(
          violation(
            'KafkaTopic',
            topic.resource.name,
            `has ${partitions} partition(s) but Deployment "${worker.name}" scales to ${worker.maxReplicas} replicas (${worker.maxReplicasSource})`,
            `raise spec.partitions to at least ${worker.maxReplicas} or lower the worker's maximum replicas`,
          ),
          topic.resource.urn,
        );
      }
    }
  },
};
