/**
 * Shared Pulumi test helpers for the infrastructure and the policy pack.
 *
 * - `setMocks({ stack })` installs mocks that record every registered resource (type token, name,
 *   inputs with outputs resolved); call it before the code under test creates resources.
 * - `unwrap(output)` resolves an `Output` for an assertion.
 * - `runStackWithMocks('dev' | 'ops')` runs the whole program with that stack's config from
 *   `Pulumi.yaml` and `Pulumi.<stack>.yaml` and returns the recorded resources and resolved outputs:
 *
 *       const { recorder } = await runStackWithMocks('dev');
 *       const gpu = recorder.get('gcp:container/nodePool:NodePool', 'category-match-dev-nodes-gpu');
 *       expect(gpu.inputs['autoscaling']).toMatchObject({ totalMinNodeCount: 0 });
 *
 * - `setStackConfig('dev' | 'ops')` gives the runtime a stack's config without running anything.
 *
 * Assert on recorded inputs (what the program asked for), never on the mocks' echo of them. The
 * mocks are process-wide: await one run before starting the next (jest runs each file in its own
 * process, so files do not interfere).
 */
export { computedOutputs, projectName, ResourceRecorder, revealSecrets, setMocks, settle, unwrap } from './mocks';
export type { MockOptions, RecordedResource } from './mocks';
export {
  readProjectConfigDeclarations,
  readStackConfig,
  readStackConfigText,
  repoRoot,
  runStackWithMocks,
  setStackConfig,
} from './stack';
export type { StackName, StackRun, StackRunOptions } from './stack';
