import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { forbidBasicAuth as policy } from './forbid-basic-auth';

describe('forbid-basic-auth', () => {
  it('passes a cluster without static credentials', async () => {
    expect(await validateResource(policy, fixtures.cluster())).toEqual([]);
  });

  it('flags a cluster that issues a client certificate', async () => {
    const certificate = withChange(
      fixtures.cluster(),
      'masterAuth.clientCertificateConfig.issueClientCertificate',
      true,
    );
    expect(await validateResource(policy, certificate)).toEqual([
      expect.stringMatching(/Cluster "cluster" issues a client certificate/),
    ]);
  });

  it('flags a basic-auth user name and password', async () => {
    const basic = withChange(
      withChange(fixtures.cluster(), 'masterAuth.username', 'admin'),
      'masterAuth.password',
      'hunter2',
    );
    expect(await validateResource(policy, basic)).toEqual([
      expect.stringMatching(/sets masterAuth.username and masterAuth.password \(basic auth\)/),
    ]);
  });
});
