// Must come first: the entry point runs the program as soon as it is imported.
import { recorder } from '../infra/testing/dev-stack-mocks';
import { settle, unwrap } from '../infra/testing';
import * as program from './index';

describe('the program entry point', () => {
  it('reads the stack config and exports the stack outputs', async () => {
    expect(await unwrap(program.clusterName)).toBe('category-match-dev-gke');
    expect(await unwrap(program.modelStoreUri)).toBe('pvc://model-store');
    expect(await unwrap(program.registryUrl)).toBe(
      'europe-west4-docker.pkg.dev/replace-with-your-project-id/category-match-dev-images',
    );
    await settle();
    expect(recorder.ofType('gcp:container/cluster:Cluster')).toHaveLength(1);
  });
});
