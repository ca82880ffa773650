/**
 * Small hand-made list versions for unit tests of the screening domain (core engine, service, replay) (real OFAC data is used where the
 * test is about real entries). Not imported by production code.
 */
import { ListSource, type ListVersionManifest } from '@cordon/contracts';
import { contentHash, entityHash, type SanctionedEntity } from '@cordon/lists';
import type { ListVersion } from './versions.js';

/** A listed person with optional Ethereum addresses and birth date. */
export function person(
  id: string,
  fullName: string,
  options: { addresses?: string[]; dob?: string; nationalities?: string[]; programs?: string[] } = {},
): SanctionedEntity {
  return {
    source: 'ofac-sdn',
    id,
    type: 'individual',
    names: [{ full: fullName, kind: 'primary', strength: 'strong', script: 'Latn' }],
    birthDates: options.dob ? [{ raw: options.dob, date: options.dob }] : [],
    placesOfBirth: [],
    nationalities: options.nationalities ?? [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: options.programs ?? ['CYBER2'],
    digitalCurrencyAddresses: (options.addresses ?? []).map((address) => ({
      ticker: 'ETH',
      address,
      canonical: `evm:${address.toLowerCase()}`,
      valid: true,
      chains: ['eth'],
    })),
    flags: [],
  };
}

let published = 0n;
/** Versions made later count as published later, as on the snapshots topic. */
const nextSequence = () => ++published;

/** A complete version of `source` with these entities, as the version assembler would hand it over. */
export function versionOf(
  entities: SanctionedEntity[],
  versionId: string,
  source = ListSource.OFAC_SDN,
  sequence = nextSequence(),
): ListVersion {
  const hash = contentHash(entities);
  return {
    source,
    contentHash: hash,
    versionId,
    manifest: { source, versionId, contentHash: hash } as ListVersionManifest,
    sequence,
    entities,
    entityHashes: new Map(entities.map((entity) => [entity.id, entityHash(entity)])),
  };
}
