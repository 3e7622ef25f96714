import { servingNamespaceLabels } from './serving-namespace';

describe('serving namespace', () => {
  it('carries the standard labels and asks Istio to inject sidecars', () => {
    expect(servingNamespaceLabels({ env: 'dev', app: 'category-match', 'cost-center': 'ml' })).toEqual({
      env: 'dev',
      app: 'category-match',
      'cost-center': 'ml',
      'istio-injection': 'enabled',
    });
  });
});
