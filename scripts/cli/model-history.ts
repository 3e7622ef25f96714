import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const run = promisify(execFile);

/** One commit that changed a stack's release.yaml: what the stack ran from then on. */
export interface ReleaseChange {
  readonly commit: string;
  readonly date: string;
  readonly author: string;
  readonly subject: string;
  readonly modelVersion: string;
  readonly canaryTrafficPercent: string;
  readonly images: string;
}

/** The fields of a release.yaml the history shows; anything missing reads as `?`. */
export function releaseSummary(text: string): Pick<ReleaseChange, 'modelVersion' | 'canaryTrafficPercent' | 'images'> {
  const release = (parse(text) ?? {}) as {
    model?: { version?: unknown };
    canaryTrafficPercent?: unknown;
    images?: Record<string, unknown>;
  };
  const images = Object.entries(release.images ?? {}).map(([name, tag]) => `${name}@${String(tag).slice(0, 12)}`);
  return {
    modelVersion: String(release.model?.version ?? '?'),
    canaryTrafficPercent: release.canaryTrafficPercent === undefined ? '?' : String(release.canaryTrafficPercent),
    images: images.join(' ') || '?',
  };
}

/**
 * The deployment history of a stack: `git log` of `stacks/<stack>/release.yaml`, newest first, each commit with
 * the model version, canary share and images the file named after it.
 */
export async function releaseHistory(repo: string, stack: string): Promise<ReleaseChange[]> {
  const file = `stacks/${stack}/release.yaml`;
  const { stdout } = await run('git', ['log', '--format=%H%x09%aI%x09%an%x09%s', '--', file], { cwd: repo });
  const commits = stdout.split('\n').filter((line) => line !== '');
  return Promise.all(
    commits.map(async (line) => {
      const [commit = '', date = '', author = '', ...subject] = line.split('\t');
      const shown = await run('git', ['show', `${commit}:${file}`], { cwd: repo }).then(
        (result) => result.stdout,
        () => '',
      );
      return { commit, date, author, subject: subject.join('\t'), ...releaseSummary(shown) };
    }),
  );
}

/** The history as an aligned table a person reads. */
export function historyTable(changes: readonly ReleaseChange[]): string {
  const rows = [
    ['date', 'commit', 'model', 'canary %', 'images', 'author', 'change'],
    ...changes.map((change) => [
      change.date.slice(0, 16).replace('T', ' '),
      change.commit.slice(0, 12),
      change.modelVersion,
      change.canaryTrafficPercent,
      change.images,
      change.author,
      change.subject,
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '),
    )
    .join('\n');
}
