// Shared jest settings: TypeScript through SWC (type-checking is `npm run typecheck`).

// Tests create ONNX sessions in their own processes, which inherit this: without it onnxruntime-node
// 1.30 sends usage telemetry (see model-server/src/native-library-defaults.ts).
process.env.ORT_DISABLE_TELEMETRY ??= '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
