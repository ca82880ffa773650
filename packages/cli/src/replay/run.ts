/**
 * One replay run: the catalogue read, the decisions of the range streamed with their inputs, each decision
 * verified (and, when asked, screened under a what-if plan or against a lookback's entities), and a report that
 * holds counts, failures, a time series and the list versions, in memory bounded by the caps below however long
 * the range.
 */
import { timestampToMillis, type TopicNames } from '@cordon/contracts';
import type { KafkaClient } from '@cordon/platform';
import type { SanctionedEntity } from '@cordon/lists';
import type { Policy } from '@cordon/screening-core';
import { sha256Hex, type ListVersion } from '@cordon/screening-core/contract';
import {
  InputIndex,
  loadCatalogue,
  readDecisions,
  resolveRange,
  type DecisionRange,
  type InputIndexOptions,
  type LoadedCatalogue,
  type VersionSummary,
} from './topics.js';
import { REPLAY_STATUSES, Verifier, type ReplayResult, type ReplayStatus } from './verify.js';
import {
  LookbackScreener,
  outcomeName,
  WhatIfScreener,
  type LookbackHit,
  type WhatIfChange,
  type WhatIfPlan,
} from './whatif.js';

/** What to replay and how. */
export interface ReplayOptions {
  kafka: KafkaClient;
  topics: TopicNames;
  range: DecisionRange;
  /** Re-screen every decision under this plan too, and report the transitions. */
  whatIf?: { label: string; versions(catalogue: LoadedCatalogue): ListVersion[]; policy?: Policy };
  /** Instead of verifying, list past withdrawals that hit these entities (the catalogue is still read). */
  lookback?: { label: string; entities: (catalogue: LoadedCatalogue) => SanctionedEntity[] };
  input?: InputIndexOptions;
  /** Failures (and what-if changes, lookback hits) kept for the report; counts go on past it. Default 10,000. */
  maxListed?: number;
  onProgress?(done: number, total: number): void;
  /** Every result, as it is made (for JSON lines). */
  onResult?(result: ReplayResult): void;
}

/** Decisions per outcome in one time bucket. */
export interface OutcomeBucket {
  startMillis: number;
  counts: Record<string, number>;
}

/** The outcome of a replay run. */
export interface ReplayReport {
  topics: { decisions: string; requested: string; snapshots: string; policies: string };
  range: Array<{ partition: number; from: string; to: string }>;
  startedAtMillis: number;
  elapsedMillis: number;
  total: number;
  counts: Record<ReplayStatus, number>;
  failures: ReplayResult[];
  /** Failures counted but not listed (past maxListed). */
  failuresNotListed: number;
  outcomesOverTime: OutcomeBucket[];
  bucketMillis: number;
  versions: VersionSummary[];
  /** How many decisions pinned each version (`source:hash`). */
  versionUse: Record<string, number>;
  snapshotsBuilt: number;
  catalogueIgnored: string[];
  inputsEvicted: number;
  whatIf?: {
    label: string;
    /** from outcome -> to outcome -> count. */
    transitions: Record<string, Record<string, number>>;
    changes: WhatIfChange[];
    changesNotListed: number;
    /** Decisions that could not be re-screened under the plan (input or pins missing), with a few reasons. */
    unavailable: number;
  };
  lookback?: { label: string; entities: number; hits: LookbackHit[]; hitsNotListed: number; screened: number };
  /** 0: every decision verified; 1: a decision does not reproduce; 2: some could not be verified. */
  exitCode: number;
}

const MINUTE = 60_000;
const MAX_BUCKETS = 50_000;

