const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'worker',
  rootDir: __dirname,
  // Integration stories in test/ run against a real broker started once for the whole run.
  globalSetup: '<rootDir>/../scripts/kafka/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../scripts/kafka/jest-global-teardown.ts',
};
