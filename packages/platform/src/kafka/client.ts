/**
 * The Kafka client under every Cordon service: Confluent's librdkafka-based client through its KafkaJS-shaped API.
 *
 * Why this client: librdkafka implements READ_COMMITTED the way the Java client does (aborted transactions sorted
 * by first offset, every aborted range skipped), fetches committed offsets with require_stable and commits
 * transactional offsets with the consumer group's generation (KIP-447). kafkajs 2.2.4 does none of these; its
 * read_committed filter delivers parts of aborted transactions when several producers' transactions interleave.
 *
 * Nothing outside this folder imports the client: services get a {@link KafkaClient} and use the platform's
 * producers, consumers and readers.
 */
import { KafkaJS } from '@confluentinc/kafka-javascript';
import type { Logger } from '../logger.js';

/** How to reach the cluster. TLS and SASL are a configuration away; the password never reaches a log line. */
export interface KafkaSettings {
  brokers: string[];
  /** The service name: one name for folder, client id, group id, logger and metrics. */
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Per-request timeout (librdkafka `socket.timeout.ms` / `request.timeout.ms`); librdkafka's defaults otherwise. */
  requestTimeoutMillis?: number;
  /** Kept for configuration compatibility: librdkafka retries on its own with bounded backoff. */
  retry?: RetryOptions;
}

/** The Kafka variables of the platform's `kafkaEnv` config schema, as a service's parsed config holds them. */
export interface KafkaEnv {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string | undefined;
  KAFKA_SSL: boolean;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** Connection settings from a service's parsed Kafka variables; the client id defaults to the service name. */
export function kafkaSettingsFromEnv(env: KafkaEnv, service: string): KafkaSettings {
  const settings: KafkaSettings = {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? service,
    ssl: env.KAFKA_SSL,
  };
  if (env.KAFKA_SASL_MECHANISM) {
    settings.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM,
      username: env.KAFKA_SASL_USERNAME!,
      password: env.KAFKA_SASL_PASSWORD!,
    };
  }
  return settings;
}

/** Retry settings (first backoff, growth, cap, count) where the platform retries by itself. */
export interface RetryOptions {
  initialRetryTime?: number;
  multiplier?: number;
  maxRetryTime?: number;
  retries?: number;
}

/** The platform's default retry settings: 100 ms first backoff, about half a minute in all. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({ initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 });

/**
 * Retry settings for transactional work: a short first backoff with the same overall patience. Right after a commit
 * the coordinator is still writing the transaction markers; a gentle growth (x1.5 from 5 ms) keeps that wait from
 * doubling into the tail.
 */
export const TRANSACTION_RETRY: RetryOptions = Object.freeze({
  initialRetryTime: 5,
  multiplier: 1.5,
  maxRetryTime: 5_000,
  retries: 20,
});

/** librdkafka configuration properties (the "outer" config of the KafkaJS-shaped API). */
export type NativeConfig = Record<string, string | number | boolean | ((...args: never[]) => unknown)>;

/**
 * librdkafka logs as errors some states its own retries then settle (a coordinator still loading, a broker that
 * went away and came back); those go to debug so that an error in the logs means something failed.
 */
const RETRIED_NOISE =
  /coordinator is loading|coordinator (is )?not available|not coordinator|Disconnected|Connection refused|Broker transport failure|all broker connections are down|leadership election|not the leader/i;

function logAdapter(logger: Logger): KafkaJS.Logger {
  const target = logger.child({ component: 'kafka-client' });
  const make = (namespace?: string): KafkaJS.Logger => {
    const log =
      (level: 'error' | 'warn' | 'info' | 'debug') =>
      (message: string, extra?: object): void => {
        const text = `${message}`;
        // librdkafka names its client instance `name`, which the logger redacts (a personal field elsewhere).
        const { name: client, ...rest } = (extra ?? {}) as { name?: unknown };
        const fields = { ...(namespace ? { namespace } : {}), ...(client === undefined ? {} : { client }), ...rest };
        if (level === 'error' && RETRIED_NOISE.test(text)) target.debug(fields, text);
        else if (level === 'info') target.debug(fields, text);
        else target[level](fields, text);
      };
    return {
      info: log('info'),
      error: log('error'),
      warn: log('warn'),
      debug: log('debug'),
      namespace: (name: string) => make(name),
      setLogLevel: () => undefined,
    };
  };
  return make();
}

