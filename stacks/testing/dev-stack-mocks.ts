import { setMocks } from '../../infra/testing';
import { setStackConfig } from './stack';

/**
 * Importing this module installs recording mocks and the dev stack's config, so a test can then
 * import a module that runs the program at load time (`stacks/index.ts`). Import it first. The app
 * is left out: its release check would reach for a registry the mocks do not have
 * (`runStackWithMocks` runs the app with lookups that find everything).
 */
export const recorder = setMocks({ stack: 'dev' });
// The entry point refuses the committed placeholder project id, as `pulumi up` would.
setStackConfig('dev', { config: { deployApp: 'false', gcpProject: 'category-match-test' } });
