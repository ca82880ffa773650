/**
 * A stand-in for `@cordon/screening-core` while that package is being written: exact address screening through
 * the address package's keys and name screening through the matching package's index, behind the same port.
 * Pure. To be replaced by the core-backed engine; nothing outside main.ts and the tests names it.
 */
import { checkAddress, indexKeys, lookupKeys } from '@cordon/addresses';
import {
  DecisionOutcome,
  HitKind,
  type DecisionReason,
  type Hit,
  type Party,
  type WithdrawalRequested,
} from '@cordon/contracts';
import type { SanctionedEntity } from '@cordon/lists';
import { buildNameIndex, type NameIndex } from '@cordon/matching';
import { sha256Hex } from './decision.js';
import type { AddressQuery, DecisionBody, ScreeningEngine } from './engine.js';
import type { ListVersion } from './versions.js';

/** The thresholds of the stand-in policy, in basis points. */
export interface InterimPolicy {
  nameHoldBp: number;
  nameBlockBp: number;
}

/** Hold from 0.85, block from 0.97 (strong aliases only). */
export const INTERIM_POLICY: InterimPolicy = { nameHoldBp: 8_500, nameBlockBp: 9_700 };

interface Listed {
  version: ListVersion;
  entity: SanctionedEntity;
  entityHash: string;
  matched: string;
}

interface InterimSnapshot {
  versions: readonly ListVersion[];
  addresses: Map<string, Listed[]>;
  names: NameIndex;
  parties: Array<{ version: ListVersion; entity: SanctionedEntity; entityHash: string }>;
}

interface Query {
  addresses: Array<{ field: string; ticker: string; address: string; canonical: string }>;
  parties: Array<{ field: string; party: Party }>;
}

function addressHits(snapshot: InterimSnapshot, query: Query['addresses'][number]): Hit[] {
  const keys = new Set<string>(query.canonical === '' ? [] : [query.canonical]);
  if (query.address.trim() !== '')
    for (const key of lookupKeys(checkAddress(query.ticker, query.address))) keys.add(key);
  const hits: Hit[] = [];
  for (const key of keys) {
    for (const listed of snapshot.addresses.get(key) ?? []) {
      hits.push({
        source: listed.version.source,
        entityId: listed.entity.id,
        entityHash: listed.entityHash,
        kind: HitKind.ADDRESS,
        matchedValue: listed.matched,
        queryField: query.field,
        queryValue: key,
        scoreBp: 10_000,
        features: [],
        programs: [...listed.entity.programs],
      });
    }
  }
  return hits;
}

function partyHits(snapshot: InterimSnapshot, field: string, party: Party): Hit[] {
  const joined = [party.givenName, party.familyName].filter((part) => part !== '').join(' ');
  const names = [party.fullName, joined, ...party.otherNames].filter((name) => name.trim() !== '');
  if (names.length === 0) return [];
  const matches = snapshot.names.search(
    {
      names,
      ...(party.dateOfBirth ? { dob: party.dateOfBirth } : {}),
      ...(party.nationalities[0] ? { nationality: party.nationalities[0] } : {}),
    },
    { minScore: INTERIM_POLICY.nameHoldBp / 10_000 },
  );
  return matches.map((match) => {
    const listed = snapshot.parties[match.party]!;
    return {
      source: listed.version.source,
      entityId: listed.entity.id,
      entityHash: listed.entityHash,
      kind: HitKind.NAME,
      matchedValue: match.listedName,
      queryField: field,
      queryValue: match.queryName,
      scoreBp: Math.round(match.score * 10_000),
      features: [
        { name: 'dob.match', valueBp: 0, detail: match.features.dob },
        { name: 'nationality.match', valueBp: 0, detail: match.features.nationality },
        { name: 'name.alias_strength', valueBp: 0, detail: match.features.aliasStrength },
      ],
      programs: [...listed.entity.programs],
    };
  });
}

function byRank(a: Hit, b: Hit): number {
  return (
    b.scoreBp - a.scoreBp ||
    a.source - b.source ||
    (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0) ||
    (a.queryField < b.queryField ? -1 : a.queryField > b.queryField ? 1 : 0)
  );
}

