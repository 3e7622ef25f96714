import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { DebugRequestLogController } from './request-logging';

async function logLinesFor(level: string): Promise<{ level: number; msg: string }[]> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = Fastify({ logger: { level, stream }, logController: new DebugRequestLogController() });
  app.get('/ok', async () => ({ ok: true }));
  await app.inject({ method: 'GET', url: '/ok' });
  await app.close();
  return lines.map((line) => JSON.parse(line) as { level: number; msg: string });
}

describe('request logging', () => {
  it('at info, a successful request writes no log line', async () => {
    const messages = (await logLinesFor('info')).map((line) => line.msg);
    expect(messages).not.toContain('incoming request');
    expect(messages).not.toContain('request completed');
  });

  it('at debug, each request is logged when it arrives and when it completes', async () => {
    const lines = await logLinesFor('debug');
    expect(lines.filter((line) => line.msg === 'incoming request' || line.msg === 'request completed')).toEqual([
      expect.objectContaining({ level: 20, msg: 'incoming request' }),
      expect.objectContaining({ level: 20, msg: 'request completed' }),
    ]);
  });
});
