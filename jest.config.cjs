/** Two projects: `unit` (specs next to the code, no servers) and `integration` (tests/, real servers). */
const moduleNameMapper = {
  '^@evalflow/domain$': '<rootDir>/libs/domain/src/index.ts',
  '^@evalflow/workflow$': '<rootDir>/libs/workflow/src/index.ts',
};
const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
// tmp/ holds the benchmarks' working copies (an older checkout's sources among them) and dist/ the builds: neither is
// code under test, and their package.json files would shadow the workspace's own packages in jest's module map.
const modulePathIgnorePatterns = ['<rootDir>/tmp/', '<rootDir>/dist/', '<rootDir>/apps/web/dist/'];

module.exports = {
  // A global option in jest 30 (ignored inside a project): integration and browser tests talk to real servers.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
      moduleNameMapper,
      modulePathIgnorePatterns,
      transform,
    },
    {
      displayName: 'integration',
      rootDir: __dirname,
      testEnvironment: 'node',
      // tests/reliability: the reliability suite (issue 15 §3), bounded here; `npm run -s test:reliability:full` for its full size.
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/e2e/**/*.test.ts', '<rootDir>/tests/reliability/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      moduleNameMapper,
      modulePathIgnorePatterns,
      transform,
    },
  ],
};
