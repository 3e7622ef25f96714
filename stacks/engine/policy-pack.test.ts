import path from 'node:path';
import { engineTestEnvironment } from './environment';
import { engineWorkspace, projectRoot, type EngineWorkspace } from './engine-workspace';

/** `pulumi preview` with the pack the way the CLI loads it: a folder, its config file beside. */
const withPack = [
  '--policy-pack',
  path.join(projectRoot, 'policies'),
  '--policy-pack-config',
  path.join(projectRoot, 'policies', 'config', 'dev.json'),
];

/** Violation lines the CLI prints: `- [mandatory]  <policy>  (<type>: <name>)`. */
function violations(output: string): string[] {
  return [...output.matchAll(/- \[(mandatory|advisory|remediate)\]\s+(\S+)\s+\(([^)]*)\)/g)].map(
    ([, level, policy, resource]) => `${level} ${policy} ${resource}`,
  );
}

describe('the policy pack run by the real engine on the local stack', () => {
  const { bin, kubeconfig } = engineTestEnvironment();
  let workspace: EngineWorkspace;

  beforeAll(async () => {
    workspace = await engineWorkspace('local', { bin, env: { KUBECONFIG: kubeconfig } });
    // The pack judges the objects, not whether their images and model exist (local-stack.test.ts does).
    await workspace.pulumiOk(['config', 'set', 'category-match:verifyRelease', 'false']);
  }, 120_000);
  afterAll(async () => {
    await workspace.dispose();
  });

  it('passes with no violation at any level', async () => {
    const preview = await workspace.pulumi(['preview', ...withPack]);
    expect({ code: preview.code, violations: violations(preview.stdout) }).toEqual({ code: 0, violations: [] });
    expect(preview.stdout).toMatch(/Policies:\s+✅ category-match@v/);
  }, 300_000);

  it('a predictor kept warm in a dev-class stack fails the preview, named by the engine with its policy', async () => {
    await workspace.pulumiOk(['config', 'set', 'category-match:modelApiMinReplicas', '1']);
    const preview = await workspace.pulumi(['preview', ...withPack]);
    expect(preview.code).not.toBe(0);
    expect(violations(preview.stdout)).toEqual([
      'mandatory require-predictor-scale-to-zero-in-dev kubernetes:serving.kserve.io/v1beta1:InferenceService: app-inferenceservice-category-match-category-classifier',
    ]);
  }, 300_000);
});
