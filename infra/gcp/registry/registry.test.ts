import { registryUrl } from './registry';

describe('registry', () => {
  it('images are pushed to <region>-docker.pkg.dev/<project>/<repository>', () => {
    expect(registryUrl('europe-west4', 'my-project', 'category-match-dev-images')).toBe(
      'europe-west4-docker.pkg.dev/my-project/category-match-dev-images',
    );
  });
});
