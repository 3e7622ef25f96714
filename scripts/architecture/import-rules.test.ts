import path from 'node:path';
import { importCycles, importsOf, sourceFiles, workspaceDirs, workspaceOf, type ImportEdge } from './import-graph';

const repoRoot = path.resolve(__dirname, '..', '..');
const workspaces = workspaceDirs(repoRoot);
const edges: ImportEdge[] = sourceFiles(repoRoot).flatMap((file) => importsOf(repoRoot, file));

/** Tests, their harnesses, the benches and the fault campaigns may reach across layers to drive what they test; production code may not. */
function isTestCode(file: string): boolean {
  return /\.test\.ts$|(^|\/)(test|testing|engine|bench|reliability)\//.test(file);
}

/** The root package's layers, top to bottom: a layer imports only itself and the layers below. */
const rootLayers = ['scripts', 'stacks', 'infra'] as const;

function layerOf(file: string): number | undefined {
  const index = rootLayers.findIndex((layer) => file.startsWith(`${layer}/`));
  return index < 0 ? undefined : index;
}

const describeEdge = (edge: ImportEdge): string => `${edge.from} imports ${edge.specifier}`;

describe('imports across the repository', () => {
  it('sees the files and their imports', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(workspaces).toEqual(expect.arrayContaining(['worker', 'model-server', 'policies', 'scripts/kafka']));
  });

  it('reach another workspace only through its package name, never by relative path', () => {
    const crossing = edges.filter(
      (edge) => edge.to !== undefined && workspaceOf(edge.to, workspaces) !== workspaceOf(edge.from, workspaces),
    );
    expect(crossing.map(describeEdge)).toEqual([]);
  });

  it('point down the layers of the root package (scripts, then stacks, then infra) outside tests', () => {
    const upward = edges.filter((edge) => {
      if (edge.to === undefined || isTestCode(edge.from)) return false;
      if (workspaceOf(edge.from, workspaces) !== '.' || workspaceOf(edge.to, workspaces) !== '.') return false;
      const from = layerOf(edge.from);
      const to = layerOf(edge.to);
      return from !== undefined && to !== undefined && to < from;
    });
    expect(upward.map(describeEdge)).toEqual([]);
  });

  it('never reach into a test/ folder from production code', () => {
    const intoTests = edges.filter(
      (edge) => edge.to !== undefined && !isTestCode(edge.from) && /(^|\/)test\//.test(edge.to),
    );
    expect(intoTests.map(describeEdge)).toEqual([]);
  });

  it('form no cycle, type imports included (a module and its dependencies stay layered)', () => {
    expect(importCycles(edges, { typeImports: true }).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});

describe('the import graph helpers', () => {
  it('find a cycle, and tell one closed only by a type import apart', () => {
    const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, specifier: to, typeOnly });
    expect(importCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')])).toEqual([['a', 'b', 'c', 'a']]);
    expect(importCycles([edge('a', 'b'), edge('b', 'a', true)])).toEqual([]);
    expect(importCycles([edge('a', 'b'), edge('b', 'a', true)], { typeImports: true })).toEqual([['a', 'b', 'a']]);
  });

  it('place a file in the deepest workspace that holds it', () => {
    expect(workspaceOf('scripts/kafka/broker.ts', ['.', 'scripts/kafka'])).toBe('scripts/kafka');
    expect(workspaceOf('scripts/demo/demo.ts', ['.', 'scripts/kafka'])).toBe('.');
  });
});
