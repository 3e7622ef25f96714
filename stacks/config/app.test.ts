import { appConfig, appConfigProblems } from './app';

const gpuPool = { gpuMaxNodes: 2, gpuAcceleratorCount: 1 };

describe('app config section', () => {
  it('defaults to Pulumi delivery and a model API that scales to zero', () => {
    expect(appConfig.parse({})).toMatchObject({ delivery: 'pulumi', modelApiMinReplicas: 0, gitRevision: 'main' });
  });

  it('reads numbers from the text Pulumi hands over and refuses what is not one', () => {
    expect(appConfig.parse({ modelApiMinReplicas: '1' }).modelApiMinReplicas).toBe(1);
    const parsed = appConfig.safeParse({ modelApiTimeoutSeconds: 'ten', delivery: 'flux' });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['delivery', 'modelApiTimeoutSeconds']);
  });

  it('refuses a timeout too short for a cold GPU start', () => {
    expect(appConfig.safeParse({ modelApiTimeoutSeconds: '30' }).error?.issues[0]?.message).toBe(
      'expected at least 60',
    );
  });

  it('accepts only an https Git URL', () => {
    expect(appConfig.safeParse({ gitRepoUrl: 'git@github.com:example/repo.git' }).success).toBe(false);
    expect(appConfig.safeParse({ gitRepoUrl: 'https://github.com/example/repo.git' }).success).toBe(true);
  });

  it('needs a Git URL for Argo CD delivery', () => {
    const config = { ...appConfig.parse({ delivery: 'argocd' }), ...gpuPool };
    expect(appConfigProblems(config)).toEqual([
      'category-match:gitRepoUrl: required when category-match:delivery is "argocd"',
    ]);
  });

  it('refuses a minimum above the maximum and more predictors than the GPU pool holds', () => {
    const config = { ...appConfig.parse({ modelApiMinReplicas: '3', modelApiMaxReplicas: '3' }), ...gpuPool };
    expect(appConfigProblems(config)).toEqual([
      expect.stringContaining('category-match:modelApiMaxReplicas (3) × modelApiGpus (1) exceeds the GPUs of the pool'),
    ]);
    const inverted = { ...appConfig.parse({ modelApiMinReplicas: '2', modelApiMaxReplicas: '1' }), ...gpuPool };
    expect(appConfigProblems(inverted)).toEqual([
      'category-match:modelApiMinReplicas (2) exceeds category-match:modelApiMaxReplicas (1)',
    ]);
  });
});
