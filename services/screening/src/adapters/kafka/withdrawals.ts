/**
 * The transform step of the exactly-once pipeline: one batch of requested-withdrawal records in, one decision
 * (or one dead-letter record) per input out. Deterministic for a given batch and snapshot, as runExactlyOnce
 * requires: a batch processed again after a crash yields the same bytes.
 */
import {
  DeadLetterReason,
  deadLetterReasonToJSON,
  EVENT_TYPES,
  eventTypeFor,
  HEADERS,
  timestampFromMillis,
  timestampToMillis,
  WithdrawalRejected,
  type FieldViolation,
  type WithdrawalRequested,
} from '@cordon/contracts';
import {
  deadLetter,
  DecodeError,
  decodeEvent,
  encodeEvent,
  type ConsumedRecord,
  type Logger,
  type OutgoingRecord,
} from '@cordon/platform';
import {
  sha256Hex,
  screenWithdrawal,
  type CustomerSuppression,
  type Freshness,
  type ScreeningEngine,
} from '@cordon/screening-core/contract';
import { hitEntitiesOf, type PastWithdrawal } from '../../domain/lookback.js';
import { outcomeLabel, type ScreeningMetrics } from '../../metrics.js';

/** What the processor needs. */
export interface WithdrawalProcessorDeps<S> {
  service: string;
  engine: ScreeningEngine<S>;
  /** The snapshot in force, read once per batch. */
  snapshot(): S | undefined;
  /** The latest confirmation of each source's version in force, read once per batch (list age). */
  confirmations?(): Freshness['confirmations'];
  /** A customer's suppressions in force (approved false positives); none when omitted. */
  suppressions?(customerRef: string): readonly CustomerSuppression[];
  topics: { decisions: string; deadLetters: string };
  maxRecordBytes: number;
  metrics: ScreeningMetrics;
  logger: Logger;
  /**
   * The lookback window, when kept: it also deduplicates (a withdrawal it remembers was decided already, so a second
   * WithdrawalRequested for it is dead-lettered as DUPLICATE rather than decided again).
   */
  lookback?: {
    /** Resolves once the window of `partition` is rebuilt (after an assignment); a batch waits for it. */
    ready(partition: number): Promise<void>;
    /** The remembered decided withdrawal `withdrawalId`, if any. */
    decided(withdrawalId: string): PastWithdrawal | undefined;
    /**
     * Remembers a decided withdrawal. Called only once the batch that decided it has committed; a throw is
     * contained (logged and counted), never fails the batch.
     */
    remember(past: PastWithdrawal, withdrawal: WithdrawalRequested): void;
  };
}

/** A withdrawal that cannot be screened, before it becomes a dead-letter record. */
interface Rejection {
  reason: DeadLetterReason;
  detail: string;
  violations?: FieldViolation[];
  withdrawal?: WithdrawalRequested;
}

function decodeFailure(error: DecodeError, record: ConsumedRecord): DeadLetterReason {
  switch (error.reason) {
    case 'missing-type-header':
      return DeadLetterReason.MISSING_TYPE;
    case 'unexpected-type': {
      const typeName = record.headers[HEADERS.type]?.toString();
      try {
        eventTypeFor(typeName);
        return DeadLetterReason.WRONG_TYPE;
      } catch {
        return DeadLetterReason.UNKNOWN_TYPE;
      }
    }
    case 'unsupported-schema-version':
      return DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION;
    default:
      return DeadLetterReason.MALFORMED;
  }
}

/** The dead-letter record: original key, bytes and headers, plus the reason headers and the summary. */
function deadLetterRecord(
  record: ConsumedRecord,
  rejection: Rejection,
  service: string,
  topic: string,
): OutgoingRecord {
  const reason = deadLetterReasonToJSON(rejection.reason);
  const out = deadLetter(record, topic, service, reason, rejection.detail);
  const summary = WithdrawalRejected.fromPartial({
    reason: rejection.reason,
    detail: rejection.detail,
    violations: rejection.violations ?? [],
    originalTopic: record.topic,
    originalPartition: record.partition,
    originalOffset: BigInt(record.offset),
    idempotencyKey: rejection.withdrawal?.idempotencyKey ?? '',
    withdrawalId: rejection.withdrawal?.withdrawalId ?? '',
    originalSizeBytes: record.value?.length ?? 0,
    originalSha256: sha256Hex(record.value ?? new Uint8Array()),
    // The record's own timestamp, not the wall clock: a reprocessed batch must give the same bytes.
    rejectedAt: timestampFromMillis(Number(record.timestamp)),
    rejectedBy: service,
    producer: rejection.withdrawal?.producer ?? '',
  });
  out.headers = { ...out.headers, [HEADERS.dlqSummary]: Buffer.from(WithdrawalRejected.encode(summary).finish()) };
  return out;
}

