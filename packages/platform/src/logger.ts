import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths redacted from every log line. Customer personal data and secrets never reach the logs: redaction is
 * configured here, once, not left to each call site.
 */
export const REDACTED_PATHS: readonly string[] = [
  'customer.name',
  'customer.names',
  'customer.dob',
  'customer.dateOfBirth',
  'party.name',
  'party.names',
  'party.dob',
  '*.customer.name',
  '*.customer.names',
  '*.customer.dob',
  '*.party.name',
  '*.party.dob',
  'name',
  'dob',
  'password',
  '*.password',
  'sasl',
  '*.sasl',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'databaseUrl',
  'DATABASE_URL',
];

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to inspect output. */
  destination?: pino.DestinationStream;
}

/** The one root logger of a process: JSON lines with `service` on every line, personal data redacted. */
export function createLogger(service: string, options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
