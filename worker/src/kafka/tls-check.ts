import { connect, type ConnectionOptions } from 'node:tls';

/**
 * Answers of a TLS handshake that no retry can change: the broker's certificate is not trusted, or not for this
 * host, or the port does not speak TLS. kafkajs would retry them for about 40 s before saying so.
 */
const permanentCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
]);

export interface TlsTarget {
  brokers: readonly string[];
  /** The CA certificate (PEM) the broker must be signed by; the system's CAs when undefined. */
  ca: string | undefined;
  /** Names the CA's source in the message, e.g. the variable that set it. */
  caSource: string;
}

function handshake(
  address: string,
  ca: string | undefined,
  timeoutMs: number,
): Promise<NodeJS.ErrnoException | undefined> {
  const separator = address.lastIndexOf(':');
  const options: ConnectionOptions = {
    host: address.slice(0, separator),
    port: Number(address.slice(separator + 1)),
    ...(ca === undefined ? {} : { ca: [ca] }),
    timeout: timeoutMs,
  };
  return new Promise((resolve) => {
    const socket = connect(options, () => {
      socket.end();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(Object.assign(new Error(`no TLS answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error));
  });
}

/** Why a handshake's failure is permanent, in words that say what to fix; undefined when a retry may help. */
export function describeTlsFailure(
  address: string,
  error: NodeJS.ErrnoException,
  caSource: string,
): string | undefined {
  const code = error.code ?? '';
  if (!permanentCodes.has(code)) return undefined;
  const detail = `${error.message} (${code})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the certificate of the Kafka broker at ${address} is not issued for that host; connect by a name it lists: ${detail}`;
  }
  if (code.startsWith('ERR_SSL_')) {
    return `the Kafka listener at ${address} does not speak TLS; point KAFKA_BROKERS at its SSL or SASL_SSL listener, or unset KAFKA_SSL: ${detail}`;
  }
  return `the certificate of the Kafka broker at ${address} is not trusted by ${caSource}: ${detail}`;
}

/**
 * Opens one TLS connection to each broker until one answers, and raises at once when a handshake fails in a way
 * no retry can change. Unreachable brokers are left to the Kafka client's own retries.
 */
export async function checkBrokerTls(target: TlsTarget, timeoutMs = 5_000): Promise<void> {
  for (const address of target.brokers) {
    const error = await handshake(address, target.ca, timeoutMs);
    if (error === undefined) return;
    const permanent = describeTlsFailure(address, error, target.caSource);
    if (permanent !== undefined) throw new Error(permanent, { cause: error });
  }
}
