import { fixtures, withChange } from '../../../test/fixtures';
import { validateResource } from '../../../test/harness';
import { forbidPlaintextSecrets as policy } from './forbid-plaintext-secrets';

describe('forbid-plaintext-secrets', () => {
  it('passes credentials taken from Secrets, plain config maps, Helm values and repo URLs', async () => {
    for (const resource of [
      fixtures.worker(),
      fixtures.configMap(),
      fixtures.release(),
      fixtures.argoApplication(),
      fixtures.inferenceService(),
    ]) {
      expect(await validateResource(policy, resource)).toEqual([]);
    }
  });

  it('flags a password given to a container as a literal env value', async () => {
    const worker = withChange(fixtures.worker(), 'spec.template.spec.containers.0.env.1', {
      name: 'KAFKA_SASL_PASSWORD',
      value: 'hunter2',
    });
    expect(await validateResource(policy, worker)).toEqual([
      expect.stringMatching(
        /Deployment "worker" container "worker" gets KAFKA_SASL_PASSWORD as a literal value.*secretKeyRef/,
      ),
    ]);
  });

  it('flags a token in a ConfigMap', async () => {
    expect(await validateResource(policy, withChange(fixtures.configMap(), 'data.GIT_TOKEN', 'ghp_x'))).toEqual([
      expect.stringMatching(/ConfigMap "worker-config" holds credential\(s\) GIT_TOKEN/),
    ]);
  });

  it('flags a password set inline in Helm values', async () => {
    expect(await validateResource(policy, withChange(fixtures.release(), 'values.adminPassword', 'hunter2'))).toEqual([
      expect.stringMatching(/Helm release "keda" sets credential value\(s\) adminPassword inline/),
    ]);
  });

  it('flags a token embedded in a Git URL', async () => {
    const app = withChange(
      fixtures.argoApplication(),
      'spec.source.repoURL',
      'https://git:ghp_x@github.com/acme/category-match.git',
    );
    expect(await validateResource(policy, app)).toEqual([
      expect.stringMatching(/Application "app" embeds a credential in its repoURL/),
    ]);
  });
});
