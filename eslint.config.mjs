// One lint config for the whole monorepo: ESLint's and typescript-eslint's recommended rules, plus the few
// that guard what matters here (no floating promises in the library, no stray console output in it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
      '.vitest-report.json',
      '.readme-blocks/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        Request: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        crypto: 'readonly',
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
      },
    },
  },
  {
    rules: {
      // `_`-prefixed names are deliberate: a parameter a signature needs, a value destructured away
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
    },
  },
  {
    // pages driven in Chromium have untyped globals (the SDK stand-in, the test page's handles)
    files: ['**/*.test.ts', '**/test-helpers.ts', '**/*-test-support.ts', 'test-support/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // the published library: a promise nobody awaits or handles is a lost error (or a lost payment write)
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-helpers.ts', '**/*-test-support.ts', 'packages/*/src/testing/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
