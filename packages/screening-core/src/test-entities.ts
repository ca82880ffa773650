/**
 * Small hand-written entities for tests and golden fixtures, in the shared entity model. Addresses get their
 * canonical key from the address package, as a list parser would give them.
 */
import { checkAddress } from '@cordon/addresses';
import type { EntityName, SanctionedEntity, SourceKind } from '@cordon/lists';

/** What a test says about an entity; everything else gets an empty default. */
export interface EntitySpec {
  id: string;
  source?: SourceKind;
  type?: SanctionedEntity['type'];
  /** Primary name first; `~` prefix marks a weak alias. */
  names: string[];
  dob?: string[];
  nationalities?: string[];
  /** `TICKER address` pairs. */
  addresses?: string[];
}

function nameOf(full: string, index: number): EntityName {
  const weak = full.startsWith('~');
  const text = weak ? full.slice(1) : full;
  const comma = text.indexOf(',');
  return {
    full: text,
    kind: index === 0 ? 'primary' : weak ? 'weak' : 'aka',
    strength: weak ? 'weak' : 'strong',
    script: 'Latn',
    ...(comma > 0 ? { family: text.slice(0, comma).trim(), given: text.slice(comma + 1).trim() } : {}),
  };
}

/** Builds one entity from a spec. */
export function entity(spec: EntitySpec): SanctionedEntity {
  return {
    source: spec.source ?? 'ofac-sdn',
    id: spec.id,
    type: spec.type ?? 'individual',
    names: spec.names.map(nameOf),
    birthDates: (spec.dob ?? []).map((date) => ({ raw: date, date })),
    placesOfBirth: [],
    nationalities: spec.nationalities ?? [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: [],
    digitalCurrencyAddresses: (spec.addresses ?? []).map((pair) => {
      const [ticker = '', address = ''] = pair.split(' ');
      const check = checkAddress(ticker, address);
      return {
        ticker,
        address,
        canonical: check.canonical,
        valid: check.valid,
        chains: check.chains,
        ...(check.reason ? { reason: check.reason } : {}),
      };
    }),
    flags: [],
  };
}
