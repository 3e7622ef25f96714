import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Who and what built a model version: recorded in its model.json, so a served version can be traced back. */
export interface Lineage {
  /** The command that built it. */
  readonly command: string;
  /** The repository commit of the builder, `-dirty` when the working tree had changes; `unknown` outside git. */
  readonly commit: string;
  readonly builtAt: string;
  /** sha256 of the files the server loads. */
  readonly sha256: Readonly<Record<string, string>>;
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The checkout's commit, `-dirty` when it has uncommitted changes; `unknown` when git cannot tell. */
export function builderCommit(cwd: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
    const commit = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}-dirty`;
  } catch {
    return 'unknown';
  }
}

export function lineageOf(dir: string, files: readonly string[], command: string, cwd: string, at: Date): Lineage {
  return {
    command,
    commit: builderCommit(cwd),
    builtAt: at.toISOString(),
    sha256: Object.fromEntries(files.map((file) => [file, sha256Of(path.join(dir, file))])),
  };
}
