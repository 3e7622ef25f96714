import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseChecksums, sha256File } from './checksums';
import { FileModelStore } from './file-store';
import { modelFiles } from './model-files';
import { ChecksumMismatchError, publishModel } from './publish';
import { VersionExistsError } from './store';

/** A store whose disk flips a bit of one file on the way in, as a faulty copy would. */
class BitFlippingStore extends FileModelStore {
  constructor(
    root: string,
    private readonly victim: string,
  ) {
    super(root);
  }

  protected override async copy(source: string, destination: string): Promise<void> {
    await super.copy(source, destination);
    if (path.basename(destination) !== this.victim) return;
    const bytes = await readFile(destination);
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    await writeFile(destination, bytes);
  }
}

describe('publish-model to a local directory store', () => {
  let work: string;
  let modelDir: string;
  let storeRoot: string;

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'publish-model-test-'));
    modelDir = path.join(work, 'model');
    storeRoot = path.join(work, 'store');
    await mkdir(modelDir);
    await writeFile(path.join(modelDir, 'model.onnx'), Buffer.from([0x08, 0x07, 0x12, 0x04, 0x6f, 0x6e, 0x6e, 0x78]));
    await writeFile(
      path.join(modelDir, 'tokenizer.json'),
      JSON.stringify({ version: '1.0', model: { type: 'WordPiece' } }),
    );
    await writeFile(path.join(modelDir, 'labels.json'), JSON.stringify(['Mobile Phones', 'TVs', 'CPUs']));
    await writeFile(path.join(modelDir, 'model.json'), JSON.stringify({ name: 'category-classifier', version: 'v1' }));
  });

  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('copies every file with a checksums manifest and returns the storage URI', async () => {
    const store = new FileModelStore(storeRoot);
    const published = await publishModel({ modelDir, version: 'v1', store });

    const versionDir = path.join(storeRoot, 'category-classifier', 'v1');
    expect(published.uri).toBe(`file://${versionDir}`);
    expect((await readdir(versionDir)).sort()).toEqual([...modelFiles, 'checksums.sha256'].sort());
    const manifest = parseChecksums(await readFile(path.join(versionDir, 'checksums.sha256'), 'utf8'));
    expect([...manifest.keys()].sort()).toEqual([...modelFiles].sort());
    for (const file of modelFiles) {
      expect(manifest.get(file)).toBe(await sha256File(path.join(modelDir, file)));
      await expect(readFile(path.join(versionDir, file))).resolves.toEqual(await readFile(path.join(modelDir, file)));
    }
    expect(await readdir(path.join(storeRoot, 'category-classifier'))).toEqual(['v1']);
  });

  it('refuses to overwrite an existing version and leaves it untouched', async () => {
    const store = new FileModelStore(storeRoot);
    await publishModel({ modelDir, version: 'v1', store });
    const before = await readFile(path.join(storeRoot, 'category-classifier', 'v1', 'labels.json'), 'utf8');
    await writeFile(path.join(modelDir, 'labels.json'), JSON.stringify(['Something else']));

    const again = publishModel({ modelDir, version: 'v1', store });
    await expect(again).rejects.toThrow(VersionExistsError);
    await expect(again).rejects.toThrow(
      /category-classifier\/v1 already exists with different files:\n {2}- labels\.json: sha256 [0-9a-f]{64} published, [0-9a-f]{64} in the source\n; versions are immutable, publish under a new --version/,
    );
    await expect(readFile(path.join(storeRoot, 'category-classifier', 'v1', 'labels.json'), 'utf8')).resolves.toBe(
      before,
    );
  });

  it('publishing the same files again writes nothing and says so', async () => {
    const store = new FileModelStore(storeRoot);
    const first = await publishModel({ modelDir, version: 'v1', store });
    const again = await publishModel({ modelDir, version: 'v1', store });
    expect(first.alreadyPublished).toBe(false);
    expect(again).toEqual({ ...first, alreadyPublished: true });
    expect(await readdir(path.join(storeRoot, 'category-classifier'))).toEqual(['v1']);
  });

  it('when a copied file differs from the source, names it and publishes nothing', async () => {
    const store = new BitFlippingStore(storeRoot, 'model.onnx');
    const attempt = publishModel({ modelDir, version: 'v1', store });

    await expect(attempt).rejects.toThrow(ChecksumMismatchError);
    await expect(attempt).rejects.toThrow(/model\.onnx: sha256 [0-9a-f]{64} in the store, [0-9a-f]{64} in the source/);
    await expect(store.published('category-classifier', 'v1')).resolves.toBeUndefined();
    expect(await readdir(path.join(storeRoot, 'category-classifier'))).toEqual([]);
  });

  it('names the missing file when the model directory is incomplete', async () => {
    await unlink(path.join(modelDir, 'tokenizer.json'));
    await expect(publishModel({ modelDir, version: 'v1', store: new FileModelStore(storeRoot) })).rejects.toThrow(
      `model directory ${modelDir} is missing tokenizer.json`,
    );
  });

  it('rejects a version that is not a plain path segment', async () => {
    for (const version of ['../v1', 'v1/extra', '', '.hidden']) {
      await expect(publishModel({ modelDir, version, store: new FileModelStore(storeRoot) })).rejects.toThrow(
        /^version ".*" is not valid/,
      );
    }
  });

  it('refuses a version that model.json contradicts', async () => {
    await expect(publishModel({ modelDir, version: 'v2', store: new FileModelStore(storeRoot) })).rejects.toThrow(
      'model.json in ' + modelDir + ' says version "v1", but --version is "v2"',
    );
  });
});
