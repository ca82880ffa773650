/**
 * A snapshot: the list versions a decision is pinned to, indexed for screening. Built once per set of list
 * versions, then shared by every screen. Entities are ordered by (source, id), so the same lists give the same
 * snapshot whatever order they arrive in.
 */
import { checkAddress, indexKeys } from '@cordon/addresses';
import { entityHash, type SanctionedEntity } from '@cordon/lists';
import { buildNameIndex, type MatchableParty, type NameIndex } from '@cordon/matching';
import { AddressKeyMemo, rawKey } from './address-keys.js';
import type { ListVersion } from './types.js';

/** One list version to build from: a `LoadedList` (versioned by its content hash) or any source/version/entities. */
export interface ListInput {
  source: string;
  /** The version to pin; defaults to `contentHash`. */
  version?: string;
  contentHash?: string;
  entities: readonly SanctionedEntity[];
  /**
   * The entity hash of each entity by id, when the caller has them (list-sync publishes them); the rest are
   * computed with the lists package's `entityHash` when first needed.
   */
  entityHashes?: ReadonlyMap<string, string>;
}

/** The part of a listed entity that decisions show. */
export interface SnapshotEntity {
  source: string;
  id: string;
  type: string;
  /** The first (primary) name as published. */
  primaryName: string;
}

/** One listed digital currency address, pointing at its entity. */
export interface ListedAddress {
  /** Index into `Snapshot.entities`. */
  entity: number;
  ticker: string;
  address: string;
  valid: boolean;
}

/** Everything `screen` needs from the lists, indexed. Treat as read-only. */
export interface Snapshot {
  /** One version per source, sorted by source. */
  readonly lists: readonly ListVersion[];
  readonly entities: readonly SnapshotEntity[];
  /** Address key (from @cordon/addresses, plus `raw:` input keys) -> listed addresses. */
  readonly addressKeys: ReadonlyMap<string, readonly ListedAddress[]>;
  /** Name index; party i is entity i. */
  readonly names: NameIndex;
  /** Memo of query address keys; a cache, not part of what the snapshot means. */
  readonly addressMemo: AddressKeyMemo;
  /** The content hash of each listed entity (suppressions apply only to the exact entity version they name). */
  readonly entityHashes: EntityHashes;
}

/**
 * Entity hashes by `source:id`, taken from the list inputs or computed (and kept) on first use: only entities
 * that a suppression names are ever asked for, so a snapshot build does not hash every entity.
 */
export class EntityHashes {
  private readonly known = new Map<string, string>();
  private readonly pending = new Map<string, SanctionedEntity>();

  constructor(lists: readonly ListInput[]) {
    for (const list of lists) {
      for (const entity of list.entities) {
        const key = `${list.source}:${entity.id}`;
        const given = list.entityHashes?.get(entity.id);
        if (given !== undefined) this.known.set(key, given);
        else this.pending.set(key, entity);
      }
    }
  }

  /** The hash of the entity `id` of `source` in this snapshot; undefined when the snapshot has no such entity. */
  get(source: string, id: string): string | undefined {
    const key = `${source}:${id}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const entity = this.pending.get(key);
    if (entity === undefined) return undefined;
    const hash = entityHash(entity);
    this.known.set(key, hash);
    this.pending.delete(key);
    return hash;
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function versionOf(list: ListInput): string {
  const version = list.version ?? list.contentHash;
  if (!version) throw new Error(`list ${list.source}: neither version nor contentHash given`);
  return version;
}

/**
 * Keys a listed address is indexed under: the parser's canonical key, the address package's keys for the listed
 * ticker and for the form alone (so an address listed under the wrong or an unknown ticker still matches), and
 * its exact written form.
 */
function listedKeys(ticker: string, address: string, canonical: string): string[] {
  const keys = new Set([
    canonical,
    ...indexKeys(checkAddress(ticker, address)),
    ...indexKeys(checkAddress('', address)),
  ]);
  keys.add(rawKey(address));
  return [...keys];
}

function addAddresses(index: Map<string, ListedAddress[]>, entity: SanctionedEntity, position: number): void {
  for (const listed of entity.digitalCurrencyAddresses) {
    const ref: ListedAddress = {
      entity: position,
      ticker: listed.ticker,
      address: listed.address,
      valid: listed.valid,
    };
    for (const key of listedKeys(listed.ticker, listed.address, listed.canonical)) {
      const refs = index.get(key);
      if (refs) refs.push(ref);
      else index.set(key, [ref]);
    }
  }
}

function partyOf(source: string, entity: SanctionedEntity): MatchableParty {
  return {
    ref: `${source}:${entity.id}`,
    names: entity.names.map((n) => ({ full: n.full, strength: n.strength, ...(n.given ? { given: n.given } : {}) })),
    birthDates: entity.birthDates,
    nationalities: [...entity.nationalities, ...entity.citizenships],
    ...(entity.title !== undefined ? { titles: [entity.title] } : {}),
  };
}

/** Builds the snapshot for these list versions (one per source). */
export function buildSnapshot(lists: readonly ListInput[]): Snapshot {
  const versions = lists
    .map((list) => ({ source: list.source, version: versionOf(list) }))
    .sort((a, b) => compareCodeUnits(a.source, b.source));
  for (let i = 1; i < versions.length; i++) {
    if (versions[i]?.source === versions[i - 1]?.source) {
      throw new Error(`list ${versions[i]?.source} given twice: a snapshot pins one version per source`);
    }
  }
  const all = lists
    .flatMap((list) => list.entities.map((entity) => ({ source: list.source, entity })))
    .sort((a, b) => compareCodeUnits(a.source, b.source) || compareCodeUnits(a.entity.id, b.entity.id));
  const entities: SnapshotEntity[] = [];
  const addressKeys = new Map<string, ListedAddress[]>();
  all.forEach(({ source, entity }, position) => {
    entities.push({ source, id: entity.id, type: entity.type, primaryName: entity.names[0]?.full ?? '' });
    addAddresses(addressKeys, entity, position);
  });
  const names = buildNameIndex(all.map(({ source, entity }) => partyOf(source, entity)));
  return {
    lists: versions,
    entities,
    addressKeys,
    names,
    addressMemo: new AddressKeyMemo(),
    entityHashes: new EntityHashes(lists),
  };
}
