/**
 * "What if" and "look back": a past withdrawal screened again under other list versions or another policy, and
 * past withdrawals screened against the entities one version added or changed (or one entity, or one address).
 * Pure, over the same engine as screening.
 */
import { checkAddress } from '@cordon/addresses';
import {
  DecisionOutcome,
  EVENT_TYPES,
  HitKind,
  listSourceFromSlug,
  listSourceSlug,
  timestampFromMillis,
  timestampToMillis,
  type Hit,
  type ListSource,
  type ScreeningDecision,
} from '@cordon/contracts';
import { contentHash, diffLists, entityHash, protoListSource, type SanctionedEntity } from '@cordon/lists';
import { versionsOf, type LoadedCatalogue } from './topics.js';
import type { Policy } from '@cordon/screening-core';
import {
  coreEngine,
  screenWithdrawal,
  suppressionsOfDecision,
  type CoreSnapshot,
  type ListVersion,
  type ScreeningEngine,
} from '@cordon/screening-core/contract';
import type { InputRecord, Verifier } from './verify.js';

/** A hit as the reports show it. */
export interface HitSummary {
  source: string;
  entityId: string;
  kind: string;
  queryField: string;
  matchedValue: string;
  scoreBp: number;
}

function hitSummary(hit: Hit): HitSummary {
  return {
    source: hit.source === 0 ? 'jurisdiction' : listSourceSlug(hit.source),
    entityId: hit.entityId,
    kind: (HitKind[hit.kind] ?? String(hit.kind)).toLowerCase(),
    queryField: hit.queryField,
    matchedValue: hit.matchedValue,
    scoreBp: hit.scoreBp,
  };
}

function hitId(hit: Hit): string {
  return `${hit.source}:${hit.entityId}:${hit.queryField}`;
}

/** The outcome's name as people read it. */
export function outcomeName(outcome: DecisionOutcome): string {
  return DecisionOutcome[outcome] ?? String(outcome);
}

/** Another list version (per source) and/or another policy to re-screen under. */
export interface WhatIfPlan {
  /** Replaces the pinned version of its source (or adds the source). */
  versions: readonly ListVersion[];
  policy?: Policy;
}

/** How one decision would have come out under the plan. */
export interface WhatIfChange {
  withdrawalId: string;
  screenedAtMillis: number;
  from: string;
  to: string;
  /** Hits the plan adds. */
  newHits: HitSummary[];
  /** Hits the plan takes away. */
  goneHits: HitSummary[];
}

/** Re-screens decisions under a plan. */
export class WhatIfScreener {
  private readonly engine: ScreeningEngine<CoreSnapshot> | undefined;

  constructor(
    private readonly verifier: Verifier,
    private readonly plan: WhatIfPlan,
  ) {
    this.engine = plan.policy ? coreEngine(plan.policy) : undefined;
  }

  /** The decision under the plan, or why it cannot be had (no engine for its policy, versions missing, ...). */
  screen(decision: ScreeningDecision, input: InputRecord): ScreeningDecision | string {
    const engine = this.engine ?? this.verifier.engineFor(decision.policyHash);
    if (engine === undefined) return `policy ${decision.policyHash} is not on the policies topic`;
    const { versions, missing } = this.verifier.pinnedVersions(
      decision.pinnedVersions.filter((p) => !this.plan.versions.some((v) => v.source === p.source)),
    );
    if (missing.length > 0) return `pinned list version ${missing.join(', ')} is not on the snapshots topic`;
    const all = [...versions, ...this.plan.versions].sort((a, b) => a.source - b.source);
    const screenedAtMillis = decision.screenedAt ? timestampToMillis(decision.screenedAt) : input.timestampMillis;
    // Pinned versions keep the confirmation the decision had; a version of the plan counts as current then.
    const confirmations = new Map<ListSource, { contentHash: string; atMillis: number }>();
    for (const pin of decision.pinnedVersions) {
      confirmations.set(pin.source, {
        contentHash: pin.contentHash,
        atMillis: pin.confirmedAt ? timestampToMillis(pin.confirmedAt) : 0,
      });
    }
    for (const v of this.plan.versions)
      confirmations.set(v.source, { contentHash: v.contentHash, atMillis: screenedAtMillis });
    const withdrawal = EVENT_TYPES.withdrawalRequested.codec.decode(input.value);
    const outcome = screenWithdrawal(
      withdrawal,
      input.value,
      timestampFromMillis(input.timestampMillis),
      engine,
      this.verifier.snapshotOf(all),
      confirmations,
      // The suppressions the decision pinned (approved false positives in force then), so replay decides alike.
      () => suppressionsOfDecision(decision),
    );
    return outcome.kind === 'decision' ? outcome.decision : `screening rejects the input: ${outcome.detail}`;
  }

  /** The change from `decision` to `again`, or undefined when nothing a person would care about changed. */
  static change(decision: ScreeningDecision, again: ScreeningDecision): WhatIfChange | undefined {
    const before = new Set(decision.hits.map(hitId));
    const after = new Set(again.hits.map(hitId));
    const newHits = again.hits.filter((h) => !before.has(hitId(h))).map(hitSummary);
    const goneHits = decision.hits.filter((h) => !after.has(hitId(h))).map(hitSummary);
    if (decision.outcome === again.outcome && newHits.length === 0 && goneHits.length === 0) return undefined;
    return {
      withdrawalId: decision.withdrawalId,
      screenedAtMillis: decision.screenedAt ? timestampToMillis(decision.screenedAt) : 0,
      from: outcomeName(decision.outcome),
      to: outcomeName(again.outcome),
      newHits,
      goneHits,
    };
  }
}

