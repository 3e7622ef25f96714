const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'policies',
  rootDir: __dirname,
};
