/** list-sync's process entry: wiring only. Reads the config, starts the service, drains on SIGTERM/SIGINT. */
import { createLogger, Lifecycle } from '@cordon/platform';
import { startListSync } from './app.js';
import { loadListSyncConfig, SERVICE_NAME } from './config.js';

const config = loadListSyncConfig(process.env);
const logger = createLogger(SERVICE_NAME, { level: config.logLevel });
const lifecycle = new Lifecycle(logger);
lifecycle.installSignalHandlers();

try {
  const running = await startListSync(config, { logger });
  lifecycle.onShutdown(SERVICE_NAME, () => running.stop());
  logger.info(
    {
      grpcPort: running.grpcPort,
      opsPort: running.opsPort,
      sources: config.sources.map((s) => ({ source: s.slug, format: s.format, location: s.location.kind })),
    },
    'list-sync started',
  );
} catch (error) {
  logger.fatal({ err: error }, 'list-sync could not start');
  process.exit(1);
}
