/** ESM jest: the toolkit packages and execa are ESM-only, so they run for real, untransformed. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/setup/hermeticHome.js',
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup/quietWorkflowCommands.ts'],
  testTimeout: 60000,
  // e2e tests spawn several codex processes each; on 2 cores keep suites from starving each other.
  maxWorkers: 2,
};
