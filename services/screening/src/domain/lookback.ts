/**
 * Lookback: when a new list version adds (or changes) entities, past withdrawals are re-screened against those
 * entities only, and each withdrawal that now hits becomes a `RetroHit`. Pure.
 *
 * Past withdrawals are kept in a compact, bounded index: the screened input as its protobuf bytes (decoded again
 * only for candidates), plus its address keys and name-token keys as postings. A delta is turned into the same
 * kinds of keys; withdrawals sharing a key are candidates, confirmed by the screening core against a snapshot of
 * the delta alone. Address keys are exact; name keys are the matcher's phonetic token keys and consonant
 * skeletons, so a transliterated or misspelt name still shares at least one key with the listed one.
 */
import { checkAddress, indexKeys, lookupKeys } from '@cordon/addresses';
import {
  DecisionOutcome,
  HitKind,
  RetroHit,
  WithdrawalRequested,
  type Party,
  type PinnedListVersion,
  type Timestamp,
} from '@cordon/contracts';
import type { SanctionedEntity } from '@cordon/lists';
import { analyseName } from '@cordon/matching';
import type { ScreeningEngine, ListVersion } from '@cordon/screening-core/contract';

/** One past withdrawal as the lookback remembers it. */
export interface PastWithdrawal {
  withdrawalId: string;
  customerRef: string;
  /** Partition of the requested topic it came from: only the partition's owner reports it. */
  partition: number;
  /** When it was screened (the decision's screened_at), in milliseconds; drives age-based eviction. */
  screenedAtMillis: number;
  /** The WithdrawalRequested bytes as screened. */
  input: Uint8Array;
  decisionHash: string;
  outcome: DecisionOutcome;
  /** `source:entityId` of every entity the original decision already hit, so a retro-hit never repeats one. */
  hitEntities: string[];
}

/** Bounds of the index: whichever is reached first evicts the oldest entries. */
export interface LookbackBounds {
  maxEntries: number;
  maxAgeMillis: number;
}

interface Stored {
  past: PastWithdrawal;
  keys: readonly string[];
}

function addressKey(key: string): string {
  return `a|${key}`;
}

function nameKey(key: string): string {
  return `n|${key}`;
}

// Customers withdraw again and again under the same name: analysing each distinct name once keeps the keys off
// the hot path. Bounded (emptied when full) so that a stream of distinct names cannot grow it without limit.
const nameKeyCache = new Map<string, readonly string[]>();
const NAME_KEY_CACHE_LIMIT = 50_000;

function nameKeysOf(full: string): readonly string[] {
  if (full.trim() === '') return [];
  const cached = nameKeyCache.get(full);
  if (cached !== undefined) return cached;
  const keys: string[] = [];
  for (const token of analyseName(full).tokens) {
    if (token.role !== 'name' && token.role !== 'patronymic') continue;
    keys.push(nameKey(token.key));
    if (token.vowelless) keys.push(nameKey(`s:${token.skeleton}`));
  }
  if (nameKeyCache.size >= NAME_KEY_CACHE_LIMIT) nameKeyCache.clear();
  nameKeyCache.set(full, keys);
  return keys;
}

function partyNames(party: Party | undefined): string[] {
  if (party === undefined) return [];
  const joined = [party.givenName, party.familyName].filter((part) => part !== '').join(' ');
  return [party.fullName, joined, ...party.otherNames].filter((name) => name.trim() !== '');
}

function addressKeysOf(ticker: string, address: string, canonical: string): string[] {
  if (address.trim() === '') return canonical === '' ? [] : [addressKey(canonical)];
  const keys = lookupKeys(checkAddress(ticker, address)).map(addressKey);
  return canonical === '' ? keys : [addressKey(canonical), ...keys];
}

