import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '.cache/', '.kafka/', 'models/', '**/manifests/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              allowTypeImports: true,
              message:
                "Import kafkajs from '@category-match/worker/kafkajs' (in the worker: src/kafka/kafkajs.ts): it carries the read_committed fix without which a reader shows records of aborted transactions.",
            },
          ],
        },
      ],
    },
  },
  {
    // The entry that applies the fix, and the broker harness, which sits below the worker and cannot import it: its
    // code checks a broker's readiness and makes topics; its own tests read only records written outside transactions.
    files: ['worker/src/kafka/kafkajs.ts', 'scripts/kafka/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  { languageOptions: { globals: globals.node } },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
