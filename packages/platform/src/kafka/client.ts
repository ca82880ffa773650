import { Kafka, logLevel, type KafkaConfig, type LogEntry, type RetryOptions, type SASLOptions } from 'kafkajs';
import type { Logger } from '../logger.js';

/** How to reach the cluster. TLS and SASL are a configuration away; the password never reaches a log line. */
export interface KafkaSettings {
  brokers: string[];
  /** The service name: one name for folder, client id, group id, logger and metrics. */
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Per-request timeout; defaults to kafkajs' 30 s. */
  requestTimeoutMillis?: number;
  /** Retry settings of every request the client makes; defaults to {@link DEFAULT_RETRY}. */
  retry?: RetryOptions;
}

/** The client's retry settings unless told otherwise: 100 ms first backoff, about half a minute in all. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({ initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 });

/**
 * Retry settings for transactional producers: a short first backoff with the same overall patience. Right after a
 * commit the coordinator is still writing the transaction markers and answers the next transaction's first request
 * CONCURRENT_TRANSACTIONS; with a 100 ms first backoff, back-to-back transactions on one partition cost over
 * 100 ms each, with 10 ms about 25 ms on a 2-core machine. A gentler growth (x1.5 from 5 ms) keeps the markers' wait
 * from doubling into the tail; 20 retries keep about half a minute of patience.
 */
export const TRANSACTION_RETRY: RetryOptions = Object.freeze({
  initialRetryTime: 5,
  multiplier: 1.5,
  maxRetryTime: 5_000,
  retries: 20,
});

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs logs as ERROR every retriable broker answer (e.g. CONCURRENT_TRANSACTIONS right after a commit, or a
 * coordinator still loading) even when its own retry then succeeds; those go to debug so that an error in the
 * logs means something failed.
 */
const RETRIED_NOISE =
  /coordinator is loading|coordinator is not available|another concurrent operation|not the leader|leadership election/i;

function logCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      let target = levels[level] ?? 'info';
      if (target === 'error' && RETRIED_NOISE.test(`${message} ${String(fields.error ?? '')}`)) target = 'debug';
      kafkaLogger[target](fields, message);
    };
}

/** Creates the kafkajs client behind Cordon's own producer/consumer interfaces. */
export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl ?? false,
    logLevel: logLevel.WARN,
    logCreator: logCreator(logger),
    retry: { ...(settings.retry ?? DEFAULT_RETRY) },
    ...(settings.requestTimeoutMillis ? { requestTimeout: settings.requestTimeoutMillis } : {}),
  };
  if (settings.sasl) config.sasl = settings.sasl as SASLOptions;
  // kafkajs 2 warns at every producer creation about its partitioner change; Cordon uses the default on purpose.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka(config);
}
