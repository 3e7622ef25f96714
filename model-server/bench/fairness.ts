/**
 * Fairness bench: one-title requests against the model server alone, then with 30,000-title requests in flight
 * beside them, side by side in one run. Large requests go through the batcher in batch-sized parts interleaved
 * with other requests, so the small ones' p99 should stay within a few batch times.
 *
 *   npm run -w model-server bench:fairness [-- --duration-ms 5000 --large 30000]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resultsDir, startRun, tableOf, writeResult } from '@category-match/bench-results';
import { ensureReferenceModel, productsCsv, repoRoot } from '../src/reference-model/cached';
import { loadDataset } from '../src/reference-model/dataset';
import { generateLoad, type LoadResult } from './load';
import { startServerProcess } from './server-process';
import { round } from './stats';

const { values } = parseArgs({
  options: {
    'duration-ms': { type: 'string', default: '5000' },
    large: { type: 'string', default: '30000' },
  },
  strict: true,
});
const durationMs = Number(values['duration-ms']);
const large = Number(values.large);
if (!Number.isInteger(durationMs) || durationMs < 1000) throw new Error('--duration-ms must be at least 1000');
if (!Number.isInteger(large) || large < 1) throw new Error('--large must be a positive whole number');

const maxBatchSize = 32;
// Four clients of one title each, as a few interactive callers would be.
const smallClients = 4;

async function main(): Promise<void> {
  const run = startRun('model-server-fairness', repoRoot, {
    'max batch size': maxBatchSize,
    'titles per large request': large,
    'small clients': smallClients,
    'ms per measurement': durationMs,
  });
  const titles = loadDataset(productsCsv).products.map((product) => product.title);
  while (titles.length < large) titles.push(...titles.slice(0, large - titles.length));
  const server = await startServerProcess(await ensureReferenceModel(), [
    '--max-batch-size',
    String(maxBatchSize),
    '--body-limit-bytes',
    String(64 * 1024 * 1024),
    '--max-texts-per-request',
    String(Math.max(large, 32_768)),
  ]);
  try {
    const small = () =>
      generateLoad({
        baseUrl: server.url,
        titles,
        titlesPerRequest: 1,
        concurrency: smallClients,
        warmUpMs: 500,
        durationMs,
      });
    const alone = await small();
    const [beside, largeLoad] = await Promise.all([
      small(),
      generateLoad({ baseUrl: server.url, titles, titlesPerRequest: large, concurrency: 1, warmUpMs: 0, durationMs }),
    ]);
    const rows = [
      { load: 'one-title requests alone', ...figures(alone) },
      { load: `one-title requests, ${large}-title requests in flight beside them`, ...figures(beside) },
      { load: `the ${large}-title requests themselves`, ...figures(largeLoad) },
    ];
    console.table(rows);
    const file = writeResult(
      run.finish({
        figures: [
          { name: 'one-title p99 alone', unit: 'ms', values: [alone.p99Ms] },
          { name: `one-title p99 with ${large}-title requests in flight`, unit: 'ms', values: [beside.p99Ms] },
          { name: `${large}-title request p50`, unit: 'ms', values: [largeLoad.p50Ms] },
        ],
        tables: [tableOf(`model server, batch size ${maxBatchSize}, reference model, ${durationMs} ms each`, rows)],
      }),
      resultsDir(repoRoot),
    );
    console.log(`recorded in ${path.relative(repoRoot, file)}; npm run benchmarks regenerates docs/benchmarks.md`);
  } finally {
    await server.stop();
  }
}

function figures(result: LoadResult) {
  return {
    'p50 ms': round(result.p50Ms),
    'p99 ms': round(result.p99Ms),
    'items/s': round(result.itemsPerSecond, 0),
    errors: result.errors,
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`fairness bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
