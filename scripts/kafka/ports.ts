import { createServer } from 'node:net';

function isFree(host: string, port: number): Promise<boolean> {
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
  for (const port of ports) if (!(await isFree(host, port))) taken.push(port);
  if (taken.length > 0) {
    throw new Error(
      `cannot start the Kafka broker: ${host}:${taken.join(', ')} already in use (another broker or program); ` +
        'stop it or choose another --port-base',
    );
  }
}
