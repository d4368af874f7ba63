// ESLint: typescript-eslint's recommended and type-checked rules over the code we write.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', '__tests__/setup/*.js'] }, tsconfigRootDir: import.meta.dirname },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      // Sanitisers and name quoting match control characters on purpose.
      'no-control-regex': 'off',
      // Async functions that implement a Promise-returning contract (hooks, memory, fixtures) need no await of their own.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
