import { FileModelStore } from './file-store';
import { GcsModelStore } from './gcs-store';
import { PvcModelStore } from './pvc-store';
import { openStore } from './stores';

describe('opening a model store from its URI', () => {
  it('a file:// URI opens a directory store whose versions are file:// URIs', () => {
    const store = openStore('file:///srv/models');
    expect(store).toBeInstanceOf(FileModelStore);
    expect(store.versionUri('category-classifier', 'v1')).toBe('file:///srv/models/category-classifier/v1');
  });

  it('a gs:// URI keeps its prefix in the version URI', () => {
    const store = openStore('gs://acme-ml-ops-models/serving/');
    expect(store).toBeInstanceOf(GcsModelStore);
    expect(store.versionUri('category-classifier', 'v2')).toBe(
      'gs://acme-ml-ops-models/serving/category-classifier/v2',
    );
  });

  it('a pvc:// URI names the claim predictors read, as KServe expects', () => {
    const store = openStore('pvc://model-store', { namespace: 'category-match', writerClaim: 'model-store-writer' });
    expect(store).toBeInstanceOf(PvcModelStore);
    expect(store.versionUri('category-classifier', 'v3')).toBe('pvc://model-store/category-classifier/v3');
  });

  it('a pvc:// URI without a namespace says what is missing', () => {
    expect(() => openStore('pvc://model-store')).toThrow('pvc:// store needs the namespace of its claim');
  });

  it('names unsupported or malformed URIs', () => {
    expect(() => openStore('s3://bucket')).toThrow('unsupported model store "s3://bucket"');
    expect(() => openStore('gs://')).toThrow('not a Cloud Storage URI');
    expect(() => openStore('pvc://Bad_Claim', { namespace: 'x' })).toThrow('not a PVC storage URI');
    expect(() => openStore('pvc://claim/../etc', { namespace: 'x' })).toThrow('must not contain ".."');
  });
});
