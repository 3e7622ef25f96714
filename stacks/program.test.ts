import { runStackWithMocks } from './testing';

describe.each(['dev', 'ops'] as const)('the %s stack', (stack) => {
  it('exports the cluster, its kubeconfig, the registry and the model store', async () => {
    const { outputs, secretOutputs } = await runStackWithMocks(stack);
    expect(outputs).toMatchObject({
      clusterName: `category-match-${stack}-gke`,
      clusterEndpoint: expect.any(String),
      kubeconfig: expect.stringContaining('gke-gcloud-auth-plugin'),
      registryUrl: expect.stringMatching(/^[a-z0-9-]+-docker\.pkg\.dev\/replace-with-your-project-id\//),
      modelStoreUri: stack === 'dev' ? 'pvc://model-store' : 'gs://replace-with-your-project-id-ops-models',
    });
    expect(secretOutputs).toEqual(['kubeconfig']);
  });
});

describe('pulumi preview', () => {
  it('registers the same resources as an update', async () => {
    const preview = await runStackWithMocks('dev', { preview: true });
    const update = await runStackWithMocks('dev');
    const names = (run: typeof update) => run.resources.map((resource) => `${resource.type} ${resource.name}`).sort();
    expect(names(preview)).toEqual(names(update));
  });
});
