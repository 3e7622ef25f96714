import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRelease } from '../../stacks/release';
import { staleManifests } from '../../stacks/render';
import { releaseImages, withImageTag } from './release-images';

const repoRoot = path.resolve(__dirname, '..', '..');
const sha = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

describe('pointing a release at the images of one commit', () => {
  it('sets both images, keeps every comment and value else', async () => {
    const text = await readFile(path.join(repoRoot, 'stacks', 'dev', 'release.yaml'), 'utf8');
    const updated = withImageTag(text, sha, 'stacks/dev/release.yaml');
    expect(updated).toContain(`modelServer: ${sha}`);
    expect(updated).toContain(`worker: ${sha}`);
    const comments = (yaml: string) => yaml.split('\n').filter((line) => line.trimStart().startsWith('#'));
    expect(comments(updated)).toEqual(comments(text));
  });

  it('refuses a tag the images workflow cannot have pushed', () => {
    expect(() => withImageTag('images: {}\n', '0.2.0', 'f')).toThrow(
      /"0\.2\.0" is not a tag the images workflow pushes/,
    );
  });

  describe('in a copy of the repository', () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'release-images-'));
      for (const entry of ['Pulumi.yaml', 'Pulumi.ops.yaml', path.join('stacks', 'ops')]) {
        await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
      }
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('writes the release and renders the manifests Argo CD syncs, so both land in one commit', () => {
      const written = releaseImages(root, ['ops'], sha);
      expect(loadRelease('ops', root).images).toEqual({ modelServer: sha, worker: sha });
      expect(written).toContain('stacks/ops/manifests/deployment-category-match-category-match-worker.yaml');
      expect(staleManifests('ops', root)).toEqual([]);
    });
  });
});