/** The lookup keys of a withdrawal: its destination and source address keys, and its parties' name keys. */
export function withdrawalKeys(withdrawal: WithdrawalRequested): string[] {
  const keys: string[] = [];
  for (const address of [withdrawal.destination, withdrawal.source]) {
    if (address === undefined) continue;
    const ticker = address.ticker || withdrawal.amount?.asset || '';
    keys.push(...addressKeysOf(ticker, address.address, address.canonical));
  }
  for (const name of [...partyNames(withdrawal.customer), ...partyNames(withdrawal.counterparty)]) {
    keys.push(...nameKeysOf(name));
  }
  return [...new Set(keys)];
}

/** The keys a listed entity is found under: its listed address keys and its names' token keys. */
export function entityKeys(entity: SanctionedEntity): string[] {
  const keys: string[] = [];
  for (const listed of entity.digitalCurrencyAddresses) {
    keys.push(addressKey(listed.canonical), ...indexKeys(checkAddress(listed.ticker, listed.address)).map(addressKey));
  }
  for (const name of entity.names) keys.push(...nameKeysOf(name.full));
  return [...new Set(keys)];
}

/**
 * The past withdrawals screening remembers for lookback, bounded by count and age. Insertion order is
 * screening order, so the oldest entries are at the front and eviction is cheap.
 */
export class LookbackIndex {
  private readonly entries = new Map<string, Stored>();
  // Most keys (addresses) belong to one withdrawal: a bare id costs far less than a one-element Set.
  private readonly postings = new Map<string, string | Set<string>>();
  private newestMillis = 0;

  constructor(private readonly bounds: LookbackBounds) {}

  /** Number of withdrawals remembered. */
  get size(): number {
    return this.entries.size;
  }

  /** Remembers `past` (replacing an earlier entry for the same withdrawal), then applies the bounds. */
  add(past: PastWithdrawal, keys: readonly string[]): void {
    this.remove(past.withdrawalId);
    this.entries.set(past.withdrawalId, { past, keys });
    for (const key of keys) {
      const ids = this.postings.get(key);
      if (ids === undefined) this.postings.set(key, past.withdrawalId);
      else if (typeof ids === 'string') this.postings.set(key, new Set([ids, past.withdrawalId]));
      else ids.add(past.withdrawalId);
    }
    this.newestMillis = Math.max(this.newestMillis, past.screenedAtMillis);
    this.evict();
  }

  /** The remembered withdrawal `withdrawalId`, if any (a withdrawal already decided, within the window). */
  get(withdrawalId: string): PastWithdrawal | undefined {
    return this.entries.get(withdrawalId)?.past;
  }

  /** Forgets every withdrawal of `partitions` (partitions this instance no longer owns). */
  dropPartitions(partitions: ReadonlySet<number>): void {
    for (const [id, stored] of this.entries) if (partitions.has(stored.past.partition)) this.remove(id);
  }

  /** How many withdrawals of `partitions` (all when omitted) are remembered, and their screening times' range. */
  window(partitions?: ReadonlySet<number>): { count: number; fromMillis?: number; toMillis?: number } {
    let count = 0;
    let fromMillis: number | undefined;
    let toMillis: number | undefined;
    for (const { past } of this.entries.values()) {
      if (partitions !== undefined && !partitions.has(past.partition)) continue;
      count++;
      if (fromMillis === undefined || past.screenedAtMillis < fromMillis) fromMillis = past.screenedAtMillis;
      if (toMillis === undefined || past.screenedAtMillis > toMillis) toMillis = past.screenedAtMillis;
    }
    return { count, ...(fromMillis !== undefined ? { fromMillis, toMillis: toMillis! } : {}) };
  }

  /** The remembered withdrawals sharing at least one of `keys`, oldest first, within `partitions` when given. */
  candidates(keys: Iterable<string>, partitions?: ReadonlySet<number>): PastWithdrawal[] {
    const ids = new Set<string>();
    for (const key of keys) {
      const posted = this.postings.get(key);
      if (typeof posted === 'string') ids.add(posted);
      else for (const id of posted ?? []) ids.add(id);
    }
    const found: PastWithdrawal[] = [];
    for (const [id, stored] of this.entries) {
      if (!ids.has(id)) continue;
      if (partitions !== undefined && !partitions.has(stored.past.partition)) continue;
      found.push(stored.past);
    }
    return found;
  }

