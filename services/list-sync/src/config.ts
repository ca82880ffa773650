/**
 * list-sync's configuration: the only reader of the environment. Everything but KAFKA_BROKERS has a default, so
 * `cordon up` can start the service with the broker address alone.
 *
 * Sources (LIST_SYNC_SOURCES) are a JSON array, one object per list:
 *   { "source": "ofac-sdn", "format": "ofac-csv",
 *     "urls": ["https://…/SDN.CSV", "https://…/ADD.CSV", "https://…/ALT.CSV", "https://…/SDN_COMMENTS.CSV"],
 *     "intervalSeconds": 3600, "maxRemovedCount": 50, "maxShrinkFraction": 0.05, "maxParseErrorFraction": 0.01,
 *     "allowTruncatedRemarks": false }
 * or, for air-gapped sites, `"path": "/lists/ofac-sdn"` (a file, or a folder holding the files) with
 * `"newest": true` when the folder holds one dated sub-folder per published version and the newest is wanted.
 * `"url"` is accepted for a single URL. intervalSeconds 0 means "only at start and on TriggerSync".
 * Unset, the default is every official list bundled in the repository under data/ (BUNDLED_LISTS: the OFAC SDN
 * CSV set, OFAC's Consolidated non-SDN XML and the UN Security Council XML, each the newest dated folder present;
 * LIST_SYNC_DATA_DIR names another folder laid out the same way), so the local stack screens against real data out
 * of the box.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ListSource, listSourceFromSlug, type ListSourceSlug } from '@cordon/contracts';
import { LIST_FORMATS, type ListFormat } from '@cordon/lists';
import {
  CordonError,
  boolFromString,
  callerAuthEnv,
  callerAuthSettings,
  intFromString,
  kafkaEnv,
  loadConfig,
  topicPolicyFromEnv,
  type CallerAuthSettings,
  type KafkaSettings,
  type TopicPolicy,
} from '@cordon/platform';
import { DEFAULT_SAFETY_POLICY, type SafetyPolicy } from './domain/safety.js';

/** The one service name: folder, Kafka client id, logger `service`, metrics prefix. */
export const SERVICE_NAME = 'list-sync';

/** Where a source's files come from. */
export type SourceLocation = { kind: 'http'; urls: string[] } | { kind: 'path'; path: string; newest: boolean };

/** One configured list. */
export interface SourceConfig {
  source: ListSource;
  slug: ListSourceSlug;
  format: ListFormat;
  location: SourceLocation;
  /** Milliseconds between scheduled attempts; 0: only at start and on TriggerSync. */
  intervalMillis: number;
  policy: SafetyPolicy;
}

/** HTTP download settings shared by every HTTP source. */
export interface HttpSettings {
  /** Budget for one request, from sending it to the last body byte. */
  timeoutMillis: number;
  /** Attempts per file, the first one included. */
  attempts: number;
  backoffBaseMillis: number;
  backoffMaxMillis: number;
  /** Largest file accepted. */
  maxBytes: number;
}

/** The whole, frozen configuration. */
export interface ListSyncConfig {
  kafka: KafkaSettings;
  topicPrefix: string;
  /** Partitions of the topics list-sync creates when they do not exist (KAFKA_TOPICS=create). */
  partitions: number;
  /** Create the topics (development) or verify the platform's (production). */
  topics: TopicPolicy;
  grpc: { host: string; port: number; tls?: { certFile: string; keyFile: string; clientCaFile?: string } };
  /** How gRPC callers are authenticated: TriggerSync and GetStatus are for operators. */
  auth: CallerAuthSettings;
  /** TriggerSync calls per operator: `burst` at once, then `perHour` an hour on average (RESOURCE_EXHAUSTED past it). */
  triggerLimit: { burst: number; perHour: number };
  ops: { host: string; port: number };
  http: HttpSettings;
  chunks: { maxEntities: number; maxBytes: number };
  /** Compression of what list-sync writes, per record batch: snapshot chunks (retained forever) and entities. */
  snapshotCompression: 'gzip' | 'none';
  /** Run every source once right after start-up. */
  syncOnStart: boolean;
  sources: SourceConfig[];
  logLevel: string;
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data', import.meta.url));

/** The official lists bundled under data/, each in `<folder>/<YYYY-MM-DD>/` with its SOURCES.md. */
export const BUNDLED_LISTS: ReadonlyArray<{
  source: ListSourceSlug;
  format: ListFormat;
  folder: string;
  allowTruncatedRemarks?: boolean;
}> = [
  // The bundled 2023-12-28 SDN set has no SDN_COMMENTS.CSV to be had (its SOURCES.md): 17 remarks stay cut, knowingly.
  { source: 'ofac-sdn', format: 'ofac-csv', folder: 'ofac-sdn', allowTruncatedRemarks: true },
  { source: 'ofac-consolidated', format: 'ofac-xml', folder: 'ofac-consolidated' },
  { source: 'un', format: 'un-xml', folder: 'un' },
];
const DEFAULT_HTTP_INTERVAL_SECONDS = 3_600;
const DEFAULT_FILE_INTERVAL_SECONDS = 300;

// https only: plain http only to a loopback address (a mirror on the same machine; nothing crosses a network).
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}, 'must be an https URL (plain http only to a loopback address)');

