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
describe.each(['dev', 'ops'] as const)('the %s stack under the real engine', (stack) => {
  const { bin } = engineTestEnvironment();

  it('runs the program up to the gcp provider, which is the only thing missing', async () => {
    const workspace = await engineWorkspace(stack, { bin });
    try {
      if (stack === 'ops')
        await workspace.pulumiOk(['config', 'set', '--secret', 'category-match:gitToken', 'token-under-test']);
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
