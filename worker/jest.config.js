const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'worker',
  rootDir: __dirname,
};
