const preset = require('../jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: 'model-server',
  rootDir: __dirname,
  transform: {
    ...preset.transform,
    // fastify's inject (light-my-request) requires cookie 2, which ships only as ES modules.
    '/node_modules/cookie/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
};
