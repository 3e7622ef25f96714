import path from 'node:path';
import { repoRoot } from '../../stacks/release';

export { repoRoot };

/** A path as reports show it: relative to the repository when inside it, else as given. */
export function shownPath(file: string): string {
  const relative = path.relative(repoRoot, file);
  return relative.startsWith('..') ? file : relative;
}
