import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One import of a source file: what it names, where that resolved, and whether only types cross. */
export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** Repository-relative path of the imported file, for relative specifiers that resolve. */
  readonly to?: string;
  readonly typeOnly: boolean;
}

const skippedDirs = new Set(['node_modules', 'dist', 'coverage', '.cache', '.git', '.cluster', '.kafka', 'models']);

/** Every TypeScript file below `root`, repository-relative, skipping dependencies and build output. */
export function sourceFiles(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDirs.has(entry.name)) files.push(...sourceFiles(root, relative));
    } else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(relative);
    }
  }
  return files.sort();
}

const importPatterns: readonly RegExp[] = [
  // import … from 'x', export … from 'x' (possibly spanning lines)
  /^\s*(import|export)\s+(type\s+)?[^;'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  // import 'x' (side effects only)
  /^\s*(import)\s+()['"]([^'"]+)['"]/gm,
  // import('x'), require('x')
  /()()(?:\bimport|\brequire)\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Resolves a relative specifier the way TypeScript's NodeNext resolution finds a source file. */
function resolveRelative(root: string, from: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts')];
  return candidates.find(
    (candidate) => existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile(),
  );
}

/** The imports of one file. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const edges: ImportEdge[] = [];
  for (const pattern of importPatterns) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[3] ?? '';
      const typeOnly = match[2] !== undefined && match[2] !== '';
      const to = specifier.startsWith('.') ? resolveRelative(root, file, specifier) : undefined;
      edges.push({ from: file, specifier, typeOnly, ...(to === undefined ? {} : { to }) });
    }
  }
  return edges;
}

/** The workspace folders of the root package.json (`.` for the root package itself). */
export function workspaceDirs(root: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  return ['.', ...(manifest.workspaces ?? [])];
}

/** The workspace a file belongs to: the deepest workspace folder that contains it. */
export function workspaceOf(file: string, workspaces: readonly string[]): string {
  return (
    workspaces
      .filter((dir) => dir !== '.' && (file === dir || file.startsWith(`${dir}/`)))
      .sort((a, b) => b.length - a.length)[0] ?? '.'
  );
}

/** Every import cycle, each as the files around it; type-only imports count only with `typeImports`. */
export function importCycles(edges: readonly ImportEdge[], options: { typeImports?: boolean } = {}): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.to === undefined || (edge.typeOnly && options.typeImports !== true)) continue;
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of next.get(file) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (state.get(target) === undefined) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...next.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return cycles;
}
