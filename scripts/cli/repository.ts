import path from 'node:path';

/** The checkout this command line belongs to: the scripts it runs are files of it. */
export const repoRoot = path.resolve(__dirname, '..', '..');
