const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // Integration stories in test/: a real broker started once for the whole run, real model servers.
  displayName: 'worker-stories',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  // The support's own unit tests run with the unit tests.
  testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '<rootDir>/test/support/'],
  globalSetup: require.resolve('@category-match/kafka-harness/jest-global-setup'),
  globalTeardown: require.resolve('@category-match/kafka-harness/jest-global-teardown'),
};