/** Runs a replay. */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  const started = Date.now();
  const { kafka, topics } = options;
  const maxListed = options.maxListed ?? 10_000;
  const catalogue = await loadCatalogue(kafka, topics);
  const verifier = new Verifier(catalogue);
  const range = await resolveRange(kafka, topics.screeningDecisions, options.range);
  const inputs = new InputIndex(kafka, topics.withdrawalsRequested, options.input);
  const counts = Object.fromEntries(REPLAY_STATUSES.map((s) => [s, 0])) as Record<ReplayStatus, number>;
  const failures: ReplayResult[] = [];
  let failuresNotListed = 0;
  const minutes = new Map<number, Record<string, number>>();
  let granule = 1;
  const versionUse: Record<string, number> = {};
  const plan: WhatIfPlan | undefined = options.whatIf
    ? {
        versions: options.whatIf.versions(catalogue),
        ...(options.whatIf.policy ? { policy: options.whatIf.policy } : {}),
      }
    : undefined;
  const whatIf = plan ? new WhatIfScreener(verifier, plan) : undefined;
  const transitions: Record<string, Record<string, number>> = {};
  const changes: WhatIfChange[] = [];
  let changesNotListed = 0;
  let unavailable = 0;
  const lookbackEntities = options.lookback?.entities(catalogue);
  const lookback = lookbackEntities ? new LookbackScreener(lookbackEntities, verifier) : undefined;
  const lookbackHits: LookbackHit[] = [];
  let hitsNotListed = 0;
  let screened = 0;
  let total = 0;
  const totalOffsets = [...range.values()].reduce((sum, r) => sum + Number(r.to - r.from), 0);
  let doneOffsets = 0;

  const record = (result: ReplayResult) => {
    total++;
    counts[result.status]++;
    options.onResult?.(result);
    if (result.status !== 'verified') {
      if (failures.length < maxListed) failures.push(result);
      else failuresNotListed++;
    }
    const minute = Math.floor(result.screenedAtMillis / MINUTE / granule) * granule;
    const bucket = minutes.get(minute) ?? {};
    const outcome = outcomeName(result.outcome);
    bucket[outcome] = (bucket[outcome] ?? 0) + 1;
    minutes.set(minute, bucket);
    // Years of decisions must not hold a bucket per minute: past a cap, buckets widen sixtyfold.
    if (minutes.size > MAX_BUCKETS) {
      granule *= 60;
      const wider = new Map<number, Record<string, number>>();
      for (const [m, c] of minutes) {
        const key = Math.floor(m / granule) * granule;
        const into = wider.get(key) ?? {};
        for (const [o, n] of Object.entries(c)) into[o] = (into[o] ?? 0) + n;
        wider.set(key, into);
      }
      minutes.clear();
      for (const [m, c] of wider) minutes.set(m, c);
    }
    for (const pin of result.pinned) versionUse[pin] = (versionUse[pin] ?? 0) + 1;
  };

  try {
    await readDecisions(kafka, topics.screeningDecisions, range, async (batch) => {
      for (const item of batch) {
        if (item.kind === 'undecodable') {
          record({
            status: 'mismatched',
            withdrawalId: item.withdrawalId,
            decision: item.at,
            screenedAtMillis: item.at.timestampMillis,
            outcome: 0,
            decisionHash: '',
            pinned: [],
            policyHash: '',
            reason: `the decision record does not decode: ${item.reason}`,
            field: '(record)',
          });
          continue;
        }
        const { decision, at, bytes } = item;
        const screenedAtMillis = decision.screenedAt ? timestampToMillis(decision.screenedAt) : at.timestampMillis;
        await inputs.advanceTo(
          Math.max(screenedAtMillis, at.timestampMillis),
          Math.min(screenedAtMillis, at.timestampMillis),
        );
        const candidates = inputs.take(decision.withdrawalId);
        const input = () => candidates.find((c) => sha256Hex(c.value) === decision.inputSha256);
        if (lookback) {
          const found = input();
          if (found !== undefined) {
            screened++;
            const hit = lookback.screen(decision, found);
            if (hit) {
              if (lookbackHits.length < maxListed) lookbackHits.push(hit);
              else hitsNotListed++;
            }
          }
          continue;
        }
        record(verifier.verify(decision, at, candidates, bytes));
        if (whatIf) {
          const found = input();
          const again = found === undefined ? 'input missing' : whatIf.screen(decision, found);
          if (typeof again === 'string') {
            unavailable++;
          } else {
            const from = outcomeName(decision.outcome);
            const to = outcomeName(again.outcome);
            transitions[from] ??= {};
            transitions[from][to] = (transitions[from][to] ?? 0) + 1;
            const change = WhatIfScreener.change(decision, again);
            if (change) {
              if (changes.length < maxListed) changes.push(change);
              else changesNotListed++;
            }
          }
        }
      }
      doneOffsets += batch.length;
      options.onProgress?.(Math.min(doneOffsets, totalOffsets), totalOffsets);
    });
  } finally {
    await inputs.close();
  }
  options.onProgress?.(totalOffsets, totalOffsets);

  const { buckets, bucketMillis } = coarsen(minutes);
  const unverified = total - counts.verified;
  const report: ReplayReport = {
    topics: {
      decisions: topics.screeningDecisions,
      requested: topics.withdrawalsRequested,
      snapshots: topics.sanctionsSnapshots,
      policies: topics.screeningPolicies,
    },
    range: [...range].map(([partition, r]) => ({ partition, from: String(r.from), to: String(r.to) })),
    startedAtMillis: started,
    elapsedMillis: Date.now() - started,
    total,
    counts,
    failures,
    failuresNotListed,
    outcomesOverTime: buckets,
    bucketMillis,
    versions: catalogue.timeline,
    versionUse,
    snapshotsBuilt: verifier.snapshotsBuilt,
    catalogueIgnored: catalogue.ignored,
    inputsEvicted: inputs.evicted,
    exitCode: lookback ? 0 : counts.mismatched > 0 ? 1 : unverified > 0 ? 2 : 0,
  };
  if (options.whatIf) {
    report.whatIf = { label: options.whatIf.label, transitions, changes, changesNotListed, unavailable };
  }
  if (options.lookback && lookbackEntities) {
    report.lookback = {
      label: options.lookback.label,
      entities: lookbackEntities.length,
      hits: lookbackHits,
      hitsNotListed,
      screened,
    };
  }
  return report;
}

/** At most ~120 buckets of whole minutes, hours or days, so that the chart reads at any range. */
function coarsen(minutes: Map<number, Record<string, number>>): { buckets: OutcomeBucket[]; bucketMillis: number } {
  if (minutes.size === 0) return { buckets: [], bucketMillis: MINUTE };
  const keys = [...minutes.keys()];
  const span = Math.max(...keys) - Math.min(...keys) + 1;
  const step = [1, 5, 15, 60, 360, 1440, 10080, 43200].find((s) => span / s <= 120) ?? Math.ceil(span / 120);
  const merged = new Map<number, Record<string, number>>();
  for (const [minute, counts] of minutes) {
    const start = Math.floor(minute / step) * step;
    const into = merged.get(start) ?? {};
    for (const [outcome, n] of Object.entries(counts)) into[outcome] = (into[outcome] ?? 0) + n;
    merged.set(start, into);
  }
  return {
    buckets: [...merged]
      .sort((a, b) => a[0] - b[0])
      .map(([start, counts]) => ({ startMillis: start * MINUTE, counts })),
    bucketMillis: step * MINUTE,
  };
}
