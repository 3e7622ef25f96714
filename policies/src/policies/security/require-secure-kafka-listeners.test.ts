import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { requireSecureKafkaListeners as policy } from './require-secure-kafka-listeners';

describe('require-secure-kafka-listeners', () => {
  it('passes listeners with TLS and SCRAM or mTLS', async () => {
    expect(await validateResource(policy, fixtures.kafka())).toEqual([]);
  });

  it('flags a plain-text listener', async () => {
    expect(await validateResource(policy, withChange(fixtures.kafka(), 'spec.kafka.listeners.0.tls', false))).toEqual([
      expect.stringMatching(/Kafka "kafka" listener "tls" is not encrypted.*Fix: set tls: true/),
    ]);
  });

  it('flags a listener without authentication', async () => {
    expect(
      await validateResource(policy, withChange(fixtures.kafka(), 'spec.kafka.listeners.1.authentication', undefined)),
    ).toEqual([expect.stringMatching(/listener "mtls" authenticates clients with nothing/)]);
  });
});
