/**
 * The port between the service and the pure screening core: what the pipeline, the lookback and the gRPC
 * pre-checks need, in the contract's own terms (proto hits, reasons and pinned versions). The implementation
 * over `@cordon/screening-core` lives in `core-engine.ts`; everything else depends on this interface only.
 */
import type {
  ListSource,
  DecisionOutcome,
  DecisionReason,
  Hit,
  Party,
  PinnedListVersion,
  WithdrawalRequested,
} from '@cordon/contracts';
import type { CustomerSuppression } from './suppressions.js';
import type { ListVersion } from './versions.js';

/** Everything of a decision that the core decides; ids, hashes of the input and timestamps are added later. */
export interface DecisionBody {
  outcome: DecisionOutcome;
  /** Ordered by descending score, then source, then entity id. */
  hits: Hit[];
  reasons: DecisionReason[];
  /** One per source, ordered by source. */
  pinnedVersions: PinnedListVersion[];
  policyHash: string;
  engineVersion: string;
}

/** An address pre-check: the ticker may be empty (then every chain the address fits is considered). */
export interface AddressQuery {
  ticker: string;
  address: string;
}

/**
 * The screening core behind one policy. Implementations must be pure and deterministic: the same inputs and
 * snapshot give the same body, field for field, every time.
 */
/**
 * How current the lists in force are, for a screen at `atMillis`: the latest confirmation per source that list-sync
 * published for the version in force (content hash and time). A version counts as confirmed at least when it was
 * fetched. Screens past the policy's maximum list age are held.
 */
export interface Freshness {
  atMillis: number;
  confirmations: ReadonlyMap<ListSource, { contentHash: string; atMillis: number }>;
}

export interface ScreeningEngine<S = unknown> {
  readonly engineVersion: string;
  readonly policyHash: string;
  /** The policy in its canonical JSON encoding: the bytes `policyHash` hashes, published for replay. */
  readonly policyJson: string;
  /** Indexes the list versions (one per source) for screening; expensive, done once per version change. */
  buildSnapshot(versions: readonly ListVersion[]): S;
  /**
   * Runs the engine's hot paths on made-up input against `snapshot` once per process (or worker thread), so the
   * first real screens do not run as interpreted code; later calls do nothing and return undefined. Decisions never
   * depend on it. Called before a snapshot takes traffic.
   */
  warmUp?(snapshot: S): { screens: number } | undefined;
  /**
   * Screens a withdrawal: destination (and source) address, customer and counterparty, jurisdictions.
   * `suppressions` are the withdrawing customer's approved false positives: a hit on an entity one names, with the
   * same entity hash as in the snapshot, is reported `suppressed` and does not count towards the outcome.
   */
  screenWithdrawal(
    withdrawal: WithdrawalRequested,
    snapshot: S,
    freshness?: Freshness,
    suppressions?: readonly CustomerSuppression[],
  ): DecisionBody;
  /** Screens one address. */
  screenAddress(query: AddressQuery, snapshot: S, freshness?: Freshness): DecisionBody;
  /** Screens one party. */
  screenParty(party: Party, snapshot: S, freshness?: Freshness): DecisionBody;
}
