import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout, one object per line, as log collectors on Kubernetes expect. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'category-match-worker' }, timestamp: pino.stdTimeFunctions.isoTime });
}
