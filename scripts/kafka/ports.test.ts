import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { assertPortsFree } from './ports';

describe('port check', () => {
  let server: Server;
  let taken: number;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    taken = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('names the port another program listens on', async () => {
    await expect(assertPortsFree('127.0.0.1', [taken])).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${taken} already in use`),
    );
  });

  it('passes when the ports are free', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await expect(assertPortsFree('127.0.0.1', [free])).resolves.toBeUndefined();
  });
});
