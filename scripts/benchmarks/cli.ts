import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { latestResults, renderBenchmarksPage } from './render';
import { resultsDir } from './result';

/** `npm run benchmarks`: regenerates docs/benchmarks.md from the recorded runs. */
const repoRoot = path.resolve(__dirname, '..', '..');
const page = renderBenchmarksPage(latestResults(resultsDir(repoRoot)));
writeFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), page);
console.log('wrote docs/benchmarks.md');