const sourceSpec = z
  .object({
    source: z.string().refine((slug) => listSourceFromSlug(slug) !== undefined, 'unknown list source'),
    format: z.enum(LIST_FORMATS as [ListFormat, ...ListFormat[]]),
    url: httpUrl.optional(),
    urls: z.array(httpUrl).min(1).optional(),
    path: z.string().min(1).optional(),
    newest: z.boolean().default(false),
    intervalSeconds: z.number().int().min(0).optional(),
    maxShrinkFraction: z.number().min(0).max(1).optional(),
    maxRemovedCount: z.number().int().min(0).optional(),
    maxParseErrorFraction: z.number().min(0).max(1).optional(),
    allowTruncatedRemarks: z.boolean().optional(),
  })
  .strict()
  .refine((spec) => [spec.url, spec.urls, spec.path].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of url, urls or path',
  });

type SourceSpec = z.infer<typeof sourceSpec>;

function toSourceConfig(spec: SourceSpec): SourceConfig {
  const location: SourceLocation =
    spec.path !== undefined
      ? { kind: 'path', path: spec.path, newest: spec.newest }
      : { kind: 'http', urls: spec.urls ?? [spec.url!] };
  const interval =
    spec.intervalSeconds ?? (location.kind === 'http' ? DEFAULT_HTTP_INTERVAL_SECONDS : DEFAULT_FILE_INTERVAL_SECONDS);
  return {
    source: listSourceFromSlug(spec.source)!,
    slug: spec.source as ListSourceSlug,
    format: spec.format,
    location,
    intervalMillis: interval * 1_000,
    policy: {
      maxShrinkFraction: spec.maxShrinkFraction ?? DEFAULT_SAFETY_POLICY.maxShrinkFraction,
      maxRemovedCount: spec.maxRemovedCount ?? DEFAULT_SAFETY_POLICY.maxRemovedCount,
      maxParseErrorFraction: spec.maxParseErrorFraction ?? DEFAULT_SAFETY_POLICY.maxParseErrorFraction,
      allowTruncatedRemarks: spec.allowTruncatedRemarks ?? DEFAULT_SAFETY_POLICY.allowTruncatedRemarks,
    },
  };
}

const sourcesJson = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      context.addIssue({ code: 'custom', message: `not JSON: ${(error as Error).message}` });
      return z.NEVER;
    }
  })
  .pipe(z.array(sourceSpec))
  .refine((specs) => new Set(specs.map((s) => s.source)).size === specs.length, 'each source may appear once');

const schema = z.object({
  ...kafkaEnv,
  ...callerAuthEnv,
  LIST_SYNC_PARTITIONS: intFromString(1, 1_000).default(3),
  LIST_SYNC_GRPC_HOST: z.string().default('0.0.0.0'),
  LIST_SYNC_GRPC_PORT: intFromString(0, 65_535).default(50_052),
  LIST_SYNC_OPS_HOST: z.string().default('0.0.0.0'),
  LIST_SYNC_OPS_PORT: intFromString(0, 65_535).default(9_102),
  GRPC_TLS_CERT_FILE: z.string().optional(),
  GRPC_TLS_KEY_FILE: z.string().optional(),
  GRPC_TLS_CLIENT_CA_FILE: z.string().optional(),
  LIST_SYNC_HTTP_TIMEOUT_MS: intFromString(100, 3_600_000).default(60_000),
  LIST_SYNC_HTTP_ATTEMPTS: intFromString(1, 20).default(3),
  LIST_SYNC_HTTP_BACKOFF_MS: intFromString(0, 600_000).default(1_000),
  LIST_SYNC_HTTP_BACKOFF_MAX_MS: intFromString(0, 3_600_000).default(30_000),
  LIST_SYNC_MAX_DOWNLOAD_BYTES: intFromString(1, 2 ** 31).default(256 * 1024 * 1024),
  LIST_SYNC_CHUNK_MAX_ENTITIES: intFromString(1, 100_000).default(500),
  // At most 990 kB: the Kafka client refuses a record whose wire size exceeds its 1 MB `message.max.bytes`.
  LIST_SYNC_CHUNK_MAX_BYTES: intFromString(4_096, 990_000).default(900_000),
  LIST_SYNC_SNAPSHOT_COMPRESSION: z.enum(['gzip', 'none']).default('gzip'),
  // TriggerSync per operator (each may download up to 4 x 256 MB and publish a version): a burst, then a rate.
  LIST_SYNC_TRIGGER_BURST: intFromString(1, 10_000).default(5),
  LIST_SYNC_TRIGGER_PER_HOUR: intFromString(1, 3_600_000).default(12),
  LIST_SYNC_SYNC_ON_START: boolFromString.default(true),
  LIST_SYNC_SOURCES: sourcesJson.optional(),
  LIST_SYNC_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  LOG_LEVEL: z.string().default('info'),
});

