import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        { allowExpressions: true, allowTypedFunctionExpressions: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      complexity: ['error', 10],
      'max-depth': ['error', 3],
      'max-params': ['error', 4],
      'no-console': 'off',
    },
  },
  {
    // The operator's memory budget: a static import of client-node loads its whole generated API
    // (~50 MB RSS). src/kube/access.ts imports it dynamically, only for kubeconfigs that need it.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@kubernetes/client-node',
              message: 'costs ~50 MB RSS at run time; use src/kube/access.ts (KubeAccess)',
              allowTypeImports: true,
            },
          ],
          patterns: [
            // Importing the SDK's CommonJS packages from ES modules costs ~11 MiB RSS for good.
            {
              group: ['@aws-sdk/*'],
              message:
                'load AWS SDK values through src/aws/sdk.ts (require(): ~11 MiB less RSS); types may be imported',
              allowTypeImports: true,
            },
            // The shipped product never depends on the development environment or on tests.
            {
              group: ['**/devenv/**', '**/test/**', '**/bench/**', '**/scripts/**'],
              message: 'src/ is the shipped product: it must not import devenv/, test/, bench/ or scripts/',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read as tables and sequences; complexity limits there only fragment them.
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'devenv/**/*.ts'],
    rules: {
      complexity: 'off',
      'max-params': 'off',
      '@typescript-eslint/explicit-function-return-type': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Layout is Prettier's (npm run format; `npm run lint` checks it): no style rule may disagree.
  prettier,
);
