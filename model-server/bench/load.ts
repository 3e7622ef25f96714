import net from 'node:net';
import { percentile } from './stats';

export interface LoadResult {
  itemsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface LoadOptions {
  /** `http://host:port` of the server. */
  baseUrl: string;
  titles: string[];
  /** Titles per request (the Kafka worker sends several per request). */
  titlesPerRequest: number;
  /** Connections, each with one request in flight (closed loop). */
  concurrency: number;
  warmUpMs: number;
  durationMs: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/** Whole HTTP/1.1 requests, encoded once, so the client spends as little CPU as it can per request. */
function encodeRequests(options: LoadOptions, host: string): Buffer[] {
  const count = Math.max(1, Math.floor(options.titles.length / options.titlesPerRequest));
  return Array.from({ length: Math.min(count, 4096) }, (_, index) => {
    const data = options.titles.slice(index * options.titlesPerRequest, (index + 1) * options.titlesPerRequest);
    const body = Buffer.from(
      JSON.stringify({ inputs: [{ name: 'text', datatype: 'BYTES', shape: [data.length], data }] }),
    );
    const head =
      'POST /v2/models/category-classifier/infer HTTP/1.1\r\n' +
      `host: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head), body]);
  });
}

/**
 * One keep-alive connection sending requests back to back until `until`; calls `done(status)` per
 * response. A minimal HTTP/1.1 reader (status line + content-length), enough for this server.
 */
function runConnection(
  url: URL,
  requests: Buffer[],
  first: number,
  until: () => number,
  done: (status: number, startedAt: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    let next = first;
    let startedAt = 0;
    const send = (): void => {
      if (performance.now() >= until()) {
        socket.end();
        return;
      }
      startedAt = performance.now();
      socket.write(requests[next++ % requests.length] ?? Buffer.alloc(0));
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const headerEnd = pending.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const head = pending.toString('latin1', 0, headerEnd);
      const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? Number.NaN);
      if (!Number.isFinite(length)) {
        socket.destroy(new Error(`a response without content-length: ${head.split('\r\n')[0] ?? ''}`));
        return;
      }
      const total = headerEnd + HEADER_END.length + length;
      if (pending.length < total) return;
      pending = pending.subarray(total);
      done(Number(head.slice(9, 12)), startedAt);
      send();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

/**
 * Closed-loop load: `concurrency` keep-alive connections, each sending v2 text requests back to
 * back; a warm-up, then a measured window of `durationMs`. Items count the titles answered with 200.
 */
export async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  const requests = encodeRequests(options, url.host);
  const latencies: number[] = [];
  let errors = 0;
  const warmUntil = performance.now() + options.warmUpMs;
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureUntil = Number.POSITIVE_INFINITY;
  const record = (status: number, startedAt: number): void => {
    const now = performance.now();
    if (startedAt < measureFrom || now > measureUntil) return;
    if (status === 200) latencies.push(now - startedAt);
    else errors++;
  };
  const step = requests.length / options.concurrency;
  // Handled at once: a connection the server drops during the warm-up must fail the run clearly.
  const failures: Error[] = [];
  const connections = Array.from({ length: options.concurrency }, (_, index) =>
    runConnection(url, requests, Math.floor(index * step), () => measureUntil, record).catch((error: unknown) => {
      failures.push(error instanceof Error ? error : new Error(String(error)));
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, warmUntil - performance.now())));
  measureFrom = performance.now();
  measureUntil = measureFrom + options.durationMs;
  await Promise.all(connections);
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} of ${options.concurrency} connections to ${options.baseUrl} failed: ${failures[0]?.message ?? ''}`,
    );
  }
  const seconds = options.durationMs / 1000;
  latencies.sort((a, b) => a - b);
  return {
    itemsPerSecond: (latencies.length * options.titlesPerRequest) / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}
