/** Benchmark results as data (`@category-match/bench-results`): the record each bench writes. */
export { resultsDir, startRun, tableOf, writeResult, type BenchResult, type Figure, type ResultTable } from './result';
export { markdownTable } from './render';
export { median, percentile } from './stats';
