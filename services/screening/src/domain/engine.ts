/**
 * The port between the service and the pure screening core: what the pipeline, the lookback and the gRPC
 * pre-checks need, in the contract's own terms (proto hits, reasons and pinned versions). The implementation
 * over `@cordon/screening-core` lives in `core-engine.ts`; everything else depends on this interface only.
 */
import type {
  DecisionOutcome,
  DecisionReason,
  Hit,
  Party,
  PinnedListVersion,
  WithdrawalRequested,
} from '@cordon/contracts';
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
export interface ScreeningEngine<S = unknown> {
  readonly engineVersion: string;
  readonly policyHash: string;
  /** Indexes the list versions (one per source) for screening; expensive, done once per version change. */
  buildSnapshot(versions: readonly ListVersion[]): S;
  /** Screens a withdrawal: destination (and source) address, customer and counterparty, jurisdictions. */
  screenWithdrawal(withdrawal: WithdrawalRequested, snapshot: S): DecisionBody;
  /** Screens one address. */
  screenAddress(query: AddressQuery, snapshot: S): DecisionBody;
  /** Screens one party. */
  screenParty(party: Party, snapshot: S): DecisionBody;
}
