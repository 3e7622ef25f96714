import path from 'node:path';
import { imageDestinations, stackRegistry } from './image-registry';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('image registries', () => {
  it('each stack pushes to its own repository in its own region', () => {
    expect(stackRegistry(repoRoot, 'dev')).toMatch(
      /^europe-west4-docker\.pkg\.dev\/[a-z0-9-]+\/category-match-dev-images$/,
    );
    expect(stackRegistry(repoRoot, 'ops')).toMatch(
      /^us-central1-docker\.pkg\.dev\/[a-z0-9-]+\/category-match-ops-images$/,
    );
  });

  it('one build is tagged by commit in every registry, logging in to each host once', () => {
    const destinations = imageDestinations(
      ['europe-west4-docker.pkg.dev/acme/category-match-dev-images', 'europe-west4-docker.pkg.dev/acme/other-images'],
      'model-server',
      '0123abc-cuda',
    );
    expect(destinations).toEqual({
      tags: [
        'europe-west4-docker.pkg.dev/acme/category-match-dev-images/model-server:0123abc-cuda',
        'europe-west4-docker.pkg.dev/acme/other-images/model-server:0123abc-cuda',
      ],
      hosts: ['europe-west4-docker.pkg.dev'],
    });
  });

  it('names an image or tag Docker would reject', () => {
    expect(() => imageDestinations(['r'], 'Model Server', 'abc')).toThrow('image name "Model Server" is not valid');
    expect(() => imageDestinations(['r'], 'worker', 'refs/heads/main')).toThrow(
      'image tag "refs/heads/main" is not valid',
    );
  });
});
