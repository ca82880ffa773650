import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure code (no broker, no database); `integration` runs against the real
// Apache Kafka broker (started once per run by test/global-setup.ts unless KAFKA_BROKERS is set) and the
// real PostgreSQL server (DATABASE_URL, or the local server on 127.0.0.1:5432).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Integration tests share one broker; running their files one at a time keeps a 2-core machine honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
