// `npx jest` at the root runs every workspace's tests (each workspace keeps its own config).
const preset = require('./jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'infra',
      rootDir: __dirname,
      roots: ['<rootDir>/infra', '<rootDir>/stacks', '<rootDir>/scripts'],
      testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '<rootDir>/stacks/engine/'],
    },
    // The real Pulumi engine and a real kube-apiserver (slow: minutes).
    {
      ...preset,
      displayName: 'engine',
      rootDir: __dirname,
      roots: ['<rootDir>/stacks/engine'],
      globalSetup: '<rootDir>/stacks/engine/jest-global-setup.ts',
      globalTeardown: '<rootDir>/stacks/engine/jest-global-teardown.ts',
    },
    '<rootDir>/model-server',
    '<rootDir>/worker/jest.unit.config.js',
    '<rootDir>/worker/jest.stories.config.js',
    '<rootDir>/policies',
  ],
};
