// Wiring only: configuration, topics, the service, and the signal handlers that drain it.
import { topicNames } from '@cordon/contracts';
import { Lifecycle, createKafka, createLogger, provisionTopics, topicPolicyFromEnv } from '@cordon/platform';
import { ingestTopicSpecs, kafkaSettings, loadIngestConfig, startIngest } from './app.js';
import { SERVICE } from './config.js';

const logger = createLogger(SERVICE);
try {
  const config = loadIngestConfig();
  const lifecycle = new Lifecycle(logger, config.INGEST_DRAIN_MS + 5_000);
  const kafka = createKafka(kafkaSettings(config), logger);
  await provisionTopics(
    kafka,
    ingestTopicSpecs(topicNames(config.KAFKA_TOPIC_PREFIX), config.INGEST_TOPIC_PARTITIONS),
    topicPolicyFromEnv(config),
  );
  await kafka.close();
  const ingest = await startIngest(config, { logger });
  lifecycle.onShutdown('ingest', () => ingest.stop());
  lifecycle.installSignalHandlers();
  // A consumer loop that failed for good: drain what can be drained, then exit non-zero to be restarted.
  void ingest.failed.then(async (error) => {
    logger.fatal({ err: error }, 'ingest cannot go on');
    await lifecycle.shutdown();
    process.exit(1);
  });
} catch (error) {
  logger.fatal({ err: error }, 'ingest failed to start');
  process.exit(1);
}
