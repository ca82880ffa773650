import {
  DeadLetterReason,
  HEADERS,
  IngestChannel,
  WithdrawalRejected,
  deadLetterReasonToJSON,
  timestampFromMillis,
  type FieldViolation,
} from '@cordon/contracts';
import {
  deadLetter,
  runBatchConsumer,
  type ConsumedRecord,
  type KafkaClient,
  type Logger,
  type OutgoingRecord,
  type RunningConsumer,
} from '@cordon/platform';
import { sha256Hex } from '../../domain/fingerprint.js';
import { classifyIntakeRecord } from '../../domain/intake.js';
import type { IngestItem, Ingestor, ItemOutcome } from '../../ingestor.js';
import type { IngestMetrics } from '../../metrics.js';
import type { Clock, Publisher } from '../../ports.js';

/** Options of {@link startIntakeConsumer}. */
export interface IntakeConsumerOptions {
  kafka: KafkaClient;
  logger: Logger;
  /** The service name, written to the dead letters' `cordon-dlq-service`. */
  service: string;
  /**
   * The consumer group. Namespaced by the topic prefix: deployments sharing a cluster under different prefixes
   * must not share a group (one's stale members would stall the other's rebalances).
   */
  groupId: string;
  intakeTopic: string;
  rejectedTopic: string;
  maxMessageBytes: number;
  partitionsConsumedConcurrently: number;
  ingestor: Ingestor;
  publisher: Publisher;
  clock: Clock;
  metrics: IngestMetrics;
  /** Records handled per step (one reserve statement, one write); offsets are committed after each step. */
  sliceRecords?: number;
}

/** A rejected intake record, with what its dead letter says. */
interface Rejection {
  record: ConsumedRecord;
  reason: DeadLetterReason;
  detail: string;
  violations?: FieldViolation[];
  idempotencyKey?: string;
  withdrawalId?: string;
}

const BACKOFF_MILLIS = [200, 500, 1_000, 2_000, 5_000];

/**
 * Consumes the withdrawals intake topic (read_committed: records of aborted or open transactions are never
 * ingested): every record is either ingested (through the same flow as gRPC) or written to the dead-letter topic
 * with its original bytes and reason; offsets are committed only after that, so a crash re-reads the records and
 * the idempotency store collapses the repeats. Kafka or PostgreSQL being down stalls the partition (with backoff)
 * rather than skipping anything; a slice stops waiting once its partition is revoked or the consumer stops, and is
 * read again. An unexpected error retries the slice with backoff, then fails the loop (`failed`).
 */
export async function startIntakeConsumer(options: IntakeConsumerOptions): Promise<RunningConsumer> {
  return runBatchConsumer({
    kafka: options.kafka,
    logger: options.logger,
    groupId: options.groupId,
    topics: [options.intakeTopic],
    fromBeginning: true,
    maxBatchRecords: options.sliceRecords ?? 500,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    // A short fetch wait keeps intake latency low and lets a drain stop without waiting out a long poll.
    maxWaitMillis: 250,
    handle: (records, alive) => handleSlice(records, options, alive),
  });
}

/** Ingests or dead-letters every record of a slice; false when the consumer stopped before it was done. */
async function handleSlice(
  records: ConsumedRecord[],
  options: IntakeConsumerOptions,
  alive: () => boolean,
): Promise<boolean> {
  const rejections: Rejection[] = [];
  let pending: Array<{ record: ConsumedRecord; item: IngestItem }> = [];
  for (const record of records) {
    const classified = classifyIntakeRecord(record.value, record.headers, options.maxMessageBytes);
    if (classified.kind === 'rejected')
      rejections.push({ record, reason: classified.reason, detail: classified.detail });
    else
      pending.push({
        record,
        // Kafka's ACLs on the intake topic say who may write it; a consumer cannot see which principal did.
        item: {
          submission: classified.submission,
          submissionSha256: sha256Hex(record.value!),
          producer: `kafka:${record.topic}`,
        },
      });
  }
  for (let attempt = 0; pending.length > 0; attempt++) {
    const outcomes = await options.ingestor.submit(
      pending.map((p) => p.item),
      IngestChannel.KAFKA,
      'wait',
    );
    const retry: typeof pending = [];
    outcomes.forEach((outcome, i) => {
      const rejection = rejectionOf(pending[i]!, outcome);
      if (rejection) rejections.push(rejection);
      else if (outcome.kind === 'unavailable' || outcome.kind === 'overloaded') retry.push(pending[i]!);
    });
    pending = retry;
    if (pending.length > 0) {
      options.logger.warn({ records: pending.length, attempt }, 'intake records not ingested yet; retrying');
      if (!(await pause(attempt, alive))) return false;
    }
  }
  return writeDeadLetters(rejections, options, alive);
}