// Without configured sources, the bundled official lists keep the local stack screening against real data.
function defaultSources(dataDir: string): SourceConfig[] {
  return BUNDLED_LISTS.filter(({ folder }) => existsSync(join(dataDir, folder))).map(
    ({ source, format, folder, allowTruncatedRemarks }) =>
      toSourceConfig({ source, format, path: join(dataDir, folder), newest: true, allowTruncatedRemarks }),
  );
}

/** Reads and checks the configuration; throws a CordonError naming every bad variable. */
export function loadListSyncConfig(env: Record<string, string | undefined>): Readonly<ListSyncConfig> {
  const raw = loadConfig(schema, env);
  if (raw.KAFKA_SASL_MECHANISM && (!raw.KAFKA_SASL_USERNAME || !raw.KAFKA_SASL_PASSWORD)) {
    throw new CordonError('CONFIG_INVALID', 'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD', {
      retriable: false,
    });
  }
  if (Boolean(raw.GRPC_TLS_CERT_FILE) !== Boolean(raw.GRPC_TLS_KEY_FILE)) {
    throw new CordonError('CONFIG_INVALID', 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together', {
      retriable: false,
    });
  }
  const config: ListSyncConfig = {
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      clientId: raw.KAFKA_CLIENT_ID ?? SERVICE_NAME,
      ssl: raw.KAFKA_SSL,
      ...(raw.KAFKA_SASL_MECHANISM
        ? {
            sasl: {
              mechanism: raw.KAFKA_SASL_MECHANISM,
              username: raw.KAFKA_SASL_USERNAME!,
              password: raw.KAFKA_SASL_PASSWORD!,
            },
          }
        : {}),
    },
    topicPrefix: raw.KAFKA_TOPIC_PREFIX,
    partitions: raw.LIST_SYNC_PARTITIONS,
    topics: topicPolicyFromEnv(raw),
    grpc: {
      host: raw.LIST_SYNC_GRPC_HOST,
      port: raw.LIST_SYNC_GRPC_PORT,
      ...(raw.GRPC_TLS_CERT_FILE && raw.GRPC_TLS_KEY_FILE
        ? {
            tls: {
              certFile: raw.GRPC_TLS_CERT_FILE,
              keyFile: raw.GRPC_TLS_KEY_FILE,
              ...(raw.GRPC_TLS_CLIENT_CA_FILE ? { clientCaFile: raw.GRPC_TLS_CLIENT_CA_FILE } : {}),
            },
          }
        : {}),
    },
    auth: callerAuthSettings(raw, {
      service: SERVICE_NAME,
      mtls: Boolean(raw.GRPC_TLS_CERT_FILE && raw.GRPC_TLS_CLIENT_CA_FILE),
    }),
    triggerLimit: { burst: raw.LIST_SYNC_TRIGGER_BURST, perHour: raw.LIST_SYNC_TRIGGER_PER_HOUR },
    ops: { host: raw.LIST_SYNC_OPS_HOST, port: raw.LIST_SYNC_OPS_PORT },
    http: {
      timeoutMillis: raw.LIST_SYNC_HTTP_TIMEOUT_MS,
      attempts: raw.LIST_SYNC_HTTP_ATTEMPTS,
      backoffBaseMillis: raw.LIST_SYNC_HTTP_BACKOFF_MS,
      backoffMaxMillis: raw.LIST_SYNC_HTTP_BACKOFF_MAX_MS,
      maxBytes: raw.LIST_SYNC_MAX_DOWNLOAD_BYTES,
    },
    chunks: { maxEntities: raw.LIST_SYNC_CHUNK_MAX_ENTITIES, maxBytes: raw.LIST_SYNC_CHUNK_MAX_BYTES },
    snapshotCompression: raw.LIST_SYNC_SNAPSHOT_COMPRESSION,
    syncOnStart: raw.LIST_SYNC_SYNC_ON_START,
    sources: raw.LIST_SYNC_SOURCES?.map(toSourceConfig) ?? defaultSources(raw.LIST_SYNC_DATA_DIR),
    logLevel: raw.LOG_LEVEL,
  };
  return Object.freeze(config);
}
