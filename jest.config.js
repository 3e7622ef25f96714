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
    },
    '<rootDir>/model-server',
    '<rootDir>/worker',
    '<rootDir>/policies',
  ],
};
