// Jest runs TypeScript through ts-jest in ESM mode (`npm test` sets
// --experimental-vm-modules). One throwaway PostgreSQL cluster serves the whole
// run: global-setup starts it (or uses TEST_DATABASE_URL) and each test file
// creates its own databases on it.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 180_000,
  maxWorkers: 2,
  verbose: true
}
