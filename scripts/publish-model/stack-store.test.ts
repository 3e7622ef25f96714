import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stackModelStore } from './stack-store';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('model store of a stack', () => {
  it('dev keeps its models on the disk, written through the writer claim in the serving namespace', () => {
    expect(stackModelStore(repoRoot, 'dev')).toEqual({
      uri: 'pvc://model-store',
      namespace: 'category-match',
      writerClaim: 'model-store-writer',
      cluster: { contextIncludes: 'category-match-dev-gke', createdBy: 'pulumi up -s dev' },
    });
  });

  it('ops keeps its models in the stack bucket of its GCP project', () => {
    const store = stackModelStore(repoRoot, 'ops');
    expect(store.uri).toMatch(/^gs:\/\/[a-z0-9-]+-ops-models$/);
    expect(store.writerClaim).toBeUndefined();
  });

  it('local writes to the claim the existing cluster has, through that claim', () => {
    expect(stackModelStore(repoRoot, 'local')).toEqual({
      uri: 'pvc://model-store',
      namespace: 'category-match',
      writerClaim: 'model-store',
      cluster: { createdBy: 'you create it: docs/existing-cluster.md' },
    });
  });

  describe('with stack files of its own', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'stack-store-'));
      await cp(path.join(repoRoot, 'Pulumi.yaml'), path.join(dir, 'Pulumi.yaml'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('names the bucket after the configured project', async () => {
      await writeFile(
        path.join(dir, 'Pulumi.demo.yaml'),
        'config:\n  category-match:gcpProject: acme-ml\n  category-match:modelStore: gcs\n  category-match:gitToken:\n    secure: v1:abc\n',
      );
      expect(stackModelStore(dir, 'demo')).toMatchObject({ uri: 'gs://acme-ml-demo-models' });
    });

    it('names a wrong config value instead of guessing a store', async () => {
      await writeFile(
        path.join(dir, 'Pulumi.demo.yaml'),
        'config:\n  category-match:gcpProject: acme-ml\n  category-match:modelStore: nfs\n',
      );
      expect(() => stackModelStore(dir, 'demo')).toThrow(/category-match:modelStore/);
    });

    it('says which stack file is missing', () => {
      expect(() => stackModelStore(dir, 'nope')).toThrow('Pulumi.nope.yaml not found');
    });
  });
});
