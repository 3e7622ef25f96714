import { Kafka, logLevel, type SASLOptions, type ISocketFactory } from 'kafkajs';
import { connect as connectPlain } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ListenerProbe {
  readonly bootstrap: string;
  readonly sasl?: SASLOptions;
  /** TLS options (the CA to verify the broker against) for a TLS listener. */
  readonly ssl?: ConnectionOptions;
  /** A host name the listener advertises that only means 127.0.0.1 here; TLS still verifies that name. */
  readonly loopbackHost?: string;
}

/** kafkajs's own socket factory, but connecting to 127.0.0.1 for `name` while verifying the certificate for it. */
export function loopbackFor(name: string): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const target = host === name ? '127.0.0.1' : host;
    const socket = ssl
      ? connectTls({ ...(ssl as ConnectionOptions), host: target, port, servername: host }, onConnect)
      : connectPlain({ host: target, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  };
}

/** One metadata round trip on the listener (authenticating first where it asks for SASL). */
export async function probeListener(probe: ListenerProbe, timeoutMs = 3_000): Promise<void> {
  const kafka = new Kafka({
    clientId: 'kafka-harness-probe',
    brokers: [probe.bootstrap],
    sasl: probe.sasl,
    ssl: probe.ssl,
    ...(probe.loopbackHost === undefined ? {} : { socketFactory: loopbackFor(probe.loopbackHost) }),
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

/**
 * Resolves once every listener answers a metadata request; rejects with the last error after
 * `timeoutMs`, or as soon as `stillRunning` says the broker process is gone.
 */
export async function waitForListeners(
  probes: readonly ListenerProbe[],
  timeoutMs: number,
  stillRunning: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const probe of probes) {
    for (;;) {
      try {
        await probeListener(probe);
        break;
      } catch (error) {
        if (!(await stillRunning())) throw new Error('the broker process exited while starting', { cause: error });
        if (Date.now() > deadline) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`listener ${probe.bootstrap} not ready after ${timeoutMs} ms: ${reason}`, { cause: error });
        }
        await sleep(250);
      }
    }
  }
}
