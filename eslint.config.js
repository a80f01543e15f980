import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// What each folder of src/ must not import (DESIGN.md §2: controllers → domain, runtime, kube, aws, api;
// domain and api import nothing with side effects; runtime knows neither AWS nor our CRDs; only main.ts
// wires). `runtime` may name kube types: the run context carries the Kubernetes clients.
const FORBIDDEN_LAYERS = {
  api: ['aws', 'cli', 'controllers', 'directory', 'domain', 'kube', 'observability', 'runtime', 'main'],
  domain: ['aws', 'cli', 'controllers', 'directory', 'kube', 'observability', 'runtime', 'main'],
  aws: ['cli', 'controllers', 'directory', 'domain', 'kube', 'runtime', 'main'],
  directory: ['aws', 'cli', 'controllers', 'kube', 'runtime', 'main'],
  kube: ['aws', 'cli', 'controllers', 'directory', 'domain', 'main'],
  observability: ['aws', 'cli', 'controllers', 'directory', 'domain', 'kube', 'runtime', 'main'],
  runtime: ['aws', 'cli', 'controllers', 'directory', 'domain', 'main'],
  controllers: ['cli', 'main'],
  cli: ['controllers', 'directory'],
  main: [],
};

/**
 * The import restrictions of the files `depth` folders below src/<layer>/: the shipped-product rules plus its
 * layer's. Patterns match the import text, not the resolved path, hence one set per depth (`../directory`
 * is src/directory from src/domain/x.ts but src/domain/directory from src/domain/validation/x.ts).
 */
function restrictions(layer, forbidden, depth) {
  const up = '../'.repeat(depth + 1);
  const shippedProduct = {
    // The shipped product never depends on the development environment or on tests.
    group: ['**/devenv/**', '**/test/**', '**/bench/**', '**/scripts/**'],
    message: 'src/ is the shipped product: it must not import devenv/, test/, bench/ or scripts/',
  };
  // Importing the SDK's CommonJS packages from ES modules costs ~11 MiB RSS for good.
  const awsSdkValues = {
    group: ['@aws-sdk/*'],
    message: 'load AWS SDK values through src/aws/sdk.ts (require(): ~11 MiB less RSS); types may be imported',
    allowTypeImports: true,
  };
  const layering = {
    group: forbidden.map((f) => (f === 'main' ? `${up}main.js` : `${up}${f}/**`)),
    message: `src/${layer} may not import ${forbidden.join(', ')} (DESIGN.md §2 dependency rule)`,
  };
  return {
    paths: [
      {
        // The operator's memory budget: a static import of client-node loads its whole generated API
        // (~50 MB RSS). src/kube/access.ts imports it dynamically, only for kubeconfigs that need it.
        name: '@kubernetes/client-node',
        message: 'costs ~50 MB RSS at run time; use src/kube/access.ts (KubeAccess)',
        allowTypeImports: true,
      },
    ],
    patterns: forbidden.length > 0 ? [shippedProduct, awsSdkValues, layering] : [shippedProduct, awsSdkValues],
  };
}

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
  // src/ as DESIGN.md §2 layers it: each folder may import only the layers below it.
  ...Object.entries(FORBIDDEN_LAYERS).flatMap(([layer, forbidden]) =>
    layer === 'main'
      ? [
          {
            files: ['src/main.ts'],
            rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictions(layer, [], 0)] },
          },
        ]
      : [0, 1, 2].map((depth) => ({
          files: [`src/${layer}/${'*/'.repeat(depth)}*.ts`],
          rules: { '@typescript-eslint/no-restricted-imports': ['error', restrictions(layer, forbidden, depth)] },
        })),
  ),
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
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/explicit-function-return-type': 'off' },
  },
  // Layout is Prettier's (npm run format; `npm run lint` checks it): no style rule may disagree.
  prettier,
);
