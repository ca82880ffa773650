/**
 * list-sync's configuration: the only reader of the environment. Everything but KAFKA_BROKERS has a default, so
 * `cordon up` can start the service with the broker address alone.
 *
 * Sources (LIST_SYNC_SOURCES) are a JSON array, one object per list:
 *   { "source": "ofac-sdn", "format": "ofac-csv",
 *     "urls": ["https://…/SDN.CSV", "https://…/ADD.CSV", "https://…/ALT.CSV", "https://…/SDN_COMMENTS.CSV"],
 *     "intervalSeconds": 3600, "maxShrinkFraction": 0.1, "maxParseErrorFraction": 0.01 }
 * or, for air-gapped sites, `"path": "/lists/ofac-sdn"` (a file, or a folder holding the files) with
 * `"newest": true` when the folder holds one dated sub-folder per published version and the newest is wanted.
 * `"url"` is accepted for a single URL. intervalSeconds 0 means "only at start and on TriggerSync".
 * Unset, the default is the newest OFAC SDN CSV set bundled in the repository under data/ofac-sdn
 * (LIST_SYNC_OFAC_SDN_DIR names another folder), so the local stack screens against real data out of the box.
 */
import { existsSync } from 'node:fs';
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
  type CallerAuthSettings,
  type KafkaSettings,
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
  /** Partitions of the topics list-sync creates when they do not exist. */
  partitions: number;
  grpc: { host: string; port: number; tls?: { certFile: string; keyFile: string; clientCaFile?: string } };
  /** How gRPC callers are authenticated: TriggerSync and GetStatus are for operators. */
  auth: CallerAuthSettings;
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

const DEFAULT_OFAC_SDN_DIR = fileURLToPath(new URL('../../../data/ofac-sdn', import.meta.url));
const DEFAULT_HTTP_INTERVAL_SECONDS = 3_600;
const DEFAULT_FILE_INTERVAL_SECONDS = 300;

const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http or https URL');

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
    maxParseErrorFraction: z.number().min(0).max(1).optional(),
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
      maxParseErrorFraction: spec.maxParseErrorFraction ?? DEFAULT_SAFETY_POLICY.maxParseErrorFraction,
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
  LIST_SYNC_SYNC_ON_START: boolFromString.default(true),
  LIST_SYNC_SOURCES: sourcesJson.optional(),
  LIST_SYNC_OFAC_SDN_DIR: z.string().default(DEFAULT_OFAC_SDN_DIR),
  LOG_LEVEL: z.string().default('info'),
});

// Without configured sources, the bundled real OFAC SDN snapshot keeps the demo screening against real data.
function defaultSources(ofacSdnDir: string): SourceConfig[] {
  if (!existsSync(ofacSdnDir)) return [];
  return [toSourceConfig({ source: 'ofac-sdn', format: 'ofac-csv', path: ofacSdnDir, newest: true })];
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
    sources: raw.LIST_SYNC_SOURCES?.map(toSourceConfig) ?? defaultSources(raw.LIST_SYNC_OFAC_SDN_DIR),
    logLevel: raw.LOG_LEVEL,
  };
  return Object.freeze(config);
}
