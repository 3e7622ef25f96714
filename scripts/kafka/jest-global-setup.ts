/**
 * Jest global setup: takes a lease on the default local broker (starting it when needed) and tells
 * the tests where it is through KAFKA_TEST_PLAINTEXT, KAFKA_TEST_SASL, KAFKA_TEST_SASL_SSL,
 * KAFKA_TEST_CA_FILE, KAFKA_TEST_SCRAM_USERNAME and KAFKA_TEST_SCRAM_PASSWORD. Teardown gives the lease back: the broker stops only if this setup's
 * lease started it and no other process (another test run, the demo) still uses it.
 */
import { acquireBroker, type BrokerLease } from './broker';
import { quietKafkajsTimeoutWarning } from './quiet-kafkajs-warnings';

export const leaseKey = Symbol.for('category-match.kafka.testLease');

export default async function globalSetup(): Promise<void> {
  quietKafkajsTimeoutWarning();
  const lease = await acquireBroker();
  // Jest runs setup and teardown in the same process, so a global carries the lease across.
  Reflect.set(globalThis, leaseKey, lease);
  process.env.KAFKA_TEST_PLAINTEXT = lease.info.plaintext;
  process.env.KAFKA_TEST_SASL = lease.info.sasl;
  process.env.KAFKA_TEST_SASL_SSL = lease.info.saslSsl;
  process.env.KAFKA_TEST_CA_FILE = lease.info.caFile;
  process.env.KAFKA_TEST_SCRAM_USERNAME = lease.info.scram.username;
  process.env.KAFKA_TEST_SCRAM_PASSWORD = lease.info.scram.password;
}

export function takeLease(): BrokerLease | undefined {
  const lease: unknown = Reflect.get(globalThis, leaseKey);
  Reflect.deleteProperty(globalThis, leaseKey);
  return typeof lease === 'object' && lease !== null && 'release' in lease ? (lease as BrokerLease) : undefined;
}
