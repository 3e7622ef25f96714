import { missing, present } from './lookup';
import { modelVersionRecord, modelVersionRecordName, recordedModelLookup } from './model-version-record';

describe('modelVersionRecordName', () => {
  it('is a readable DNS label, distinct per storage URI', () => {
    const names = [
      'pvc://model-store/category-classifier/v1',
      'pvc://model-store/category-classifier/V1',
      'pvc://model-store/category_classifier/v1',
      `pvc://model-store/${'very-long-model-name-'.repeat(6)}/v1`,
    ].map(modelVersionRecordName);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toMatch(/^model-version-model-store-category-classifier-v1-[0-9a-f]{10}$/);
  });
});

describe('recordedModelLookup', () => {
  const uri = 'pvc://model-store/category-classifier/v1';
  const record = modelVersionRecord({
    namespace: 'serving',
    storageUri: uri,
    modelName: 'category-classifier',
    version: 'v1',
    checksums: 'abc  model.onnx\n',
    publishedAt: new Date('2026-12-01T00:00:00Z'),
  }) as { data: Record<string, string> };

  it('finds a version whose record names the same storage URI', async () => {
    const lookup = recordedModelLookup('serving', (namespace, name) =>
      Promise.resolve(namespace === 'serving' && name === modelVersionRecordName(uri) ? record.data : undefined),
    );
    await expect(lookup(uri)).resolves.toEqual(present);
    await expect(lookup('pvc://model-store/category-classifier/v2')).resolves.toEqual(missing);
  });

  it('says why when the records cannot be read', async () => {
    const lookup = recordedModelLookup('serving', () => Promise.reject(new Error('connection refused')));
    await expect(lookup(uri)).resolves.toEqual({
      state: 'unknown',
      reason: 'cannot read the version records in namespace serving: connection refused',
    });
  });
});