  private remove(withdrawalId: string): void {
    const stored = this.entries.get(withdrawalId);
    if (stored === undefined) return;
    this.entries.delete(withdrawalId);
    for (const key of stored.keys) {
      const ids = this.postings.get(key);
      if (typeof ids === 'string') this.postings.delete(key);
      else if (ids !== undefined) {
        ids.delete(withdrawalId);
        if (ids.size === 1) this.postings.set(key, ids.values().next().value!);
      }
    }
  }

  // Age is measured against the newest screening time seen, not the wall clock, so eviction is reproducible.
  private evict(): void {
    const oldestAllowed = this.newestMillis - this.bounds.maxAgeMillis;
    for (const [id, stored] of this.entries) {
      if (this.entries.size <= this.bounds.maxEntries && stored.past.screenedAtMillis >= oldestAllowed) break;
      this.remove(id);
    }
  }
}

/** The new list version whose delta is looked back with. */
export interface LookbackDelta {
  /** The new version (pinned by the retro-hits). */
  version: ListVersion;
  /** Entities of the new version that are new or changed against the version it replaces. */
  entities: SanctionedEntity[];
}

/** The pinned form of a list version. */
export function pinnedVersion(version: ListVersion): PinnedListVersion {
  return { source: version.source, contentHash: version.contentHash, versionId: version.versionId };
}

/**
 * Re-screens the candidates of `delta` against the delta's entities alone and returns one RetroHit per
 * withdrawal with a new address or name hit (hits the original decision already had are left out).
 * `detectedAt` comes from the new version (when list-sync fetched it), so a rerun gives the same bytes.
 */
export function lookback<S>(
  delta: LookbackDelta,
  index: LookbackIndex,
  engine: ScreeningEngine<S>,
  detectedAt: Timestamp,
  partitions?: ReadonlySet<number>,
): RetroHit[] {
  return lookbackRun(delta, index, engine, detectedAt, partitions).retroHits;
}

/** {@link lookback}, also saying how many remembered withdrawals shared a key with the delta (were re-screened). */
export function lookbackRun<S>(
  delta: LookbackDelta,
  index: LookbackIndex,
  engine: ScreeningEngine<S>,
  detectedAt: Timestamp,
  partitions?: ReadonlySet<number>,
): { retroHits: RetroHit[]; candidates: number } {
  if (delta.entities.length === 0) return { retroHits: [], candidates: 0 };
  const keys = new Set(delta.entities.flatMap(entityKeys));
  const candidates = index.candidates(keys, partitions);
  if (candidates.length === 0) return { retroHits: [], candidates: 0 };
  const snapshot = engine.buildSnapshot([{ ...delta.version, entities: delta.entities }]);
  const retroHits: RetroHit[] = [];
  for (const past of candidates) {
    const body = engine.screenWithdrawal(WithdrawalRequested.decode(past.input), snapshot);
    const already = new Set(past.hitEntities);
    const hits = body.hits.filter(
      (hit) =>
        (hit.kind === HitKind.ADDRESS || hit.kind === HitKind.NAME) &&
        hit.source === delta.version.source &&
        !already.has(`${hit.source}:${hit.entityId}`),
    );
    if (hits.length === 0) continue;
    retroHits.push(
      RetroHit.fromPartial({
        withdrawalId: past.withdrawalId,
        customerRef: past.customerRef,
        originalDecisionHash: past.decisionHash,
        originalOutcome: past.outcome,
        newVersion: pinnedVersion(delta.version),
        hits,
        policyHash: body.policyHash,
        engineVersion: body.engineVersion,
        detectedAt,
      }),
    );
  }
  return { retroHits, candidates: candidates.length };
}

/** The entity keys `source:entityId` of a decision's address and name hits. */
export function hitEntitiesOf(hits: ReadonlyArray<{ source: number; entityId: string; kind: HitKind }>): string[] {
  return hits
    .filter((hit) => hit.kind === HitKind.ADDRESS || hit.kind === HitKind.NAME)
    .map((hit) => `${hit.source}:${hit.entityId}`);
}
