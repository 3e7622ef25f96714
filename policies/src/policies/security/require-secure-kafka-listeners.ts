import type { ResourceValidationPolicy } from '@pulumi/policy';
import { customResourceTypes, validateCustomResourceOfType } from '../../core/custom-resources';
import { violation } from '../../core/messages';
import { kafkaSchema } from '../../kubernetes/schemas';

/** Strimzi authentication types that prove the client's identity: SCRAM passwords or mutual TLS. */
const strongAuthentication = new Set(['scram-sha-512', 'tls']);

export const requireSecureKafkaListeners: ResourceValidationPolicy = {
  name: 'require-secure-kafka-listeners',
  description: 'Every Kafka listener encrypts traffic (TLS) and authenticates clients (SCRAM-SHA-512 or mTLS).',
  enforcementLevel: 'mandatory',
  validateResource: validateCustomResourceOfType(customResourceTypes.kafka, kafkaSchema, (kafka, args, report) => {
    for (const listener of kafka.spec.kafka.listeners) {
      const problems = [
        ...(listener.tls === true ? [] : ['is not encrypted (tls is not true)']),
        ...(listener.authentication !== undefined && strongAuthentication.has(listener.authentication.type)
          ? []
          : [`authenticates clients with ${listener.authentication?.type ?? 'nothing'}`]),
      ];
      if (problems.length === 0) continue;
      report(
        violation(
          'Kafka',
          args.name,
          `listener "${listener.name}" ${problems.join(' and ')}`,
          'set tls: true and authentication.type: "scram-sha-512" (or "tls") on every listener',
        ),
      );
    }
  }),
};
