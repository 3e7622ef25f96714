import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureActionlint, repoRoot } from './install';

const run = promisify(execFile);

export const workflowsDir = path.join(repoRoot, '.github', 'workflows');

/** One problem actionlint found, as its JSON output reports it. */
export interface WorkflowProblem {
  readonly filepath: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

/** The workflow files actionlint checks (`.yml` and `.yaml` under `.github/workflows`). */
export async function workflowFiles(dir: string = workflowsDir): Promise<string[]> {
  const entries = await readdir(dir);
  return entries
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));
}

function isProblemList(value: unknown): value is WorkflowProblem[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'message' in item);
}

/** Formats a problem like a compiler error: `file:line:col: message [kind]`. */
export function describeProblem(problem: WorkflowProblem): string {
  const file = path.relative(repoRoot, path.resolve(repoRoot, problem.filepath));
  return `${file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`;
}

/**
 * Runs the pinned actionlint over the workflow files. actionlint exits 1 when it found problems;
 * those come back as a list, while a failure to run at all is thrown.
 */
export async function lintWorkflows(files?: readonly string[]): Promise<WorkflowProblem[]> {
  const binary = await ensureActionlint({ log: (line) => process.stderr.write(`${line}\n`) });
  const targets = files ?? (await workflowFiles());
  if (targets.length === 0) throw new Error(`no workflow files in ${workflowsDir}`);
  try {
    await run(binary, ['-format', '{{json .}}', ...targets], { cwd: repoRoot, timeout: 120_000 });
    return [];
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: unknown; stderr?: unknown };
    if (failure.code === 1 && typeof failure.stdout === 'string') {
      const parsed: unknown = JSON.parse(failure.stdout);
      if (isProblemList(parsed)) return parsed;
    }
    const stderr = typeof failure.stderr === 'string' ? failure.stderr : '';
    throw new Error(`actionlint could not check the workflows: ${stderr || String(error)}`, { cause: error });
  }
}
