import * as fs from 'node:fs';
import * as path from 'node:path';
import { configKeys } from './config';
import { ReleaseNotReadyError } from './release-check';
import { repoRoot } from './testing';

/** docs/first-deploy.md names only commands and keys that exist, and quotes the refusal as the program prints it. */
describe('docs/first-deploy.md', () => {
  const manual = fs.readFileSync(path.join(repoRoot, 'docs', 'first-deploy.md'), 'utf8');

  function scriptsOf(packageDir: string): string[] {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, packageDir, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    return Object.keys(manifest.scripts ?? {});
  }

  it('runs only npm scripts the packages define', () => {
    const named = [...manual.matchAll(/npm run (?:-w (\S+) )?([a-z][\w:-]*)/g)].map(([, workspace, script]) => ({
      workspace: workspace ?? '.',
      script,
    }));
    expect(named.length).toBeGreaterThan(3);
    const unknown = named.filter(({ workspace, script }) => !scriptsOf(workspace).includes(script ?? ''));
    expect(unknown).toEqual([]);
  });

  it('sets and removes only declared config keys', () => {
    const keys = [...manual.matchAll(/pulumi config (?:set|rm) (?:category-match:)?([A-Za-z]+)/g)].map(
      ([, key]) => key,
    );
    expect(keys).toEqual(expect.arrayContaining(['gcpProject', 'deployApp']));
    expect(keys.filter((key) => !configKeys.includes(key ?? ''))).toEqual([]);
  });

  it('quotes the refusal the program prints, around its list of problems', () => {
    const [first, ...rest] = new ReleaseNotReadyError('dev', []).message.split('\n');
    expect(manual).toContain(`error: ${first ?? ''}`);
    for (const line of rest) expect(manual).toContain(line);
  });
});
