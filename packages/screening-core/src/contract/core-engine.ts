/**
 * The screening engine over `@cordon/screening-core`: maps the contract's withdrawal and parties to the core's
 * input, and the core's decision to the contract's hits, reasons and pinned versions. Pure.
 *
 * The core screens one customer per call with one nationality. A withdrawal can carry more (a counterparty,
 * several nationalities), so each extra party or nationality is screened as a facet of its own and the hits are
 * merged; the outcome is the most severe action of any hit, as in the core.
 */
import {
  DecisionOutcome,
  HitKind,
  listSourceFromSlug,
  listSourceSlug,
  ListSource,
  timestampFromMillis,
  timestampToMillis,
  PartyType,
  type DecisionReason,
  type PinnedListVersion,
  type Hit,
  type HitFeature,
  type Party,
  type WithdrawalRequested,
} from '@cordon/contracts';
import {
  buildSnapshot,
  canonicalize,
  DEFAULT_POLICY,
  ENGINE_VERSION,
  policyHash,
  screen,
  type Customer,
  type Hit as CoreHit,
  type Outcome,
  type Policy,
  type Snapshot,
  type Suppression as CoreSuppression,
  type Withdrawal,
  warmUpOnce,
} from '../index.js';
import type { AddressQuery, DecisionBody, Freshness, ScreeningEngine } from './engine.js';
import type { CustomerSuppression } from './suppressions.js';
import type { ListVersion } from './versions.js';

/** The core snapshot plus what the contract's hits need and the core does not keep. */
export interface CoreSnapshot {
  core: Snapshot;
  /** `slug:id` -> the exact entity version and its programmes. */
  entities: ReadonlyMap<string, { entityHash: string; programs: readonly string[] }>;
  versions: readonly ListVersion[];
}

/** One screen of the core and how its fields read in the contract. */
interface Facet {
  withdrawal: Withdrawal;
  /** Contract field path of each core hit field. */
  fields: Partial<Record<CoreHit['field'], string>>;
  /** Contract field path of each name the customer was screened under. */
  names: ReadonlyMap<string, string>;
}

const OUTCOMES: Record<Outcome, DecisionOutcome> = {
  ALLOW: DecisionOutcome.ALLOW,
  HOLD: DecisionOutcome.HOLD,
  BLOCK: DecisionOutcome.BLOCK,
};

const KINDS: Record<CoreHit['kind'], HitKind> = {
  address: HitKind.ADDRESS,
  name: HitKind.NAME,
  jurisdiction: HitKind.JURISDICTION,
};

