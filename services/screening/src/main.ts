/** Entry point: wiring only. Reads the configuration, starts the service, drains it on SIGTERM/SIGINT. */
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY, parsePolicy } from '@cordon/screening-core';
import { coreEngine } from '@cordon/screening-core/contract';
import { createLogger, Lifecycle } from '@cordon/platform';
import { startScreening } from './app.js';
import { readConfig, SERVICE_NAME } from './config.js';

const logger = createLogger(SERVICE_NAME);
// A rejection nobody handles means a component died without telling; exiting lets the orchestrator restart us
// rather than leaving a process that looks alive but no longer consumes.
process.on('unhandledRejection', (reason) => {
  logger.fatal({ err: reason }, 'unhandled rejection');
  process.exit(1);
});
try {
  const config = readConfig(process.env);
  const lifecycle = new Lifecycle(logger, config.shutdownBudgetMillis);
  lifecycle.installSignalHandlers();
  const policy = config.policyFile ? parsePolicy(JSON.parse(readFileSync(config.policyFile, 'utf8'))) : DEFAULT_POLICY;
  const engine = coreEngine(policy);
  logger.info({ policyHash: engine.policyHash, engineVersion: engine.engineVersion }, 'policy loaded');
  const service = await startScreening(config, { logger, engine });
  lifecycle.onShutdown('screening', () => service.stop());
  // A part that stopped for good (readiness already fails): exit non-zero so the orchestrator restarts us.
  void service.failed.then((error) => {
    logger.fatal({ err: error }, 'screening stopped for good');
    process.exit(1);
  });
  logger.info({ grpcPort: service.grpcPort, opsPort: service.opsPort }, 'screening started; waiting for lists');
  await service.ready;
  logger.info({ versions: service.versionsInForce().length }, 'screening ready');
} catch (error) {
  logger.fatal({ err: error }, 'screening failed to start');
  process.exit(1);
}
