/**
 * The auditor's check of one past decision: the withdrawal it decided (matched by id, proved by the decision's
 * input_sha256), the list versions and the policy it pinned, the screening core run again on them, and the
 * result compared with the published decision byte for byte. Pure: the Kafka side hands it what it read.
 */
import {
  DecisionOutcome,
  EVENT_TYPES,
  listSourceSlug,
  ScreeningDecision,
  timestampFromMillis,
  timestampToMillis,
  WithdrawalRequested,
  type ListSource,
  type PinnedListVersion,
} from '@cordon/contracts';
import { ENGINE_VERSION, type Policy } from '@cordon/screening-core';
import {
  coreEngine,
  decisionHash,
  encodeDecision,
  screenWithdrawal,
  suppressionsOfDecision,
  sha256Hex,
  type CoreSnapshot,
  type ListVersion,
  type ScreeningEngine,
} from '@cordon/screening-core/contract';

/** What became of one decision under replay. */
export type ReplayStatus =
  'verified' | 'mismatched' | 'input-missing' | 'list-version-missing' | 'policy-missing' | 'other-engine-version';

/** Every status, in report order. */
export const REPLAY_STATUSES: readonly ReplayStatus[] = [
  'verified',
  'mismatched',
  'input-missing',
  'list-version-missing',
  'policy-missing',
  'other-engine-version',
];

/** Where a record sits on its topic. */
export interface RecordPosition {
  partition: number;
  offset: string;
  /** The record's timestamp, in milliseconds. */
  timestampMillis: number;
}

/** A requested-withdrawal record that may be the input of a decision. */
export interface InputRecord extends RecordPosition {
  value: Uint8Array;
}

/** The replay of one decision. */
export interface ReplayResult {
  status: ReplayStatus;
  withdrawalId: string;
  /** The decision record's place on the decisions topic. */
  decision: RecordPosition;
  /** The decision's screened_at, in milliseconds. */
  screenedAtMillis: number;
  outcome: DecisionOutcome;
  decisionHash: string;
  /** `source-slug:content hash` of each pinned version. */
  pinned: string[];
  policyHash: string;
  /** Why it is not verified, for people. */
  reason?: string;
  /** The first field (proto name, JSON path) that differs, on a mismatch. */
  field?: string;
}

/** What a replay resolves pins against: everything read from the snapshots and policies topics. */
export interface ReplayCatalogue {
  /** Every complete list version, by `versionKey`. */
  versions: ReadonlyMap<string, ListVersion>;
  /** Every policy published, by its hash. */
  policies: ReadonlyMap<string, Policy>;
  /** `confirmationKey` of every ListSourceConfirmation on the snapshots topic. */
  confirmations: ReadonlySet<string>;
}

/** The key of a list version in the catalogue. */
export function versionKey(source: ListSource, contentHash: string): string {
  return `${listSourceSlug(source)}:${contentHash}`;
}

/** The key of one confirmation that a version was current at a time. */
export function confirmationKey(source: ListSource, contentHash: string, atMillis: number): string {
  return `${versionKey(source, contentHash)}@${atMillis}`;
}

/** The first path at which two JSON values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path === '' ? key : `${path}.${key}`,
      );
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return path === '' ? '(root)' : path;
}

function valueAt(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    at = at === null || typeof at !== 'object' ? undefined : (at as Record<string, unknown>)[part];
  }
  return at;
}

/** A JSON view with proto field names, as an auditor reads the contract. */
function protoJson(decision: ScreeningDecision): unknown {
  const json = ScreeningDecision.toJSON(decision) as Record<string, unknown>;
  const snake = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(snake)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snake(v)]),
          )
        : value;
  return snake(json);
}

/** Most list-version sets a replay keeps indexed at once; decisions come in time order, so few are live. */
const SNAPSHOT_CACHE = 4;

/**
 * Replays decisions against one catalogue. Each set of pinned versions is indexed once (kept while in use),
 * each pinned policy turned into an engine once.
 */