function rejectionOf(
  pending: { record: ConsumedRecord; item: IngestItem },
  outcome: ItemOutcome,
): Rejection | undefined {
  if (outcome.kind !== 'invalid' && outcome.kind !== 'conflict') return undefined;
  const reason = outcome.kind === 'invalid' ? DeadLetterReason.INVALID_FIELDS : DeadLetterReason.IDEMPOTENCY_CONFLICT;
  const fields = outcome.violations.map((v) => `${v.field} (${v.code})`).join(', ');
  return {
    record: pending.record,
    reason,
    detail: `${outcome.violations.length} field(s) rejected: ${fields}`,
    violations: outcome.violations,
    idempotencyKey: pending.item.submission.idempotencyKey,
    withdrawalId: pending.item.submission.withdrawalId,
  };
}

async function writeDeadLetters(
  rejections: Rejection[],
  options: IntakeConsumerOptions,
  alive: () => boolean,
): Promise<boolean> {
  if (rejections.length === 0) return true;
  const records = rejections.map((rejection) => deadLetterRecord(rejection, options));
  for (let attempt = 0; ; attempt++) {
    try {
      await options.publisher.publish(records);
      for (const rejection of rejections) options.metrics.deadLettered(rejection.reason);
      return true;
    } catch (error) {
      options.logger.warn({ err: error, records: records.length, attempt }, 'dead letters not written yet; retrying');
      if (!(await pause(attempt, alive))) return false;
    }
  }
}

/** The dead letter of a rejected record: original key and bytes, reason headers, and the protobuf summary. */
function deadLetterRecord(
  rejection: Rejection,
  options: Pick<IntakeConsumerOptions, 'rejectedTopic' | 'service' | 'clock'>,
): OutgoingRecord {
  const { record } = rejection;
  const reasonName = deadLetterReasonToJSON(rejection.reason);
  const dead = deadLetter(record, options.rejectedTopic, options.service, reasonName, rejection.detail);
  const summary = WithdrawalRejected.fromPartial({
    reason: rejection.reason,
    detail: rejection.detail,
    violations: rejection.violations ?? [],
    originalTopic: record.topic,
    originalPartition: record.partition,
    originalOffset: BigInt(record.offset),
    idempotencyKey: rejection.idempotencyKey ?? '',
    withdrawalId: rejection.withdrawalId ?? '',
    originalSizeBytes: record.value?.length ?? 0,
    originalSha256: sha256Hex(record.value ?? Buffer.alloc(0)),
    rejectedAt: timestampFromMillis(options.clock.now()),
    rejectedBy: options.service,
    producer: `kafka:${record.topic}`,
  });
  return {
    ...dead,
    headers: { ...dead.headers, [HEADERS.dlqSummary]: Buffer.from(WithdrawalRejected.encode(summary).finish()) },
  };
}

async function pause(attempt: number, alive: () => boolean): Promise<boolean> {
  const millis = BACKOFF_MILLIS[Math.min(attempt, BACKOFF_MILLIS.length - 1)]!;
  for (let waited = 0; waited < millis; waited += 200) {
    if (!alive()) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return alive();
}
