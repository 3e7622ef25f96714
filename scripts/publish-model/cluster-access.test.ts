import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkClusterAccess, kubeconfigFiles } from './cluster-access';
import { CommandError, type CommandRunner } from './command';

/** kubectl as seen from a cluster: answers by the first two arguments, with kubectl's own messages. */
function kubectlAnswering(
  answers: Readonly<Record<string, string | CommandError>>,
): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run(command, args) {
      const key = `${command} ${args.slice(0, 2).join(' ')}`;
      calls.push(key);
      const answer = answers[key];
      if (answer === undefined) return Promise.reject(new Error(`unexpected ${key}`));
      return answer instanceof CommandError ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const target = {
  namespace: 'category-match',
  claim: 'model-store-writer',
  contextIncludes: 'category-match-dev-gke',
  createdBy: 'pulumi up -s dev',
};
const context = 'gke_acme-ml_europe-west4_category-match-dev-gke\n';

describe('checking the cluster before a pvc:// store is written', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cluster-access-'));
    await writeFile(path.join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\n');
    env = { KUBECONFIG: path.join(dir, 'kubeconfig') };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without any kubeconfig, says how to get one and never runs kubectl (it would call localhost:8080)', async () => {
    const kubectl = kubectlAnswering({});
    await expect(checkClusterAccess(kubectl, target, {}, dir)).rejects.toThrow(
      /^no kubeconfig: set KUBECONFIG .*get-credentials/,
    );
    expect(kubectl.calls).toEqual([]);
    expect(kubeconfigFiles({ KUBECONFIG: path.join(dir, 'missing') }, dir)).toEqual([]);
  });

  it('with another cluster as the current context, names both', async () => {
    const kubectl = kubectlAnswering({ 'kubectl config current-context': 'kind-playground\n' });
    await expect(checkClusterAccess(kubectl, target, env, dir)).rejects.toThrow(
      'kubectl\'s current context "kind-playground" is not the stack\'s cluster "category-match-dev-gke"',
    );
  });

  it('when the claim is missing, names it and what creates it', async () => {
    const kubectl = kubectlAnswering({
      'kubectl config current-context': context,
      'kubectl get persistentvolumeclaim': new CommandError(
        'kubectl get persistentvolumeclaim model-store-writer',
        1,
        'Error from server (NotFound): namespaces "category-match" not found\n',
      ),
    });
    await expect(checkClusterAccess(kubectl, target, env, dir)).rejects.toThrow(
      'the model store\'s claim category-match/model-store-writer does not exist in "gke_acme-ml_europe-west4_category-match-dev-gke" (pulumi up -s dev creates it)',
    );
  });

  it('when the cluster does not answer, says which context it tried', async () => {
    const kubectl = kubectlAnswering({
      'kubectl config current-context': context,
      'kubectl get persistentvolumeclaim': new CommandError(
        'kubectl get',
        1,
        'Unable to connect to the server: dial tcp 34.1.2.3:443: i/o timeout',
      ),
    });
    await expect(checkClusterAccess(kubectl, target, env, dir)).rejects.toThrow(
      /^cannot reach the cluster of context "gke_acme-ml_europe-west4_category-match-dev-gke": .*i\/o timeout/,
    );
  });

  it('passes when the context is the stack cluster and the claim exists', async () => {
    const kubectl = kubectlAnswering({
      'kubectl config current-context': context,
      'kubectl get persistentvolumeclaim': 'persistentvolumeclaim/model-store-writer\n',
    });
    await expect(checkClusterAccess(kubectl, target, env, dir)).resolves.toBeUndefined();
  });
});
