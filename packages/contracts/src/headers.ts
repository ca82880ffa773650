/**
 * Kafka record header names. Every Cordon record carries `type` and `schemaVersion`; dead-letter records add
 * the `dlq*` and `original*` headers beside the original record's own headers.
 */
export const HEADERS = {
  /** Fully qualified proto message name of the record value, e.g. `cordon.screening.v1.ScreeningDecision`. */
  type: 'cordon-type',
  /** Schema version of that message type as a decimal integer (see EventType.schemaVersion). */
  schemaVersion: 'cordon-schema-version',
  /** Dead letter: DeadLetterReason value name, e.g. `DEAD_LETTER_REASON_INVALID_FIELDS`. */
  dlqReason: 'cordon-dlq-reason',
  /** Dead letter: short human-readable detail, no personal data. */
  dlqDetail: 'cordon-dlq-detail',
  /**
   * WithdrawalRequested: the reservation epoch (decimal) of the ingest attempt that wrote the record, a fencing
   * token: 1 for the first attempt, one more for each takeover of an interrupted reservation. Not part of the
   * event bytes, so every attempt writes the same value; screening drops a second record of a withdrawal already
   * decided (DEAD_LETTER_REASON_DUPLICATE) and names both epochs.
   */
  reservationEpoch: 'cordon-reservation-epoch',
  /** Dead letter: the service that rejected the record, e.g. `ingest`. */
  dlqService: 'cordon-dlq-service',
  /** Dead letter: protobuf-encoded `cordon.withdrawals.v1.WithdrawalRejected` (binary header). */
  dlqSummary: 'cordon-dlq-summary',
  /** Dead letter: the topic the original record was consumed from. */
  originalTopic: 'cordon-original-topic',
  /** Dead letter: its partition, decimal. */
  originalPartition: 'cordon-original-partition',
  /** Dead letter: its offset, decimal. */
  originalOffset: 'cordon-original-offset',
} as const;

/**
 * gRPC trailing-metadata key carrying a protobuf-encoded `cordon.common.v1.FieldViolations` when a call fails
 * with INVALID_ARGUMENT (binary keys end in `-bin`, as gRPC requires).
 */
export const GRPC_FIELD_VIOLATIONS_TRAILER = 'cordon-field-violations-bin';
