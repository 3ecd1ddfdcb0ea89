// Two tiers: fast unit specs beside the code, e2e specs against real PostgreSQL + Redis.
const transform = { '^.+\\.ts$': 'ts-jest' };

module.exports = {
  // e2e files boot an app on a fresh database; generous on a busy 2-core machine.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
  ],
};
