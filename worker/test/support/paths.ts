import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const productsCsv = path.resolve(repoRoot, '..', 'shared', 'data', 'pricerunner', 'products.csv');
export const testStateRoot = path.join(repoRoot, '.kafka');
