/**
 * The reference model as other packages use it (the worker's tests and bench, the demo):
 * `@category-match/model-server/reference-model`.
 */
export { buildReferenceModel } from './build';
export { ensureModelDirectory, ensureReferenceModel, productsCsv } from './cached';
// The data handling the demo and the worker's stories share with the builder, so their products,
// shuffles and held-out split are exactly the builder's.
export { parseCsv } from './csv';
export { loadDataset, splitByCluster, splitForModel } from './dataset';
export { createPrng, shuffleInPlace } from './prng';
