import { parse } from 'yaml';
import { buildKubeconfig } from './kubeconfig';

describe('kubeconfig', () => {
  const kubeconfig: unknown = parse(
    buildKubeconfig({ clusterName: 'category-match-dev-gke', endpoint: '203.0.113.10', caCertificate: 'Q0E=' }),
  );

  it('points at the cluster endpoint over HTTPS with its CA', () => {
    expect(kubeconfig).toMatchObject({
      'current-context': 'category-match-dev-gke',
      clusters: [{ cluster: { server: 'https://203.0.113.10', 'certificate-authority-data': 'Q0E=' } }],
    });
  });

  it('authenticates through gke-gcloud-auth-plugin, holding no static credential', () => {
    expect(kubeconfig).toMatchObject({
      users: [
        { user: { exec: { command: 'gke-gcloud-auth-plugin', apiVersion: 'client.authentication.k8s.io/v1beta1' } } },
      ],
    });
    expect(JSON.stringify(kubeconfig)).not.toMatch(/token|password|client-key/);
  });

  it('rejects a cluster without an endpoint', () => {
    expect(() => buildKubeconfig({ clusterName: 'c', endpoint: '', caCertificate: 'x' })).toThrow(
      /reports no endpoint/,
    );
  });
});
