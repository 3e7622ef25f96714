import { loadRelease, parseRelease, ReleaseError } from './release';

const valid = `model:
  name: category-classifier
  version: v2
canaryTrafficPercent: 10
images:
  modelServer: 0.2.0
  worker: 0.1.0
worker:
  minReplicas: 1
  maxReplicas: 4
`;

describe('release file', () => {
  it('reads model version, canary share, image tags and worker scale', () => {
    expect(parseRelease(valid, 'release.yaml')).toEqual({
      model: { name: 'category-classifier', version: 'v2' },
      canaryTrafficPercent: 10,
      images: { modelServer: '0.2.0', worker: '0.1.0' },
      worker: { minReplicas: 1, maxReplicas: 4 },
    });
  });

  it('names the file and every wrong field', () => {
    const wrong = valid
      .replace('canaryTrafficPercent: 10', 'canaryTrafficPercent: 120')
      .replace('maxReplicas: 4', 'maxReplica: 4');
    expect(() => parseRelease(wrong, 'stacks/dev/release.yaml')).toThrow(ReleaseError);
    expect(() => parseRelease(wrong, 'stacks/dev/release.yaml')).toThrow(
      /stacks\/dev\/release.yaml:[\s\S]*canaryTrafficPercent:[\s\S]*worker/,
    );
  });

  it('refuses a minimum above the maximum', () => {
    expect(() => parseRelease(valid.replace('minReplicas: 1', 'minReplicas: 5'), 'r.yaml')).toThrow(
      /minReplicas must not exceed maxReplicas/,
    );
  });

  it('answers text that is not YAML with a clear error', () => {
    expect(() => parseRelease('model: [unclosed', 'r.yaml')).toThrow(/r.yaml:\n {2}- not valid YAML/);
  });

  it('says which stack has no release file', () => {
    expect(() => loadRelease('staging')).toThrow(/stacks\/staging\/release.yaml[\s\S]*file not found/);
  });

  it.each(['dev', 'ops'])('the committed %s release is valid', (stack) => {
    expect(loadRelease(stack).model.name).toBe('category-classifier');
  });
});
