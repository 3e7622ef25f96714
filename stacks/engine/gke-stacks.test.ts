import { engineTestEnvironment } from './environment';
import { engineWorkspace } from './engine-workspace';

/** Every `error:` line the CLI printed, once each. */
function errors(output: string): string[] {
  return [...new Set([...output.matchAll(/^\s*error: (.*)$/gm)].map(([, message]) => message?.trim() ?? ''))];
}

/**
 * The gcp provider cannot be built here (the module proxy does not serve it), so the GKE stacks run
 * under the real engine up to their first GCP resource: the CLI accepts the project's typed config
 * and the stack file, the language host runs the TypeScript program, the config is parsed and the
 * components register; the only error is the missing gcp plugin. The GCP resources themselves are
 * covered by the mocks tests.
 */
/** What a user sets in place of the committed placeholders (docs/first-deploy.md, step 1). */
const ownValues: Readonly<Record<'dev' | 'ops', readonly (readonly string[])[]>> = {
  dev: [['config', 'set', 'category-match:gcpProject', 'category-match-engine-test']],
  ops: [
    ['config', 'set', 'category-match:gcpProject', 'category-match-engine-test'],
    ['config', 'set', 'category-match:gitRepoUrl', 'https://git.test.invalid/ml/category-match.git'],
    ['config', 'set', '--path', 'category-match:masterAuthorizedCidrs[0]', '10.99.0.0/16'],
    ['config', 'set', '--secret', 'category-match:gitToken', 'token-under-test'],
  ],
};

describe.each(['dev', 'ops'] as const)('the %s stack under the real engine', (stack) => {
  const { bin } = engineTestEnvironment();

  it('refuses the committed placeholders before anything runs, naming each key', async () => {
    const workspace = await engineWorkspace(stack, { bin });
    try {
      const preview = await workspace.pulumi(['preview']);
      expect(preview.code).not.toBe(0);
      const output = `${preview.stdout}\n${preview.stderr}`;
      expect(output).toContain(`Invalid config for stack "${stack}"`);
      expect(output).toContain(
        `category-match:gcpProject: "replace-with-your-project-id" is a placeholder, not a real value; pulumi config set category-match:gcpProject <value> -s ${stack}`,
      );
      if (stack === 'ops') {
        expect(output).toContain('category-match:gitRepoUrl: "git.example.com" is a documentation domain');
        expect(output).toContain(
          'category-match:masterAuthorizedCidrs: "203.0.113.0/24" is a documentation address range',
        );
      }
      expect(output).not.toContain('pulumi-resource-gcp');
    } finally {
      await workspace.dispose();
    }
  }, 300_000);

  it('with its own values, runs the program up to the gcp provider, which is the only thing missing', async () => {
    const workspace = await engineWorkspace(stack, { bin });
    try {
      for (const args of ownValues[stack]) await workspace.pulumiOk(args);
      const preview = await workspace.pulumi(['preview']);
      const output = `${preview.stdout}\n${preview.stderr}`;
      expect(preview.code).not.toBe(0);
      expect(errors(output)).toEqual([
        expect.stringMatching(
          /^no resource plugin 'pulumi-resource-gcp' found in the workspace at version v\d+\.\d+\.\d+ or on your \$PATH$/,
        ),
      ]);
      for (const component of [
        'category-match:gcp:Network',
        'category-match:gcp:Cluster',
        'category-match:kubernetes:ClusterAccess',
      ]) {
        expect(output).toContain(`${component} category-match-${stack}-`);
      }
    } finally {
      await workspace.dispose();
    }
  }, 300_000);
});
