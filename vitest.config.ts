import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    // A test with no assertion is a test that cannot fail.
    expect: { requireAssertions: true },
    env: { NO_COLOR: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Pure logic against src/: no git, no build. `npm run test:unit`.
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        // The built CLI against real git in temporary repositories. The global setup builds
        // dist/ first, so these tests never run a stale build.
        extends: true,
        test: {
          name: 'git',
          include: ['test/git/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/property/**/*.test.ts'],
          globalSetup: ['test/helpers/build.ts'],
        },
      },
    ],
  },
})