function decide(snapshot: InterimSnapshot, query: Query, policyHash: string, engineVersion: string): DecisionBody {
  const hits = [
    ...query.addresses.flatMap((address) => addressHits(snapshot, address)),
    ...query.parties.flatMap(({ field, party }) => partyHits(snapshot, field, party)),
  ].sort(byRank);
  const reasons: DecisionReason[] = [];
  let outcome = DecisionOutcome.ALLOW;
  if (hits.some((hit) => hit.kind === HitKind.ADDRESS)) {
    outcome = DecisionOutcome.BLOCK;
    reasons.push({ code: 'ADDRESS_EXACT_MATCH', detail: 'an address matches a listed digital currency address' });
  }
  const names = hits.filter((hit) => hit.kind === HitKind.NAME);
  if (names.some((hit) => hit.scoreBp >= INTERIM_POLICY.nameBlockBp)) {
    outcome = DecisionOutcome.BLOCK;
    reasons.push({ code: 'NAME_ABOVE_BLOCK_THRESHOLD', detail: 'a name matches a listed name' });
  } else if (names.length > 0) {
    if (outcome === DecisionOutcome.ALLOW) outcome = DecisionOutcome.HOLD;
    reasons.push({ code: 'NAME_ABOVE_HOLD_THRESHOLD', detail: 'a name resembles a listed name' });
  }
  if (reasons.length === 0) reasons.push({ code: 'NO_HIT', detail: 'nothing matched' });
  return {
    outcome,
    hits,
    reasons,
    pinnedVersions: snapshot.versions.map((v) => ({
      source: v.source,
      contentHash: v.contentHash,
      versionId: v.versionId,
    })),
    policyHash,
    engineVersion,
  };
}

/** The stand-in engine. */
export function interimEngine(): ScreeningEngine<InterimSnapshot> {
  const engineVersion = '0.0.1-interim';
  const policyHash = sha256Hex(new TextEncoder().encode(JSON.stringify(INTERIM_POLICY)));
  return {
    engineVersion,
    policyHash,
    buildSnapshot(versions) {
      const addresses = new Map<string, Listed[]>();
      const parties: InterimSnapshot['parties'] = [];
      for (const version of versions) {
        for (const entity of version.entities) {
          const hash = version.entityHashes.get(entity.id) ?? '';
          parties.push({ version, entity, entityHash: hash });
          for (const listed of entity.digitalCurrencyAddresses) {
            const keys = new Set([listed.canonical, ...indexKeys(checkAddress(listed.ticker, listed.address))]);
            for (const key of keys) {
              const entries = addresses.get(key) ?? [];
              if (!entries.some((e) => e.entity.id === entity.id && e.version === version)) {
                entries.push({ version, entity, entityHash: hash, matched: listed.canonical });
              }
              addresses.set(key, entries);
            }
          }
        }
      }
      const names = buildNameIndex(
        parties.map(({ entity }, i) => ({
          ref: String(i),
          names: entity.names.map((name) => ({ full: name.full, strength: name.strength })),
          birthDates: entity.birthDates,
          nationalities: [...entity.nationalities, ...entity.citizenships],
        })),
      );
      return { versions: [...versions], addresses, names, parties };
    },
    screenWithdrawal(withdrawal: WithdrawalRequested, snapshot) {
      const ticker = (address: { ticker: string }) => address.ticker || withdrawal.amount?.asset || '';
      const query: Query = { addresses: [], parties: [] };
      if (withdrawal.destination) {
        query.addresses.push({
          field: 'destination.canonical',
          ...withdrawal.destination,
          ticker: ticker(withdrawal.destination),
        });
      }
      if (withdrawal.source) {
        query.addresses.push({ field: 'source.canonical', ...withdrawal.source, ticker: ticker(withdrawal.source) });
      }
      if (withdrawal.customer) query.parties.push({ field: 'customer.full_name', party: withdrawal.customer });
      if (withdrawal.counterparty)
        query.parties.push({ field: 'counterparty.full_name', party: withdrawal.counterparty });
      return decide(snapshot, query, policyHash, engineVersion);
    },
    screenAddress(query: AddressQuery, snapshot) {
      return decide(
        snapshot,
        { addresses: [{ field: 'address', ticker: query.ticker, address: query.address, canonical: '' }], parties: [] },
        policyHash,
        engineVersion,
      );
    },
    screenParty(party: Party, snapshot) {
      return decide(
        snapshot,
        { addresses: [], parties: [{ field: 'party.full_name', party }] },
        policyHash,
        engineVersion,
      );
    },
  };
}