function sourceOf(slug: string): ListSource {
  return listSourceFromSlug(slug) ?? ListSource.UNSPECIFIED;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The customer of the core for a contract party, and which contract field each of its names came from. */
function customerOf(party: Party, prefix: string): { customer: Customer; names: Map<string, string> } {
  const names = new Map<string, string>();
  const add = (name: string, field: string) => {
    if (name.trim() !== '' && !names.has(name)) names.set(name, field);
  };
  add(party.fullName, `${prefix}.full_name`);
  add([party.givenName, party.familyName].filter((part) => part !== '').join(' '), `${prefix}.given_name`);
  party.otherNames.forEach((name, i) => add(name, `${prefix}.other_names[${i}]`));
  const [name, ...aliases] = [...names.keys()];
  const residence = party.countryOfResidence.trim().toUpperCase();
  const type =
    party.type === PartyType.INDIVIDUAL
      ? 'individual'
      : party.type === PartyType.ORGANISATION
        ? 'organisation'
        : undefined;
  const customer: Customer = {
    ...(type !== undefined ? { type } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(party.dateOfBirth !== '' ? { dob: party.dateOfBirth } : {}),
    ...(party.nationalities[0] ? { nationality: party.nationalities[0] } : {}),
    ...(residence === '' ? {} : { countryOfResidence: residence.split('-')[0]! }),
    ...(residence.includes('-') ? { regionOfResidence: residence } : {}),
  };
  return { customer, names };
}

/** Facets for a party: the party itself, then one per extra nationality (jurisdiction rules only). */
function partyFacets(id: string, party: Party, prefix: string): Facet[] {
  const { customer, names } = customerOf(party, prefix);
  const residence = `${prefix}.country_of_residence`;
  const facets: Facet[] = [
    {
      withdrawal: { id, customer },
      fields: {
        nationality: `${prefix}.nationalities[0]`,
        countryOfResidence: residence,
        regionOfResidence: residence,
      },
      names,
    },
  ];
  party.nationalities.slice(1).forEach((nationality, i) =>
    facets.push({
      withdrawal: { id, customer: { nationality } },
      fields: { nationality: `${prefix}.nationalities[${i + 1}]` },
      names: new Map(),
    }),
  );
  return facets;
}

function withdrawalFacets(withdrawal: WithdrawalRequested): Facet[] {
  const id = withdrawal.withdrawalId;
  const ticker = (address: { ticker: string }) => address.ticker || withdrawal.chain || withdrawal.amount?.asset || '';
  const addressOf = (address: { address: string; canonical: string }) => address.address || address.canonical;
  const first: Withdrawal = {
    id,
    ...(withdrawal.requestedAt
      ? { requestedAt: new Date(timestampToMillis(withdrawal.requestedAt)).toISOString() }
      : {}),
    ...(withdrawal.destination
      ? { destination: { address: addressOf(withdrawal.destination), ticker: ticker(withdrawal.destination) } }
      : {}),
    ...(withdrawal.source
      ? { sources: [{ address: addressOf(withdrawal.source), ticker: ticker(withdrawal.source) }] }
      : {}),
  };
  const addressFields = { destination: 'destination.canonical', source: 'source.canonical' };
  const customer = withdrawal.customer ? partyFacets(id, withdrawal.customer, 'customer') : [];
  const [main, ...extra] = customer;
  const facets: Facet[] = [
    main === undefined
      ? { withdrawal: first, fields: addressFields, names: new Map() }
      : {
          withdrawal: { ...first, ...main.withdrawal },
          fields: { ...addressFields, ...main.fields },
          names: main.names,
        },
    ...extra,
  ];
  if (withdrawal.counterparty) facets.push(...partyFacets(id, withdrawal.counterparty, 'counterparty'));
  return facets;
}

function featureOf(kind: string, name: string, value: unknown): HitFeature {
  const feature: HitFeature = { name: `${kind}.${name}`, valueBp: 0, detail: '' };
  if (typeof value === 'number' && value >= -1 && value <= 1) feature.valueBp = Math.round(value * 10_000);
  feature.detail = typeof value === 'string' ? value : JSON.stringify(value);
  return feature;
}

function hitOf(hit: CoreHit, facet: Facet, snapshot: CoreSnapshot): Hit {
  const listed = snapshot.entities.get(`${hit.source}:${hit.entityId}`);
  const features = hit.features as Record<string, unknown>;
  const queryField =
    hit.kind === 'name'
      ? (facet.names.get(String(features.queryName)) ?? 'customer.full_name')
      : (facet.fields[hit.field] ?? hit.field);
  const address = hit.kind === 'address';
  return {
    source: hit.kind === 'jurisdiction' ? ListSource.UNSPECIFIED : sourceOf(hit.source),
    entityId: hit.entityId,
    entityHash: listed?.entityHash ?? '',
    kind: KINDS[hit.kind],
    matchedValue: address ? String(features.key) : hit.kind === 'jurisdiction' ? hit.entityId : hit.matched,
    queryField,
    queryValue: address ? String(features.query) : hit.kind === 'name' ? String(features.queryName) : hit.matched,
    scoreBp: Math.round(hit.score * 10_000),
    features: Object.keys(features)
      .sort()
      .map((name) => featureOf(hit.kind, name, features[name])),
    programs: [...(listed?.programs ?? [])],
    // Default values are not encoded: a decision without suppressions hashes as it did before they existed.
    suppressed: hit.suppression !== undefined,
    suppressedByCase: hit.suppression?.caseId ?? '',
  };
}

function reasonOf(hit: CoreHit, line: string): DecisionReason {
  if (hit.suppression) return { code: 'SUPPRESSED_FALSE_POSITIVE', detail: line };
  if (hit.kind === 'address') return { code: 'ADDRESS_EXACT_MATCH', detail: line };
  if (hit.kind === 'jurisdiction') return { code: 'JURISDICTION_COMPREHENSIVE', detail: line };
  return { code: hit.action === 'BLOCK' ? 'NAME_ABOVE_BLOCK_THRESHOLD' : 'NAME_ABOVE_HOLD_THRESHOLD', detail: line };
}

const SEVERITY: Record<DecisionOutcome, number> = {
  [DecisionOutcome.UNSPECIFIED]: 0,
  [DecisionOutcome.ALLOW]: 1,
  [DecisionOutcome.HOLD]: 2,
  [DecisionOutcome.BLOCK]: 3,
  [DecisionOutcome.UNRECOGNIZED]: 0,
};

const HOUR_MILLIS = 3_600_000;

/**
 * The versions a screen pins, each with the time it was last confirmed current (fetched, or confirmed unchanged
 * later), and a LIST_STALE reason for each that is older than the policy allows at the time of the screen.
 */
function pinned(
  snapshot: CoreSnapshot,
  policy: Policy,
  freshness: Freshness | undefined,
): { versions: PinnedListVersion[]; stale: DecisionReason[] } {
  const stale: DecisionReason[] = [];
  const versions = [...snapshot.versions]
    .sort((a, b) => a.source - b.source)
    .map((v) => {
      let confirmedMillis = v.manifest.fetchedAt ? timestampToMillis(v.manifest.fetchedAt) : 0;
      const confirmation = freshness?.confirmations.get(v.source);
      if (confirmation?.contentHash === v.contentHash && confirmation.atMillis > confirmedMillis) {
        confirmedMillis = confirmation.atMillis;
      }
      if (freshness !== undefined) {
        const ageHours = (freshness.atMillis - confirmedMillis) / HOUR_MILLIS;
        if (ageHours > policy.lists.maxAgeHours) {
          stale.push({
            code: 'LIST_STALE',
            detail:
              `${listSourceSlug(v.source)} version ${v.versionId || v.contentHash.slice(0, 12)} was last confirmed ` +
              `current at ${new Date(confirmedMillis).toISOString()}, ${ageHours.toFixed(1)} h before this screen; ` +
              `the policy allows ${policy.lists.maxAgeHours} h`,
          });
        }
      }
      return {
        source: v.source,
        contentHash: v.contentHash,
        versionId: v.versionId,
        confirmedAt: timestampFromMillis(confirmedMillis),
      };
    });
  return { versions, stale };
}

/** The contract's suppressions in the core's terms (source slugs). */
function coreSuppressions(suppressions: readonly CustomerSuppression[] | undefined): CoreSuppression[] {
  return (suppressions ?? []).map((s) => ({
    source: listSourceSlug(s.source),
    entityId: s.entityId,
    entityHash: s.entityHash,
    caseId: s.caseId,
  }));
}

/**
 * Screens every facet and merges them into one body. The customer's suppressions apply to every facet's hits on
 * a listed entity (address, name, counterparty alike), as case-management creates them from every such hit.
 */
function decide(
  facets: Facet[],
  snapshot: CoreSnapshot,
  policy: Policy,
  freshness?: Freshness,
  suppressions: readonly CoreSuppression[] = [],
): DecisionBody {
  const merged: Array<{ hit: Hit; reason: DecisionReason }> = [];
  let outcome = DecisionOutcome.ALLOW;
  let engineVersion = ENGINE_VERSION;
  let hash = policyHash(policy);
  for (const facet of facets) {
    // The contract seals the decision in its own encoding (decision.ts): the core's JSON hashes are not needed.
    const decision = screen(facet.withdrawal, snapshot.core, policy, { unsealed: true, suppressions });
    engineVersion = decision.engineVersion;
    hash = decision.policyHash;
    const facetOutcome = OUTCOMES[decision.decision];
    if (SEVERITY[facetOutcome] > SEVERITY[outcome]) outcome = facetOutcome;
    decision.hits.forEach((hit, i) =>
      merged.push({ hit: hitOf(hit, facet, snapshot), reason: reasonOf(hit, decision.reasons[i] ?? '') }),
    );
  }
  // The contract's order: score first, then source and entity; the field breaks the remaining ties.
  merged.sort(
    (a, b) =>
      b.hit.scoreBp - a.hit.scoreBp ||
      a.hit.source - b.hit.source ||
      compareText(a.hit.entityId, b.hit.entityId) ||
      compareText(a.hit.queryField, b.hit.queryField) ||
      compareText(a.hit.matchedValue, b.hit.matchedValue),
  );
  // A list nobody has confirmed current for longer than the policy allows could be missing designations: hold.
  const lists = pinned(snapshot, policy, freshness);
  if (lists.stale.length > 0 && SEVERITY[DecisionOutcome.HOLD] > SEVERITY[outcome]) outcome = DecisionOutcome.HOLD;
  const hitReasons = merged.map((m) => m.reason);
  return {
    outcome,
    hits: merged.map((m) => m.hit),
    reasons:
      merged.length === 0 && lists.stale.length === 0
        ? [{ code: 'NO_HIT', detail: 'no hits' }]
        : [...hitReasons, ...lists.stale],
    pinnedVersions: lists.versions,
    policyHash: hash,
    engineVersion,
  };
}

/** The engine over the screening core with `policy` (the core's default policy when omitted). */
export function coreEngine(policy: Policy = DEFAULT_POLICY): ScreeningEngine<CoreSnapshot> {
  return {
    engineVersion: ENGINE_VERSION,
    policyHash: policyHash(policy),
    policyJson: canonicalize(policy),
    buildSnapshot(versions) {
      const entities = new Map<string, { entityHash: string; programs: readonly string[] }>();
      for (const version of versions) {
        const slug = listSourceSlug(version.source);
        for (const entity of version.entities) {
          entities.set(`${slug}:${entity.id}`, {
            entityHash: version.entityHashes.get(entity.id) ?? '',
            programs: entity.programs,
          });
        }
      }
      const core = buildSnapshot(
        versions.map((v) => ({
          source: listSourceSlug(v.source),
          version: v.contentHash,
          entities: v.entities,
          entityHashes: v.entityHashes,
        })),
      );
      return { core, entities, versions: [...versions] };
    },
    warmUp(snapshot) {
      return warmUpOnce(snapshot.core, policy);
    },
    screenWithdrawal(withdrawal, snapshot, freshness, suppressions) {
      return decide(withdrawalFacets(withdrawal), snapshot, policy, freshness, coreSuppressions(suppressions));
    },
    screenAddress(query: AddressQuery, snapshot, freshness) {
      const facet: Facet = {
        withdrawal: { id: '', destination: { address: query.address, ticker: query.ticker } },
        fields: { destination: 'address' },
        names: new Map(),
      };
      return decide([facet], snapshot, policy, freshness);
    },
    screenParty(party, snapshot, freshness) {
      return decide(partyFacets('', party, 'party'), snapshot, policy, freshness);
    },
  };
}
