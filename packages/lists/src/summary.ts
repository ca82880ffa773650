/** Counts that describe a list version at a glance (for logs, the CLI and alerts). Pure. */
import type { ParseIssue } from './errors.js';
import type { SanctionedEntity, SourceKind } from './model.js';
import { FORMAT_OPENERS, type ListFormat } from './formats/registry.js';

/** Entities by type, addresses by ticker, flags and issues of one list version. */
export interface ListSummary {
  entities: number;
  byType: Record<string, number>;
  /** Digital currency address entries by ticker (one per entity that lists it). */
  addressesByTicker: Record<string, number>;
  /** Of those, how many fail their chain's validation. */
  invalidAddresses: number;
  /** Entities carrying each flag. */
  flags: Record<string, number>;
  /** Issues by severity. */
  issues: { error: number; warning: number };
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Summarises parsed entities and the issues found while parsing them. */
export function summariseList(entities: readonly SanctionedEntity[], issues: readonly ParseIssue[]): ListSummary {
  const byType: Record<string, number> = {};
  const addressesByTicker: Record<string, number> = {};
  const flags: Record<string, number> = {};
  let invalidAddresses = 0;
  for (const entity of entities) {
    count(byType, entity.type);
    for (const flag of entity.flags) count(flags, flag);
    for (const address of entity.digitalCurrencyAddresses) {
      count(addressesByTicker, address.ticker);
      if (!address.valid) invalidAddresses += 1;
    }
  }
  return {
    entities: entities.length,
    byType: sortedKeys(byType),
    addressesByTicker: sortedKeys(addressesByTicker),
    invalidAddresses,
    flags: sortedKeys(flags),
    issues: {
      error: issues.filter((i) => i.severity === 'error').length,
      warning: issues.filter((i) => i.severity === 'warning').length,
    },
  };
}

const SOURCE_KINDS: readonly SourceKind[] = ['ofac-sdn', 'ofac-consolidated', 'un', 'uk', 'uk-ofsi', 'eu'];

/**
 * Which format to read for a `--source` given either as a format name (`ofac-csv`, `un-xml`, ...) or as a list
 * (`ofac-sdn`, `un`, `eu`, ...), in which case the path decides: a folder is OFAC's CSV set, `.xml` is XML, else CSV.
 * Returns undefined for a name that is neither.
 */
export function resolveListFormat(
  sourceOrFormat: string,
  path: { isDirectory: boolean; name: string },
): { format: ListFormat; source?: SourceKind } | undefined {
  if (Object.hasOwn(FORMAT_OPENERS, sourceOrFormat)) return { format: sourceOrFormat as ListFormat };
  if (!(SOURCE_KINDS as readonly string[]).includes(sourceOrFormat)) return undefined;
  const source = sourceOrFormat as SourceKind;
  const xml = /\.xml$/iu.test(path.name);
  switch (source) {
    case 'ofac-sdn':
    case 'ofac-consolidated':
      return { format: path.isDirectory ? 'ofac-csv' : 'ofac-xml', source };
    case 'un':
      return { format: 'un-xml', source };
    case 'uk':
      return { format: 'uk-xml', source };
    case 'uk-ofsi':
      return { format: 'uk-ofsi-csv', source };
    case 'eu':
      return { format: xml ? 'eu-xml' : 'eu-csv', source };
  }
}
