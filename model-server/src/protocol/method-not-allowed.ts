import type { FastifyInstance, HTTPMethods } from 'fastify';
import { methodNotAllowed } from '../errors';

const methods: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];

interface RouteMethods {
  /** The path as first registered (its parameter names are the router's business). */
  readonly url: string;
  readonly allowed: Set<HTTPMethods>;
}

/** The router's view of a path: `/v1/models/:name` and `/v1/models/:target` are one route. */
const patternOf = (url: string) => url.replace(/:[^/]+/g, ':');

/**
 * Records the routes registered from now on; `answerWrongMethods` then answers the other methods on each with 405
 * and an `Allow` header, as HTTP clients and proxies expect, rather than "no route".
 */
export function collectRoutes(app: FastifyInstance): Map<string, RouteMethods> {
  const routes = new Map<string, RouteMethods>();
  app.addHook('onRoute', ({ url, method }) => {
    const pattern = patternOf(url);
    const route = routes.get(pattern) ?? { url, allowed: new Set<HTTPMethods>() };
    for (const each of Array.isArray(method) ? method : [method]) route.allowed.add(each as HTTPMethods);
    routes.set(pattern, route);
  });
  return routes;
}

export function answerWrongMethods(app: FastifyInstance, routes: ReadonlyMap<string, RouteMethods>): void {
  for (const { url, allowed } of [...routes.values()]) {
    const others = methods.filter((method) => !allowed.has(method));
    if (others.length === 0) continue;
    const allow = methods.filter((method) => allowed.has(method)).join(', ');
    app.route({
      method: others,
      url,
      handler: async (request, reply) => {
        reply.header('allow', allow);
        throw methodNotAllowed(`${request.method} is not allowed on ${url}; use ${allow}`);
      },
    });
  }
}
