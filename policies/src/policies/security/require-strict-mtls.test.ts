import { fixtures, withChange } from '../../../test/fixtures';
import { validateStack } from '../../../test/harness';
import { requireStrictMtls as policy } from './require-strict-mtls';

describe('require-strict-mtls', () => {
  it('passes the application namespace with a STRICT namespace-wide policy', async () => {
    expect(await validateStack(policy, [fixtures.inferenceService(), fixtures.peerAuthentication()])).toEqual([]);
  });

  it('flags the application namespace without a PeerAuthentication, naming the namespace and the fix', async () => {
    expect(await validateStack(policy, [fixtures.inferenceService()])).toEqual([
      expect.stringMatching(
        /Namespace "category-match" has no namespace-wide STRICT PeerAuthentication.*mtls.mode: STRICT/,
      ),
    ]);
  });

  it('flags a PERMISSIVE policy in an application namespace', async () => {
    const permissive = { ...withChange(fixtures.peerAuthentication(), 'spec.mtls.mode', 'PERMISSIVE'), name: 'legacy' };
    expect(await validateStack(policy, [fixtures.peerAuthentication(), permissive])).toEqual([
      expect.stringMatching(/PeerAuthentication "legacy" allows plain-text traffic \(PERMISSIVE\)/),
    ]);
  });

  it('accepts a mesh-wide STRICT policy in the root namespace', async () => {
    expect(
      await validateStack(policy, [fixtures.inferenceService(), fixtures.peerAuthentication('istio-system')]),
    ).toEqual([]);
  });

  it('counts the namespaces of Kafka workers as application namespaces', async () => {
    const worker = withChange(fixtures.worker(), 'metadata.namespace', 'workers');
    expect(await validateStack(policy, [fixtures.peerAuthentication(), worker])).toEqual([
      expect.stringMatching(/Namespace "workers"/),
    ]);
  });

  it('checks namespaces named in the policy config', async () => {
    expect(await validateStack(policy, [fixtures.peerAuthentication()], { applicationNamespaces: ['shop'] })).toEqual([
      expect.stringMatching(/Namespace "shop"/),
    ]);
  });

  it('leaves platform namespaces such as knative-serving alone', async () => {
    expect(await validateStack(policy, [fixtures.peerAuthentication(), fixtures.knativeNamespace()])).toEqual([]);
  });
});