/** A list version made of entities given by hand or loaded from files (for --lists <path> and lookback). */
export function adHocVersion(entities: readonly SanctionedEntity[], versionId: string): ListVersion {
  const source = protoListSource(entities[0]?.source ?? 'ofac-sdn');
  const hash = contentHash([...entities]);
  return {
    source,
    contentHash: hash,
    versionId,
    manifest: {
      source,
      versionId,
      contentHash: hash,
      previousContentHash: '',
      sourceUri: '',
      files: [],
      parserVersion: '',
      entityCount: entities.length,
      countsByType: [],
      addressCount: 0,
      addedCount: 0,
      removedCount: 0,
      changedCount: 0,
    },
    sequence: 0n,
    entities: [...entities],
    entityHashes: new Map(entities.map((e) => [e.id, entityHash(e)])),
  };
}

/** A stand-in entity listing one address, so "which past withdrawals went to it" is a screen like any other. */
export function addressEntity(ticker: string, address: string): SanctionedEntity {
  const check = checkAddress(ticker, address);
  if (!check.valid) throw new RangeError(`${ticker} ${address} is not a valid address: ${check.reason ?? 'invalid'}`);
  return {
    source: 'ofac-sdn',
    id: `address:${check.canonical}`,
    type: 'unknown',
    names: [],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: [],
    digitalCurrencyAddresses: [
      { ticker: check.ticker, address, canonical: check.canonical, valid: true, chains: [...check.chains] },
    ],
    flags: [],
  } as SanctionedEntity;
}

/** A past withdrawal that hits what the lookback asked about. */
export interface LookbackHit {
  withdrawalId: string;
  customerRef: string;
  screenedAtMillis: number;
  /** The decision it got at the time. */
  outcome: string;
  decisionHash: string;
  hits: HitSummary[];
}

/** Screens past withdrawals against a fixed set of entities only (a version's delta, one entity, an address). */
export class LookbackScreener {
  private readonly snapshot: CoreSnapshot;
  private readonly ids: ReadonlySet<string>;
  private readonly engines = new Map<string, ScreeningEngine<CoreSnapshot>>();

  constructor(
    entities: readonly SanctionedEntity[],
    private readonly verifier: Verifier,
  ) {
    this.snapshot = coreEngine().buildSnapshot([adHocVersion(entities, 'lookback')]);
    this.ids = new Set(entities.map((e) => e.id));
  }

  /** The hits of `input` on the entities, under the decision's own policy (the default one when unresolved). */
  screen(decision: ScreeningDecision, input: InputRecord): LookbackHit | undefined {
    let engine = this.verifier.engineFor(decision.policyHash);
    if (engine === undefined) {
      engine = this.engines.get('') ?? coreEngine();
      this.engines.set('', engine);
    }
    const withdrawal = EVENT_TYPES.withdrawalRequested.codec.decode(input.value);
    const body = engine.screenWithdrawal(withdrawal, this.snapshot);
    const hits = body.hits.filter((h) => h.source !== 0 && this.ids.has(h.entityId));
    if (hits.length === 0) return undefined;
    return {
      withdrawalId: decision.withdrawalId,
      customerRef: decision.customerRef,
      screenedAtMillis: decision.screenedAt ? timestampToMillis(decision.screenedAt) : input.timestampMillis,
      outcome: outcomeName(decision.outcome),
      decisionHash: decision.decisionHash,
      hits: hits.map(hitSummary),
    };
  }
}

/** The version whose additions and changes a lookback screens for, and the entities of its delta. */
export function versionDelta(catalogue: LoadedCatalogue, hash: string): SanctionedEntity[] {
  const version = [...catalogue.versions.values()].find((v) => v.contentHash === hash);
  if (version === undefined) throw new RangeError(`--version ${hash}: no such list version on the snapshots topic`);
  const history = versionsOf(catalogue, version.source);
  const previous = history[history.indexOf(version) - 1];
  if (previous === undefined) return version.entities;
  const delta = diffLists(previous.entities, version.entities);
  return [...delta.added, ...delta.changed.map((c) => c.to)];
}

/** The latest listed version of one entity (`source:id`). */
export function entityOf(catalogue: LoadedCatalogue, spec: string): SanctionedEntity[] {
  const [slug, ...rest] = spec.split(':');
  const id = rest.join(':');
  const source = listSourceFromSlug(slug ?? '');
  if (source === undefined || id === '')
    throw new RangeError(`--entity ${spec}: expected <source>:<id>, e.g. ofac-sdn:25308`);
  const versions = versionsOf(catalogue, source);
  for (let i = versions.length - 1; i >= 0; i--) {
    const entity = versions[i]!.entities.find((e) => e.id === id);
    if (entity) return [entity];
  }
  throw new RangeError(`--entity ${spec}: no version on the snapshots topic lists it`);
}
