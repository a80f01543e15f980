// Jest runs TypeScript as native ESM (client-node 1.4 is ESM-only), so `jest.mock` does not
// apply: code takes its dependencies as parameters and tests pass fakes of our own ports.
/** @type {import('jest').Config} */
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/env/jestGlobalSetup.ts',
      globalTeardown: '<rootDir>/test/env/jestGlobalTeardown.ts',
      // testTimeout is a global option in jest 30; projects set theirs in a setup file.
      setupFilesAfterEnv: ['<rootDir>/test/env/jestTimeout.ts'],
    },
  ],
};
