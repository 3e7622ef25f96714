import { kubectlResource, objectRef } from './live-objects';

describe('reading declared objects back from the server', () => {
  it('names core kinds alone and others by kind, version and group, as kubectl resolves them', () => {
    expect(kubectlResource({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe('ConfigMap');
    expect(kubectlResource({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('Deployment.v1.apps');
    expect(kubectlResource({ apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' })).toBe(
      'InferenceService.v1beta1.serving.kserve.io',
    );
  });

  it('takes the reference from an object, and refuses something that is not one', () => {
    expect(objectRef({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kafka' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'kafka',
    });
    expect(() => objectRef({ kind: 'Namespace' })).toThrow(/not a Kubernetes object/);
  });
});
