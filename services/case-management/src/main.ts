// Wiring only: configuration, topics, the service, and the signal handlers that drain it.
import { topicNames } from '@cordon/contracts';
import { Lifecycle, createKafka, createLogger, provisionTopics, topicPolicyFromEnv } from '@cordon/platform';
import { caseTopicSpecs, kafkaSettings, loadCaseConfig, startCaseManagement } from './app.js';
import { SERVICE } from './config.js';

const logger = createLogger(SERVICE);
try {
  const config = loadCaseConfig();
  const lifecycle = new Lifecycle(logger, config.CASES_DRAIN_MS + 5_000);
  const kafka = createKafka(kafkaSettings(config), logger);
  await provisionTopics(kafka, caseTopicSpecs(topicNames(config.KAFKA_TOPIC_PREFIX), 3), topicPolicyFromEnv(config));
  await kafka.close();
  const service = await startCaseManagement(config, { logger });
  lifecycle.onShutdown(SERVICE, () => service.stop());
  lifecycle.installSignalHandlers();
  void service.failed.then(async (error) => {
    logger.fatal({ err: error }, 'case-management cannot go on');
    await lifecycle.shutdown();
    process.exit(1);
  });
} catch (error) {
  logger.fatal({ err: error }, 'case-management failed to start');
  process.exit(1);
}
