// Must come first: the entry point runs the program as soon as it is imported.
import { recorder } from './testing/dev-stack-mocks';
import { settle, unwrap } from '../infra/testing';
// The entry point uses `export =`, so a stack without a GKE cluster exports no undefined outputs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import program = require('./index');

describe('the program entry point', () => {
  it('reads the stack config and exports the stack outputs', async () => {
    if (program.clusterName === undefined) throw new Error('a GKE stack exports its cluster name');
    expect(await unwrap(program.clusterName)).toBe('category-match-dev-gke');
    expect(await unwrap(program.modelStoreUri)).toBe('pvc://model-store');
    expect(await unwrap(program.registryUrl)).toBe(
      'europe-west4-docker.pkg.dev/category-match-test/category-match-dev-images',
    );
    await settle();
    expect(recorder.ofType('gcp:container/cluster:Cluster')).toHaveLength(1);
  });
});
