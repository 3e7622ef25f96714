import { createServer } from 'node:net';

/** Whether nothing listens on `host:port` (a listen with `exclusive` succeeds). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Fails naming the ports already taken: a broker launched on them would either die on bind or,
 * worse, the readiness probe would reach whatever else listens there.
 */
export async function assertPortsFree(host: string, ports: readonly number[]): Promise<void> {
  const taken: number[] = [];
  for (const port of ports) if (!(await isPortFree(host, port))) taken.push(port);
  if (taken.length > 0) {
    throw new Error(
      `cannot start the Kafka broker: ${host}:${taken.join(', ')} already in use (another broker or program); ` +
        'stop it or choose another --port-base',
    );
  }
}

/** A port nothing listens on, chosen by the system (for a service that must not fail on a busy default). */
export function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
