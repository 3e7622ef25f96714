import { bucketName, projectInitials, resourceName, serviceAccountId, standardLabels } from './naming';

const dev = { project: 'category-match', stack: 'dev' };

describe('naming', () => {
  it('derives resource names from project, stack and role', () => {
    expect(resourceName(dev, 'gke')).toBe('category-match-dev-gke');
  });

  it('rejects a name longer than GCP allows, naming it and the limit', () => {
    const longStack = { project: 'category-match', stack: 'a'.repeat(50) };
    expect(() => resourceName(longStack, 'gpu')).toThrow(/is 69 characters; GCP allows at most 63/);
  });

  it('rejects a name GCP would refuse', () => {
    expect(() => resourceName({ project: 'category-match', stack: 'Dev_1' }, 'gke')).toThrow(/lowercase letters/);
  });

  it('keeps service account ids within 30 characters by abbreviating the project', () => {
    expect(projectInitials('category-match')).toBe('cm');
    expect(serviceAccountId(dev, 'predictor')).toBe('cm-dev-predictor');
    expect(() => serviceAccountId({ project: 'category-match', stack: 'integration-testing' }, 'publisher')).toThrow(
      /Service account id .* GCP allows at most 30/,
    );
  });

  it('makes bucket names globally unique with the GCP project id', () => {
    expect(bucketName(dev, 'my-project', 'models')).toBe('my-project-dev-models');
  });

  it('labels carry env, app and cost-center', () => {
    expect(standardLabels(dev, 'ml-platform')).toEqual({
      env: 'dev',
      app: 'category-match',
      'cost-center': 'ml-platform',
    });
  });

  it('rejects a label value GCP would refuse', () => {
    expect(() => standardLabels(dev, 'ML Platform')).toThrow(/Label cost-center="ML Platform"/);
  });
});
