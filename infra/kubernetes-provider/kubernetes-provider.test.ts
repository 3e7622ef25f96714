import * as pulumi from '@pulumi/pulumi';
import { setMocks, settle } from '../testing';
import { ClusterAccess } from './kubernetes-provider';

describe('ClusterAccess', () => {
  it('keeps the kubeconfig secret and builds the provider from it', async () => {
    const recorder = setMocks({ stack: 'dev' });
    const access = new ClusterAccess('access', { clusterName: 'gke', endpoint: '203.0.113.10', caCertificate: 'Q0E=' });
    expect(await pulumi.isSecret(access.kubeconfig)).toBe(true);
    await settle();
    const provider = recorder.get('pulumi:providers:kubernetes', 'access-provider');
    expect(provider.inputs['kubeconfig']).toEqual(expect.stringContaining('gke-gcloud-auth-plugin'));
    expect(provider.secretInputs).toEqual(['kubeconfig']);
    // Provider inputs reach the engine as text.
    expect(provider.inputs['enableServerSideApply']).toBe('true');
  });
});
