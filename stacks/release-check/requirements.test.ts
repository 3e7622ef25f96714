import { appObjects } from '../../infra/app/app-objects';
import { appValuesFor } from '../app-values';
import { loadRelease } from '../release';
import { readStackFiles } from '../render';
import { imagesOf, releaseRequirements } from './requirements';

describe('imagesOf', () => {
  it('finds every container image at any depth, once each, sorted', () => {
    const objects = [
      { spec: { template: { spec: { containers: [{ image: 'b:1' }, { image: 'a:1' }] } } } },
      { spec: { predictor: { model: { image: 'b:1' } }, transformer: { containers: [{ image: 'c:1' }] } } },
    ];
    expect(imagesOf(objects)).toEqual(['a:1', 'b:1', 'c:1']);
  });
});

describe('releaseRequirements', () => {
  function requirementsOf(stack: 'dev' | 'local') {
    const { project, config } = readStackFiles(stack);
    const values = appValuesFor(config, loadRelease(stack), { project, stack });
    return releaseRequirements(values, appObjects(values));
  }

  it('on a GPU stack needs the CUDA model server for the predictor, the plain one for the transformer, and the worker', () => {
    const { images, model } = requirementsOf('dev');
    const release = loadRelease('dev');
    const tag = release.images.modelServer;
    expect(images.map((image) => image.replace(/^.*\//, ''))).toEqual([
      `model-server:${tag}`,
      `model-server:${tag}-cuda`,
      `worker:${release.images.worker}`,
    ]);
    expect(model).toEqual({
      name: 'category-classifier',
      version: release.model.version,
      storageUri: `pvc://model-store/category-classifier/${release.model.version}`,
    });
  });

  it('on a CPU stack needs no CUDA image', () => {
    const { images } = requirementsOf('local');
    expect(images).toEqual(['localhost:5001/model-server:0.1.0', 'localhost:5001/worker:0.1.0']);
  });
});
