import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionlintVersion, ensureActionlint, installedVersion } from './install';
import { describeProblem, lintWorkflows, workflowFiles } from './lint';

// The first run on a fresh machine builds actionlint from the Go module proxy.
const buildTimeoutMs = 10 * 60 * 1000;

describe('workflow lint', () => {
  beforeAll(async () => {
    await ensureActionlint();
  }, buildTimeoutMs);

  it('installs the pinned actionlint version into the repository cache', async () => {
    await expect(installedVersion(await ensureActionlint())).resolves.toBe(actionlintVersion);
  });

  it('every workflow passes actionlint', async () => {
    const problems = await lintWorkflows();
    expect(problems.map(describeProblem)).toEqual([]);
  }, 120_000);

  it('reports a workflow with an undefined expression and a bad runner label', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'workflow-lint-'));
    try {
      const file = path.join(dir, 'broken.yml');
      await writeFile(
        file,
        [
          'on: push',
          'jobs:',
          '  build:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: echo "${{ github.no_such_field }}"',
          '',
        ].join('\n'),
      );
      const problems = await lintWorkflows([file]);
      expect(problems.map((problem) => problem.kind)).toContain('expression');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('workflow action pins', () => {
  it('pins every action to a full commit SHA with its release in a comment', async () => {
    const unpinned: string[] = [];
    for (const file of await workflowFiles()) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, index) => {
        const match = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (match?.[1] === undefined || match[1].startsWith('./')) return;
        const pinned = /@[0-9a-f]{40}$/.test(match[1]) && /#\s*v\d+\.\d+\.\d+\s*$/.test(match[2] ?? '');
        if (!pinned) unpinned.push(`${path.basename(file)}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(unpinned).toEqual([]);
  });
});
