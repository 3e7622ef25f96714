const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'model-server',
  rootDir: __dirname,
};
