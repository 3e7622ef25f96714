import { setMocks } from '../../infra/testing';
import { setStackConfig } from './stack';

/**
 * Importing this module installs recording mocks and the dev stack's config, so a test can then
 * import a module that runs the program at load time (`stacks/index.ts`). Import it first.
 */
export const recorder = setMocks({ stack: 'dev' });
setStackConfig('dev');
