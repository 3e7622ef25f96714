import type { SASLOptions } from 'kafkajs';
import type { SaslConfig } from '../config';

/** kafkajs's SASL options for a configured mechanism (its union wants the mechanism as a literal). */
export function kafkajsSasl(sasl: SaslConfig | undefined): SASLOptions | undefined {
  if (sasl === undefined) return undefined;
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}
