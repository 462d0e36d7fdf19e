// One linter for the whole tree (Prettier formats; ESLint judges).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '.slipway/**', '.nx/**', 'test-artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          'tsconfig.check.json',
          'libs/*/tsconfig.json',
          'workflows/tsconfig.json',
          'activities/tsconfig.json',
          'services/*/tsconfig.json',
          'gateway/tsconfig.json',
          'bench/tsconfig.json',
          'web/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@nx': nx },
    rules: {
      eqeqeq: 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-invalid-void-type': 'off',
      // GraphQL models are shapes: resolvers return plain objects of them.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:temporal-types', onlyDependOnLibsWithTags: ['scope:domain'] },
            {
              sourceTag: 'scope:workflows',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:temporal-types'],
            },
            {
              sourceTag: 'scope:lib',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:temporal-types'],
            },
            {
              sourceTag: 'scope:activities',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:temporal-types'],
            },
            {
              sourceTag: 'scope:service',
              onlyDependOnLibsWithTags: [
                'scope:domain',
                'scope:lib',
                'scope:temporal-types',
                'scope:activities',
                'scope:workflows',
                'scope:testing',
              ],
            },
            {
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: [
                'scope:domain',
                'scope:lib',
                'scope:temporal-types',
                'scope:testing',
              ],
            },
            {
              sourceTag: 'scope:testing',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:temporal-types'],
            },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:bench',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:lib', 'scope:testing'],
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code is replayed: no I/O and no Node built-ins, ever.
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinModules.flatMap((name) => [name, `node:${name}`]),
            {
              name: '@slipway/domain',
              message: 'Workflow code takes values from @slipway/domain/rules (no parser in the bundle).',
              allowTypeImports: true,
            },
          ],
          patterns: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/demo/**'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      parserOptions: { project: false, projectService: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        globalThis: 'readonly',
      },
    },
  },
  {
    // The demo app is plain CommonJS with no dependencies, as a user's app would be.
    files: ['scripts/demo/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  prettier,
);
