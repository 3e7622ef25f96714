/**
 * The whole program under Pulumi's recording mocks (`infra/testing`), for the stacks' tests and
 * the policy pack's:
 *
 * - `runStackWithMocks('dev' | 'ops' | 'local')` runs the program with that stack's config from
 *   `Pulumi.yaml` and `Pulumi.<stack>.yaml` and returns the recorded resources and resolved outputs:
 *
 *       const { recorder } = await runStackWithMocks('dev');
 *       const gpu = recorder.get('gcp:container/nodePool:NodePool', 'category-match-dev-nodes-gpu');
 *       expect(gpu.inputs['autoscaling']).toMatchObject({ totalMinNodeCount: 0 });
 *
 * - `setStackConfig('dev')` gives the runtime a stack's config without running anything.
 * - `everythingPresent`: release lookups that find every image and model version (what
 *   `runStackWithMocks` uses unless told otherwise; mocks reach no registry or store).
 * - `readStackConfig('dev')` is the stack's own config keys as `parseStackConfig` takes them.
 */
export {
  everythingPresent,
  readProjectConfigDeclarations,
  readStackConfig,
  readStackConfigText,
  repoRoot,
  runStackWithMocks,
  setStackConfig,
} from './stack';
export type { StackName, StackRun, StackRunOptions } from './stack';
