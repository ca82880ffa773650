import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources: the `@cordon/source` export condition resolves every workspace package to its
// src/ (plain `node`, as in the image, resolves them to the compiled dist/), in the test files and in processes
// and worker threads the tests start from them.
const fromSources = {
  ssr: { resolve: { conditions: ['@cordon/source', ...defaultServerConditions] } },
};
const execArgv = ['--conditions=@cordon/source'];

// Two projects: `unit` runs pure code (no broker, no database); `integration` runs against the real
// Apache Kafka broker (started once per run by test/global-setup.ts unless KAFKA_BROKERS is set) and the
// real PostgreSQL server (DATABASE_URL, or the local server on 127.0.0.1:5432).
export default defineConfig({
  test: {
    projects: [
      {
        ...fromSources,
        test: {
          name: 'unit',
          execArgv,
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        ...fromSources,
        test: {
          name: 'integration',
          execArgv,
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
