import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { historyTable, releaseHistory } from './model-history';

const repo = mkdtempSync(path.join(tmpdir(), 'release-history-'));
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], { cwd: repo });

function commitRelease(version: string, canary: number, message: string): void {
  writeFileSync(
    path.join(repo, 'stacks', 'dev', 'release.yaml'),
    `model:\n  name: category-classifier\n  version: ${version}\ncanaryTrafficPercent: ${canary}\nimages:\n  worker: 4a65601b8685603219ec729ad693c4e03d68946c\n`,
  );
  git('add', '.');
  git('commit', '-q', '-m', message);
}

beforeAll(() => {
  mkdirSync(path.join(repo, 'stacks', 'dev'), { recursive: true });
  git('init', '-q');
  commitRelease('v1', 100, 'First release');
  commitRelease('v2', 10, 'Canary v2 at 10 %');
  writeFileSync(path.join(repo, 'README.md'), 'not a release\n');
  git('add', '.');
  git('commit', '-q', '-m', 'Docs only');
  commitRelease('v2', 100, 'Promote v2');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("a stack's deployment history", () => {
  it('lists the commits of its release.yaml, newest first, with the model version and canary share of each', async () => {
    const history = await releaseHistory(repo, 'dev');
    expect(
      history.map(({ modelVersion, canaryTrafficPercent, subject, author }) => ({
        modelVersion,
        canaryTrafficPercent,
        subject,
        author,
      })),
    ).toEqual([
      { modelVersion: 'v2', canaryTrafficPercent: '100', subject: 'Promote v2', author: 'Ada' },
      { modelVersion: 'v2', canaryTrafficPercent: '10', subject: 'Canary v2 at 10 %', author: 'Ada' },
      { modelVersion: 'v1', canaryTrafficPercent: '100', subject: 'First release', author: 'Ada' },
    ]);
    const table = historyTable(history).split('\n');
    expect(table[0]).toMatch(/^date +commit +model +canary % +images +author +change$/);
    expect(table[1]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d +[0-9a-f]{12} +v2 +100 +worker@4a65601b8685 +Ada +Promote v2$/,
    );
    expect(table).toHaveLength(4);
  });

  it('is empty for a stack without a release file', async () => {
    expect(await releaseHistory(repo, 'ops')).toEqual([]);
  });
});