export class Verifier {
  private readonly engines = new Map<string, ScreeningEngine<CoreSnapshot>>();
  private readonly snapshots = new Map<string, CoreSnapshot>();
  private readonly builder = coreEngine();
  /** How many list-version sets were indexed (a figure for the report). */
  snapshotsBuilt = 0;

  constructor(private readonly catalogue: ReplayCatalogue) {}

  /** The engine of a pinned policy, or undefined when the policies topic never carried it. */
  engineFor(policyHash: string): ScreeningEngine<CoreSnapshot> | undefined {
    let engine = this.engines.get(policyHash);
    if (engine === undefined) {
      const policy = this.catalogue.policies.get(policyHash);
      if (policy === undefined) return undefined;
      engine = coreEngine(policy);
      this.engines.set(policyHash, engine);
    }
    return engine;
  }

  /** The indexed snapshot of these versions (one per source), built at most once while it stays in use. */
  snapshotOf(versions: readonly ListVersion[]): CoreSnapshot {
    const key = versions.map((v) => versionKey(v.source, v.contentHash)).join('|');
    let snapshot = this.snapshots.get(key);
    if (snapshot !== undefined) {
      // Least recently used goes first: re-insert on use.
      this.snapshots.delete(key);
    } else {
      snapshot = this.builder.buildSnapshot(versions);
      this.snapshotsBuilt++;
      if (this.snapshots.size >= SNAPSHOT_CACHE) this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    this.snapshots.set(key, snapshot);
    return snapshot;
  }

  /** The pinned versions, or the keys of those the catalogue lacks. */
  pinnedVersions(pinned: readonly PinnedListVersion[]): { versions: ListVersion[]; missing: string[] } {
    const versions: ListVersion[] = [];
    const missing: string[] = [];
    for (const pin of pinned) {
      const version = this.catalogue.versions.get(versionKey(pin.source, pin.contentHash));
      if (version === undefined) missing.push(versionKey(pin.source, pin.contentHash));
      else versions.push(version);
    }
    return { versions, missing };
  }

  /**
   * Replays `decision` (the published record, decoded from `bytes`) given the requested-topic records with its
   * withdrawal id (`inputs`, empty when none was found). Without `bytes`, the decision is encoded again.
   */
  verify(
    decision: ScreeningDecision,
    at: RecordPosition,
    inputs: readonly InputRecord[],
    bytes?: Uint8Array,
  ): ReplayResult {
    const result = (status: ReplayStatus, reason?: string, field?: string): ReplayResult => ({
      status,
      withdrawalId: decision.withdrawalId,
      decision: at,
      screenedAtMillis: decision.screenedAt ? timestampToMillis(decision.screenedAt) : at.timestampMillis,
      outcome: decision.outcome,
      decisionHash: decision.decisionHash,
      pinned: decision.pinnedVersions.map((p) => versionKey(p.source, p.contentHash)),
      policyHash: decision.policyHash,
      ...(reason !== undefined ? { reason } : {}),
      ...(field !== undefined ? { field } : {}),
    });
    // A decision that reproduces byte for byte carries the hash of its content (the replayed one's); the check of
    // its own hash is needed only when it cannot be replayed or does not reproduce, so it is made only then.
    const ownHashWrong = (): ReplayResult | undefined => {
      const ownHash = decisionHash(decision);
      if (ownHash === decision.decisionHash) return undefined;
      return result(
        'mismatched',
        `decision_hash ${decision.decisionHash} is not the hash of the decision's content (${ownHash})`,
        'decision_hash',
      );
    };
    const unverifiable = (status: ReplayStatus, reason: string, field?: string) =>
      ownHashWrong() ?? result(status, reason, field);
    if (decision.engineVersion !== ENGINE_VERSION) {
      return unverifiable(
        'other-engine-version',
        `decided by engine ${decision.engineVersion || '(none)'}; this replay runs engine ${ENGINE_VERSION}`,
      );
    }
    const input = inputs.find((candidate) => sha256Hex(candidate.value) === decision.inputSha256);
    if (input === undefined) {
      if (inputs.length === 0) {
        return unverifiable(
          'input-missing',
          `no withdrawal ${decision.withdrawalId} on the requested topic near the decision's time`,
        );
      }
      const found = inputs.map((i) => `partition ${i.partition} offset ${i.offset}: ${sha256Hex(i.value)}`);
      return unverifiable(
        'mismatched',
        `the withdrawal's bytes on the requested topic (${found.join('; ')}) do not hash to the decision's ` +
          `input_sha256 ${decision.inputSha256}`,
        'input_sha256',
      );
    }
    const engine = this.engineFor(decision.policyHash);
    if (engine === undefined) {
      return unverifiable('policy-missing', `policy ${decision.policyHash} is not on the policies topic`);
    }
    const { versions, missing } = this.pinnedVersions(decision.pinnedVersions);
    if (missing.length > 0) {
      return unverifiable(
        'list-version-missing',
        `pinned list version ${missing.join(', ')} is not on the snapshots topic`,
      );
    }
    // The list age check uses when each version was last confirmed current: the decision says when, and the
    // snapshots topic must back it (the version's fetch, or a confirmation list-sync published).
    const confirmations = new Map<ListSource, { contentHash: string; atMillis: number }>();
    for (const [i, pin] of decision.pinnedVersions.entries()) {
      const atMillis = pin.confirmedAt ? timestampToMillis(pin.confirmedAt) : 0;
      const version = versions[i]!;
      const fetched = version.manifest.fetchedAt ? timestampToMillis(version.manifest.fetchedAt) : 0;
      if (
        atMillis !== fetched &&
        !this.catalogue.confirmations.has(confirmationKey(pin.source, pin.contentHash, atMillis))
      ) {
        return unverifiable(
          'mismatched',
          `${versionKey(pin.source, pin.contentHash)} was not confirmed current at ` +
            `${new Date(atMillis).toISOString()} on the snapshots topic`,
          `pinned_versions[${i}].confirmed_at`,
        );
      }
      confirmations.set(pin.source, { contentHash: pin.contentHash, atMillis });
    }
    let withdrawal: WithdrawalRequested;
    try {
      withdrawal = EVENT_TYPES.withdrawalRequested.codec.decode(input.value);
    } catch (error) {
      return unverifiable('mismatched', `the input does not decode: ${(error as Error).message}`, 'input_sha256');
    }
    const again = screenWithdrawal(
      withdrawal,
      input.value,
      timestampFromMillis(input.timestampMillis),
      engine,
      this.snapshotOf(versions),
      confirmations,
      // The suppressions the decision pinned (approved false positives in force then), so replay decides alike.
      () => suppressionsOfDecision(decision),
    );
    if (again.kind === 'rejected') {
      return unverifiable('mismatched', `screening now rejects the input: ${again.detail}`, 'withdrawal_id');
    }
    const published = bytes ?? encodeDecision(decision);
    const replayed = encodeDecision(again.decision);
    if (Buffer.compare(published, replayed) === 0) return result('verified');
    const wrongHash = ownHashWrong();
    if (wrongHash) return wrongHash;
    const recorded = protoJson(decision);
    const recomputed = protoJson(again.decision);
    // The hash differs whenever anything else does: name what else differs first.
    const field =
      firstDifference(
        protoJson({ ...decision, decisionHash: '' }),
        protoJson({ ...again.decision, decisionHash: '' }),
      ) ??
      firstDifference(recorded, recomputed) ??
      '(encoding)';
    const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
    return result(
      'mismatched',
      `${field} is ${show(valueAt(recorded, field))} in the decision, ${show(valueAt(recomputed, field))} on replay`,
      field,
    );
  }
}