/**
 * A configured connection to one cluster. Cheap to create; producers, consumers and the shared admin are made
 * from it by the platform and closed by their owners (the admin by {@link KafkaClient.close}).
 */
export class KafkaClient {
  /** The KafkaJS-shaped client; platform-internal. */
  readonly native: KafkaJS.Kafka;
  private adminClient: Promise<KafkaJS.Admin> | undefined;
  private readonly sharedResources = new Map<string, Promise<{ close(): Promise<void> }>>();

  constructor(
    readonly settings: KafkaSettings,
    readonly logger: Logger,
  ) {
    const kafkaJS: KafkaJS.KafkaConfig = {
      brokers: settings.brokers,
      clientId: settings.clientId,
      ssl: settings.ssl ?? false,
      logger: logAdapter(logger),
      logLevel: KafkaJS.logLevel.WARN,
    };
    if (settings.sasl) {
      kafkaJS.sasl = {
        mechanism: settings.sasl.mechanism,
        username: settings.sasl.username,
        password: settings.sasl.password,
      } as KafkaJS.SASLOptions;
    }
    const outer: NativeConfig = {};
    if (settings.requestTimeoutMillis) outer['socket.timeout.ms'] = settings.requestTimeoutMillis;
    this.native = new KafkaJS.Kafka({ kafkaJS, ...outer } as KafkaJS.CommonConstructorConfig);
  }

  /** The shared admin client of this connection, connected on first use. */
  admin(): Promise<KafkaJS.Admin> {
    if (!this.adminClient) {
      const admin = this.native.admin();
      const connecting = admin.connect().then(() => admin);
      // A failed connect must not be cached: the next call tries again.
      connecting.catch(() => {
        if (this.adminClient === connecting) this.adminClient = undefined;
      });
      this.adminClient = connecting;
    }
    return this.adminClient;
  }

  /**
   * Platform-internal: the resource kept under `key` for this connection, opened by `open` on first use (a failed
   * open is not kept) and closed by {@link KafkaClient.close}.
   */
  shared<T extends { close(): Promise<void> }>(key: string, open: () => Promise<T>): Promise<T> {
    let resource = this.sharedResources.get(key) as Promise<T> | undefined;
    if (!resource) {
      const opening = open();
      opening.catch(() => {
        if (this.sharedResources.get(key) === opening) this.sharedResources.delete(key);
      });
      this.sharedResources.set(key, opening);
      resource = opening;
    }
    return resource;
  }

  /** Closes the shared admin client and the other shared resources (producers and consumers are their owners'). */
  async close(): Promise<void> {
    const admin = this.adminClient;
    this.adminClient = undefined;
    const resources = [...this.sharedResources.values()];
    this.sharedResources.clear();
    await Promise.all(
      resources.map(async (resource) => (await resource.catch(() => undefined))?.close().catch(() => undefined)),
    );
    if (admin) await (await admin.catch(() => undefined))?.disconnect().catch(() => undefined);
  }
}

/** librdkafka's connection properties for a client's settings (security included). */
export function nativeConnection(client: KafkaClient): Record<string, string> {
  const { settings } = client;
  const config: Record<string, string> = {
    'bootstrap.servers': settings.brokers.join(','),
    'client.id': settings.clientId,
  };
  if (settings.sasl) {
    config['security.protocol'] = settings.ssl ? 'sasl_ssl' : 'sasl_plaintext';
    config['sasl.mechanisms'] = settings.sasl.mechanism.toUpperCase();
    config['sasl.username'] = settings.sasl.username;
    config['sasl.password'] = settings.sasl.password;
  } else if (settings.ssl) {
    config['security.protocol'] = 'ssl';
  }
  return config;
}

/** Creates the client behind Cordon's own producer, consumer and reader interfaces. */
export function createKafka(settings: KafkaSettings, logger: Logger): KafkaClient {
  return new KafkaClient(settings, logger);
}

/** Waits `millis` milliseconds. */
export const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));

/** The backoff before retry number `attempt` (1-based) under `retry`. */
export function backoff(retry: RetryOptions, attempt: number): number {
  const initial = retry.initialRetryTime ?? 100;
  const multiplier = retry.multiplier ?? 2;
  return Math.min(retry.maxRetryTime ?? 30_000, initial * multiplier ** Math.max(0, attempt - 1));
}
