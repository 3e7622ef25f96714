import { diskPersistentVolumeSpec, diskVolumeHandle, modelStorageUri } from './model-store';

describe('model store decisions', () => {
  it('a model version lives at <base>/<model>/<version>', () => {
    expect(modelStorageUri('pvc://model-store', 'category-classifier', 'v1')).toBe(
      'pvc://model-store/category-classifier/v1',
    );
    expect(modelStorageUri('gs://bucket/', 'category-classifier', 'v2')).toBe('gs://bucket/category-classifier/v2');
  });

  it('rejects a model or version that would escape its directory', () => {
    expect(() => modelStorageUri('gs://bucket', 'category-classifier', '../v1')).toThrow(/Invalid version "..\/v1"/);
  });

  it('the disk is addressed by project, zone and name', () => {
    expect(diskVolumeHandle('p', 'europe-west4-a', 'models')).toBe('projects/p/zones/europe-west4-a/disks/models');
  });

  it('the reader volume is read-only-many, pinned to the disk zone and bound to its claim', () => {
    const spec = diskPersistentVolumeSpec({
      volumeHandle: 'projects/p/zones/z-a/disks/d',
      zone: 'z-a',
      sizeGb: 10,
      readOnly: true,
      claimName: 'model-store',
      namespace: 'serving',
    });
    expect(spec).toMatchObject({
      capacity: { storage: '10Gi' },
      accessModes: ['ReadOnlyMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { name: 'model-store', namespace: 'serving' },
      csi: { readOnly: true },
    });
    expect(spec.nodeAffinity.required.nodeSelectorTerms[0]?.matchExpressions[0]?.values).toEqual(['z-a']);
  });

  it('the writer volume is read-write-once, declared without the zero values the server drops', () => {
    const spec = diskPersistentVolumeSpec({
      volumeHandle: 'h',
      zone: 'z-a',
      sizeGb: 10,
      readOnly: false,
      claimName: 'model-store-writer',
      namespace: 'serving',
    });
    expect(spec.accessModes).toEqual(['ReadWriteOnce']);
    // Writable and classless are the API's zero values, which the server would not read back.
    expect(spec.csi).not.toHaveProperty('readOnly');
    expect(spec).not.toHaveProperty('storageClassName');
  });
});
