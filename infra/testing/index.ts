/**
 * Shared Pulumi test helpers for the infrastructure and the policy pack.
 *
 * - `setMocks({ stack })` installs mocks that record every registered resource (type token, name,
 *   inputs with outputs resolved); call it before the code under test creates resources.
 * - `unwrap(output)` resolves an `Output` for an assertion.
 *
 * Running a whole stack under these mocks (`runStackWithMocks`) lives beside the program it runs,
 * in `stacks/testing/`.
 *
 * Assert on recorded inputs (what the program asked for), never on the mocks' echo of them. The
 * mocks are process-wide: await one run before starting the next (jest runs each file in its own
 * process, so files do not interfere).
 */
export { computedOutputs, projectName, ResourceRecorder, revealSecrets, setMocks, settle, unwrap } from './mocks';
export type { MockOptions, RecordedResource } from './mocks';
