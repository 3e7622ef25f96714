import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface OpsProbes {
  registry: Registry;
  /** Liveness: false only when the process should be restarted. */
  isHealthy: () => boolean;
  /** Readiness: a member of the consumer group and not shutting down. */
  isReady: () => boolean;
}

/** `/metrics` (Prometheus text), `/healthz` and `/readyz` for Kubernetes probes. */
export function createOpsServer({ registry, isHealthy, isReady }: OpsProbes): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    const probe = (ok: boolean) => {
      response.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n');
    };
    switch (path) {
      case '/healthz':
        probe(isHealthy());
        return;
      case '/readyz':
        probe(isReady());
        return;
      case '/metrics':
        registry.metrics().then(
          (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
          (error: unknown) => response.writeHead(500).end(String(error)),
        );
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
}
