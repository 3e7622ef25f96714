import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { manifestFileName, renderManifests, staleManifests, writeManifests } from './render';
import { repoRoot } from './release';

/** A scratch copy of the files rendering reads, so a test can change them. */
function scratchRepository(stack: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'render-'));
  for (const file of ['Pulumi.yaml', `Pulumi.${stack}.yaml`, `stacks/${stack}/release.yaml`]) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(root, file));
  }
  return root;
}

describe('rendered manifests', () => {
  it.each(['dev', 'ops'])(
    'committed manifests of %s match a fresh render (run `npm run render -- --stack <stack>`)',
    (stack) => {
      expect(staleManifests(stack)).toEqual([]);
    },
  );

  it('a release bump makes the committed manifests stale until they are rendered again', () => {
    const root = scratchRepository('dev');
    try {
      writeManifests('dev', root);
      expect(staleManifests('dev', root)).toEqual([]);
      const release = path.join(root, 'stacks/dev/release.yaml');
      fs.writeFileSync(release, fs.readFileSync(release, 'utf8').replace('version: v1', 'version: v2'));
      expect(staleManifests('dev', root)).toEqual(['inferenceservice-category-match-category-classifier.yaml']);
      writeManifests('dev', root);
      expect(staleManifests('dev', root)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('a file no object renders to any more counts as stale and is removed by the next render', () => {
    const root = scratchRepository('dev');
    try {
      writeManifests('dev', root);
      const leftover = path.join(root, 'stacks/dev/manifests/deployment-category-match-old.yaml');
      fs.writeFileSync(leftover, 'kind: Deployment\n');
      expect(staleManifests('dev', root)).toEqual(['deployment-category-match-old.yaml']);
      writeManifests('dev', root);
      expect(fs.existsSync(leftover)).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('each file holds one object under its kind, namespace and name', () => {
    for (const [file, text] of renderManifests('ops')) {
      const object: unknown = parse(text);
      expect(typeof object).toBe('object');
      expect(manifestFileName(object as Parameters<typeof manifestFileName>[0])).toBe(file);
    }
  });

  it('names the bad stack name instead of reading outside the repository', () => {
    expect(() => renderManifests('../etc')).toThrow('stack name "../etc" is not valid');
  });
});