/** Builds the batch transform for runExactlyOnce. */
export function withdrawalProcessor<S>(deps: WithdrawalProcessorDeps<S>) {
  const { engine, metrics, logger } = deps;
  const decisionType = EVENT_TYPES.screeningDecision;

  const one = (
    record: ConsumedRecord,
    snapshot: S,
    confirmations: Freshness['confirmations'] | undefined,
    batch: { decided: Set<string>; remember: Array<{ past: PastWithdrawal; withdrawal: WithdrawalRequested }> },
  ): OutgoingRecord => {
    const reject = (rejection: Rejection) => {
      metrics.deadLetters.inc({ reason: deadLetterReasonToJSON(rejection.reason) });
      return deadLetterRecord(record, rejection, deps.service, deps.topics.deadLetters);
    };
    const size = record.value?.length ?? 0;
    if (size > deps.maxRecordBytes) {
      return reject({
        reason: DeadLetterReason.OVERSIZE,
        detail: `value is ${size} bytes, limit ${deps.maxRecordBytes}`,
      });
    }
    let withdrawal: WithdrawalRequested;
    try {
      withdrawal = decodeEvent(EVENT_TYPES.withdrawalRequested, record.value, record.headers);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return reject({ reason: decodeFailure(error, record), detail: error.message });
    }
    const id = withdrawal.withdrawalId;
    if (id !== '' && (batch.decided.has(id) || deps.lookback?.decided(id) !== undefined)) {
      const epoch = record.headers[HEADERS.reservationEpoch]?.toString() ?? 'none';
      return reject({
        reason: DeadLetterReason.DUPLICATE,
        detail: `withdrawal already decided; this record's reservation epoch: ${epoch}`,
        withdrawal,
      });
    }
    const started = performance.now();
    let outcome;
    try {
      outcome = screenWithdrawal(
        withdrawal,
        record.value!,
        timestampFromMillis(Number(record.timestamp)),
        engine,
        snapshot,
        confirmations,
        deps.suppressions,
      );
    } catch (error) {
      // The core is pure: what throws once throws again, so retrying would only stall the partition.
      logger.error(
        { topic: record.topic, partition: record.partition, offset: record.offset, err: error },
        'screening failed on this input',
      );
      return reject({ reason: DeadLetterReason.PROCESSING_FAILED, detail: (error as Error).message, withdrawal });
    }
    metrics.screenSeconds.observe({ kind: 'withdrawal' }, (performance.now() - started) / 1000);
    if (outcome.kind === 'rejected') return reject({ ...outcome, withdrawal });
    const { decision } = outcome;
    metrics.decisions.inc({ outcome: outcomeLabel(decision.outcome) });
    let suppressed = 0;
    for (const hit of decision.hits) if (hit.suppressed) suppressed++;
    if (suppressed > 0) metrics.suppressedHits.inc(suppressed);
    batch.decided.add(id);
    if (deps.lookback) {
      batch.remember.push({
        past: {
          withdrawalId: decision.withdrawalId,
          customerRef: decision.customerRef,
          partition: record.partition,
          screenedAtMillis: decision.screenedAt ? timestampToMillis(decision.screenedAt) : Number(record.timestamp),
          input: Buffer.from(record.value!),
          decisionHash: decision.decisionHash,
          outcome: decision.outcome,
          hitEntities: hitEntitiesOf(decision.hits),
        },
        withdrawal,
      });
    }
    const { value, headers } = encodeEvent(decisionType, decision);
    return { topic: deps.topics.decisions, key: decision.withdrawalId, value, headers };
  };

  const batchStarted = new Map<string, number>();
  // Per partition, what its latest batch decided: remembered once (and only if) that batch commits. A failed batch
  // is processed again, which replaces its entry here.
  const toRemember = new Map<string, Array<{ past: PastWithdrawal; withdrawal: WithdrawalRequested }>>();
  return {
    process: async (records: ConsumedRecord[]): Promise<OutgoingRecord[]> => {
      const key = `${records[0]?.topic}:${records[0]?.partition}`;
      toRemember.delete(key);
      if (deps.lookback && records.length > 0) await deps.lookback.ready(records[0]!.partition);
      const snapshot = deps.snapshot();
      if (snapshot === undefined) throw new Error('no list snapshot in force');
      const started = performance.now();
      batchStarted.set(key, started);
      const confirmations = deps.confirmations?.();
      const batch = { decided: new Set<string>(), remember: [] };
      const out = records.map((record) => one(record, snapshot, confirmations, batch));
      toRemember.set(key, batch.remember);
      metrics.batchSeconds.observe((performance.now() - started) / 1000);
      return out;
    },
    /** For runExactlyOnce's onCommitted: remembers what the batch decided, times the transaction from its start. */
    committed: (info: { topic: string; partition: number; count: number }) => {
      const key = `${info.topic}:${info.partition}`;
      const remembered = toRemember.get(key) ?? [];
      toRemember.delete(key);
      for (const { past, withdrawal } of remembered) {
        try {
          deps.lookback?.remember(past, withdrawal);
        } catch (error) {
          metrics.lookbackRememberFailures.inc();
          logger.error(
            { withdrawalId: past.withdrawalId, partition: past.partition, err: error },
            'decided withdrawal not remembered for lookback',
          );
        }
      }
      const started = batchStarted.get(key);
      if (started !== undefined) metrics.transactionSeconds.observe((performance.now() - started) / 1000);
      metrics.batchRecords.observe(info.count);
    },
  };
}
