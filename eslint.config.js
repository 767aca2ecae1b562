// ESLint for the TypeScript sources and tests: the recommended JS and typescript-eslint rules, with
// unused names allowed when they start with `_` (a destructured field dropped on purpose), Node's
// globals, and control characters allowed in regular expressions.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'native/', 'node_modules/', 'src/model/spec-types.generated.ts', 'src/manifest/schema-validator.generated.ts', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Terminal-text filters and log checks match control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
);
