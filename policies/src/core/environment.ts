import { z } from 'zod';

/** The two kinds of stack the platform runs: `dev` (cheap, disposable) and `ops` (production). */
export type Environment = 'dev' | 'ops';

/** Config key shared by the policies whose rule depends on the environment. */
export const environmentConfig = {
  environment: z
    .enum(['dev', 'ops'])
    .optional()
    .describe('dev or ops; when unset, taken from the stack name in the resource URN (dev, dev-* or local), else ops'),
};

/** The stack name inside a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOfUrn(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

/**
 * The environment a resource belongs to. An explicit policy config wins; otherwise the stack
 * name decides: `dev`, `dev-*` and `local` (a developer's own cluster) are dev, and any stack that
 * is not recognisably dev is held to the stricter ops rules.
 */
export function environmentOf(urn: string, configured: Environment | undefined): Environment {
  if (configured !== undefined) return configured;
  const stack = stackOfUrn(urn) ?? '';
  return stack === 'dev' || stack.startsWith('dev-') || stack === 'local' ? 'dev' : 'ops';
}
