import type { FastifyBaseLogger } from 'fastify';
import { RejectionLog } from './rejection-log';

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = { info: (fields: Record<string, unknown>) => lines.push(fields) } as unknown as FastifyBaseLogger;
  return { lines, logger };
}

const rejection = { status: 400, method: 'POST', url: '/v2/models/m/infer', reason: 'bad input' };

describe('the rejected-request log', () => {
  it('writes each rejection with its status and reason while under the rate', () => {
    const { lines, logger } = recordingLogger();
    new RejectionLog(10, () => 0).reject(logger, rejection);
    expect(lines).toEqual([rejection]);
  });

  it('writes at most the rate per second, then says how many it left out', () => {
    let now = 0;
    const log = new RejectionLog(3, () => now);
    const { lines, logger } = recordingLogger();
    for (let index = 0; index < 1_000; index += 1) log.reject(logger, rejection);
    expect(lines).toHaveLength(3);
    now = 1_000;
    log.reject(logger, rejection);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ suppressedBefore: 997 });
  });
});
