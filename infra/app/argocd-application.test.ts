import { argocdApplication } from './argocd-application';

describe('Argo CD application', () => {
  const application = argocdApplication({
    name: 'category-match-ops',
    argocdNamespace: 'argocd',
    repoUrl: 'https://github.com/example/category-match.git',
    revision: 'main',
    path: 'stacks/ops/manifests',
    destinationNamespace: 'category-match',
    labels: { env: 'ops' },
  });

  it('syncs the rendered manifests of the stack from the repository', () => {
    expect(application.spec).toMatchObject({
      source: {
        repoURL: 'https://github.com/example/category-match.git',
        targetRevision: 'main',
        path: 'stacks/ops/manifests',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'category-match' },
    });
  });

  it('syncs automatically, prunes what Git removed and reverts changes made by hand', () => {
    expect(application.spec).toMatchObject({ syncPolicy: { automated: { prune: true, selfHeal: true } } });
  });

  it('deletes the synced objects when the Application itself is deleted', () => {
    expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  });
});
