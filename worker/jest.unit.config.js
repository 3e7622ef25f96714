const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // Unit tests beside the code in src/, reliability/, bench/ and the stories' support: no broker, no model server,
  // seconds.
  displayName: 'worker',
  rootDir: __dirname,
  roots: ['<rootDir>/src', '<rootDir>/reliability', '<rootDir>/bench', '<rootDir>/test/support'],
};
