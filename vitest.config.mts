import { defineConfig } from 'vitest/config'

// Two projects: `unit` (services, db, transports: real SQLite files, real sharp) and `e2e`
// (the built headless app driven in Debian's Chromium). `npm test` builds first, then runs both.
// The suite runs many test files and trainer processes at once on a 2-core machine, so each process's wasm
// backend gets one thread (a pool per process would oversubscribe the cores); the threaded build is tested on
// purpose where it matters (tests/worker/tf/training-parity.test.ts asks for 2 threads).
export default defineConfig({
  test: {
    env: { OIW_WASM_THREADS: '1' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
