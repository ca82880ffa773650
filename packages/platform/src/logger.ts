import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names whose values never reach the logs, at any depth of a logged object (and of a child logger's
 * bindings). They are the contracts' own names (`cordon.common.v1.Party`, `ChainAddress`, `Hit`, the submission's
 * raw addresses) plus the domain's shorter ones and secrets. A name matches whatever its case or underscores, so
 * `fullName` (ts-proto), `full_name` (proto JSON) and `FULL_NAME` are the same key.
 */
export const REDACTED_KEYS: readonly string[] = [
  // Party: the customer and the counterparty. customer_ref (opaque, the topic key) and type stay visible.
  'fullName',
  'givenName',
  'familyName',
  'otherNames',
  'dateOfBirth',
  'nationalities',
  'countryOfResidence',
  // The domain's and the lists' names for the same data (screening-core queries, matching).
  'name',
  'names',
  'dob',
  'birthDate',
  'birthDates',
  'nationality',
  'residence',
  // The customer's addresses: ChainAddress.address / canonical, the submission's raw fields.
  'address',
  'addresses',
  'canonical',
  'destinationAddress',
  'sourceAddress',
  // Hits quote the customer's data and what it matched.
  'queryValue',
  'matchedValue',
  // Secrets.
  'password',
  'sasl',
  'token',
  'authorization',
  'cookie',
  'secret',
  'databaseUrl',
];

const CENSOR = '[redacted]';
const MAX_DEPTH = 16;

const normalise = (key: string): string => key.replace(/[_-]/g, '').toLowerCase();
const REDACTED = new Set(REDACTED_KEYS.map(normalise));

/** Whether `key` names a redacted field (any case, with or without underscores). */
export function isRedactedKey(key: string): boolean {
  return REDACTED.has(normalise(key));
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of `value` with every redacted key's value censored, at any depth. Errors are serialised (message, stack,
 * cause and their own fields) and then redacted too, since an error may carry the object it failed on. Typed arrays
 * and other class instances pass through; cycles and very deep nesting are cut.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    const source: object = value instanceof Error ? pino.stdSerializers.err(value) : value;
    if (!(value instanceof Error) && !isPlainObject(value)) return value;
    // An error's `name` is its class ("TypeError"), not a person's.
    const errorLike = value instanceof Error || typeof (source as { stack?: unknown }).stack === 'string';
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      const hidden = isRedactedKey(key) && item !== undefined && !(errorLike && key === 'name');
      copy[key] = hidden ? CENSOR : redact(item, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to inspect output. */
  destination?: pino.DestinationStream;
}

/**
 * The one root logger of a process: JSON lines with `service` on every line, personal data and secrets redacted
 * by field name (see {@link REDACTED_KEYS}) in every logged object and every child's bindings. Free text (the
 * message, an error's message) is the caller's to keep free of personal data.
 */
export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // redact() has serialised every error already, at any depth; serialising the copy again would lose its type.
    serializers: { err: (value: unknown) => value },
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redact(object) as Record<string, unknown>,
    },
  };
  const logger = options.destination ? pino(config, options.destination) : pino(config);
  // pino applies no formatter to a child's bindings; every child inherits this child() (children are created
  // from their parent), so bindings are redacted at every level.
  type ChildFn = (this: Logger, bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions) => Logger;
  const child = logger.child as unknown as ChildFn;
  const redactingChild: ChildFn = function (bindings, childOptions) {
    return child.call(this, redact(bindings) as pino.Bindings, childOptions);
  };
  logger.child = redactingChild as unknown as Logger['child'];
  return logger;
}
