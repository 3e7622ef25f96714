/**
 * The policy pack's test harness as other packages use it (`@category-match/policies/testing`):
 * the Pulumi program's tests run the pack over what the program registers.
 */
export { policies } from '../src/pack';
export { fixtures, inStack, labels, withChange } from './fixtures';
export {
  parsePolicyPackConfig,
  runPack,
  urnOf,
  validateResource,
  validateStack,
  type FakeResource,
  type PolicyPackConfigFile,
  type Violation,
} from './harness';
