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
  /** Called for every decision made, for lookback; may be called again for the same withdrawal on a retry. */
  remember?(past: PastWithdrawal, withdrawal: WithdrawalRequested): void;
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
    deps.remember?.(
      {
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
    );
    const { value, headers } = encodeEvent(decisionType, decision);
    return { topic: deps.topics.decisions, key: decision.withdrawalId, value, headers };
  };

  const batchStarted = new Map<string, number>();
  return {
    process: async (records: ConsumedRecord[]): Promise<OutgoingRecord[]> => {
      const snapshot = deps.snapshot();
      if (snapshot === undefined) throw new Error('no list snapshot in force');
      const started = performance.now();
      batchStarted.set(`${records[0]?.topic}:${records[0]?.partition}`, started);
      const confirmations = deps.confirmations?.();
      const out = records.map((record) => one(record, snapshot, confirmations));
      metrics.batchSeconds.observe((performance.now() - started) / 1000);
      return out;
    },
    /** For runExactlyOnce's onCommitted: times the transaction from the start of its batch. */
    committed: (info: { topic: string; partition: number; count: number }) => {
      const started = batchStarted.get(`${info.topic}:${info.partition}`);
      if (started !== undefined) metrics.transactionSeconds.observe((performance.now() - started) / 1000);
      metrics.batchRecords.observe(info.count);
    },
  };
}
