import * as grpc from '@grpc/grpc-js';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import {
  DeadLetterReason,
  IngestChannel,
  IngestServiceService,
  SubmissionStatus,
  SubmitWithdrawalRequest,
  SubmitWithdrawalsRequest,
  WithdrawalSubmission,
  type FieldViolation,
  type SubmitWithdrawalResponse,
  type SubmitWithdrawalsResponse,
  type SubmitWithdrawalsResult,
} from '@cordon/contracts';
import type { Logger, ServiceBinding } from '@cordon/platform';
import { sha256Hex } from '../../domain/fingerprint.js';
import { prefixFields, violation } from '../../domain/violations.js';
import type { IngestItem, Ingestor, ItemOutcome } from '../../ingestor.js';
import type { ProducerAuth } from './auth.js';
import { failure, invalidArgument, type GrpcError } from './rich-status.js';

/** A request as deserialised: the message and the submission's bytes as received, or why it did not decode. */
interface Received<T> {
  message?: T;
  /** Bytes of field 1 (the submission) exactly as sent, when it appears once. */
  submissionBytes?: Uint8Array;
  error?: string;
}

/** The bytes of field 1 when it occurs exactly once (several occurrences merge, so no one of them is "the" input). */
function submissionField(buffer: Uint8Array): Uint8Array | undefined {
  const reader = new BinaryReader(buffer);
  let found: Uint8Array | undefined;
  let count = 0;
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) {
      found = reader.bytes();
      count++;
    } else reader.skip(wireType, field);
  }
  return count === 1 ? found : undefined;
}

// grpc-js answers a deserialiser's exception with INTERNAL; decoding here and reporting the failure to the handler
// lets ingest answer INVALID_ARGUMENT, which is what a malformed request is.
function receive<T>(decode: (input: Uint8Array) => T) {
  return (buffer: Buffer): Received<T> => {
    try {
      const message = decode(buffer);
      const submissionBytes = submissionField(buffer);
      return submissionBytes ? { message, submissionBytes } : { message };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
}

/** IngestService with request deserialisers that keep the submission's bytes as received (for its hash). */
const definition = {
  submitWithdrawal: {
    ...IngestServiceService.submitWithdrawal,
    requestDeserialize: receive(SubmitWithdrawalRequest.decode),
  },
  submitWithdrawals: {
    ...IngestServiceService.submitWithdrawals,
    requestDeserialize: receive(SubmitWithdrawalsRequest.decode),
  },
} satisfies grpc.ServiceDefinition;

/** Options of {@link ingestServiceBinding}. */
export interface IngestServiceOptions {
  ingestor: Ingestor;
  auth: ProducerAuth;
  logger: Logger;
  /** Most items accepted on one SubmitWithdrawals stream (results are answered at the end, held in memory). */
  maxStreamItems: number;
  /** Items handed to the ingestor at once from a stream. */
  streamChunk: number;
}

function item(
  received: Received<{ submission?: WithdrawalSubmission | undefined }>,
  producer: string,
): IngestItem | FieldViolation[] {
  if (received.error !== undefined) {
    return [violation('submission', 'MALFORMED', `the request does not decode: ${received.error}`)];
  }
  const submission = received.message?.submission;
  if (submission === undefined) return [violation('submission', 'REQUIRED', 'submission is required')];
  const bytes = received.submissionBytes ?? WithdrawalSubmission.encode(submission).finish();
  return { submission, submissionSha256: sha256Hex(bytes), producer };
}

function unaryError(outcome: ItemOutcome): GrpcError | undefined {
  switch (outcome.kind) {
    case 'accepted':
    case 'duplicate':
      return undefined;
    case 'invalid': {
      const violations = prefixFields(outcome.violations, 'submission.');
      return invalidArgument(`${violations.length} field(s) of the submission are invalid`, violations);
    }
    case 'conflict': {
      // ALREADY_EXISTS, not FAILED_PRECONDITION: the key (or withdrawal id) names a submission that exists with
      // other content, and no change of state on ingest's side will ever accept this one; the producer needs a
      // new key. Retrying is pointless, which is what ALREADY_EXISTS tells generic clients.
      const violations = prefixFields(outcome.violations, 'submission.');
      const first = violations[0]!;
      return failure(grpc.status.ALREADY_EXISTS, first.description, first.code, { field: first.field }, violations);
    }
    case 'overloaded':
      return failure(
        grpc.status.RESOURCE_EXHAUSTED,
        'too many submissions in flight; retry with backoff',
        'OVERLOADED',
      );
    case 'unavailable':
      return failure(grpc.status.UNAVAILABLE, `not accepted: ${outcome.detail}`, 'BACKEND_UNAVAILABLE');
  }
}

function streamResult(
  index: number,
  submission: WithdrawalSubmission | undefined,
  outcome: ItemOutcome | FieldViolation[],
): SubmitWithdrawalsResult {
  const base = {
    index,
    idempotencyKey: submission?.idempotencyKey ?? '',
    withdrawalId: submission?.withdrawalId ?? '',
  };
  if (Array.isArray(outcome)) {
    const malformed = outcome[0]?.code === 'MALFORMED';
    const reason = malformed ? DeadLetterReason.MALFORMED : DeadLetterReason.INVALID_FIELDS;
    return { ...base, status: SubmissionStatus.REJECTED, reason, violations: outcome };
  }
  switch (outcome.kind) {
    case 'accepted':
      return { ...base, status: SubmissionStatus.ACCEPTED, reason: DeadLetterReason.UNSPECIFIED, violations: [] };
    case 'duplicate':
      return { ...base, status: SubmissionStatus.DUPLICATE, reason: DeadLetterReason.UNSPECIFIED, violations: [] };
    case 'invalid':
    case 'conflict':
      return {
        ...base,
        status: SubmissionStatus.REJECTED,
        reason: outcome.kind === 'invalid' ? DeadLetterReason.INVALID_FIELDS : DeadLetterReason.IDEMPOTENCY_CONFLICT,
        violations: prefixFields(outcome.violations, 'submission.'),
      };
    default:
      throw new Error(`no stream result for ${outcome.kind}`);
  }
}

/** The IngestService binding for the platform's gRPC server. */
export function ingestServiceBinding(options: IngestServiceOptions): ServiceBinding {
  const { ingestor, auth, logger } = options;

  const submitWithdrawal: grpc.handleUnaryCall<Received<SubmitWithdrawalRequest>, SubmitWithdrawalResponse> = (
    call,
    callback,
  ) => {
    auth
      .check(call, 'SubmitWithdrawal')
      .then((authn) => {
        if (!authn.ok) return callback(authn.error);
        const prepared = item(call.request, authn.producer);
        if (Array.isArray(prepared)) return callback(invalidArgument('the request is invalid', prepared));
        return submitOne(prepared, callback);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'SubmitWithdrawal failed');
        callback({ code: grpc.status.INTERNAL, details: 'internal error' });
      });
  };

  const submitOne = (prepared: IngestItem, callback: grpc.sendUnaryData<SubmitWithdrawalResponse>) =>
    ingestor
      .submit([prepared], IngestChannel.GRPC, 'reject')
      .then(([outcome]) => {
        const error = unaryError(outcome!);
        if (error) return callback(error);
        const duplicate = outcome!.kind === 'duplicate';
        const event = (outcome as Extract<ItemOutcome, { kind: 'accepted' | 'duplicate' }>).event;
        callback(null, {
          status: duplicate ? SubmissionStatus.DUPLICATE : SubmissionStatus.ACCEPTED,
          requested: event,
        });
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'SubmitWithdrawal failed');
        callback({ code: grpc.status.INTERNAL, details: 'internal error' });
      });

  const submitWithdrawals: grpc.handleClientStreamingCall<
    Received<SubmitWithdrawalsRequest>,
    SubmitWithdrawalsResponse
  > = (call, callback) => {
    // Items are read while the caller is authenticated, but none is submitted before it is; a refusal is answered
    // at once, and whatever else the stream carries is ignored.
    let producer = '';
    let answered = false;
    const answer = (error: GrpcError | null, response?: SubmitWithdrawalsResponse) => {
      if (answered) return;
      answered = true;
      if (error) callback(error);
      else callback(null, response);
    };
    const results: SubmitWithdrawalsResult[] = [];
    let buffered: Array<{ index: number; item: IngestItem }> = [];
    let count = 0;
    let chunksInFlight = 0;
    let failed: GrpcError | undefined;
    let chain: Promise<void> = auth.check(call, 'SubmitWithdrawals').then(
      (authn) => {
        if (authn.ok) producer = authn.producer;
        else {
          failed = authn.error;
          answer(authn.error);
        }
      },
      (error: unknown) => {
        logger.error({ err: error }, 'SubmitWithdrawals authentication failed');
        failed = { code: grpc.status.INTERNAL, details: 'internal error' };
      },
    );

    const process = async (chunk: Array<{ index: number; item: IngestItem }>) => {
      if (failed) return;
      const outcomes = await ingestor.submit(
        chunk.map((c) => ({ ...c.item, producer })),
        IngestChannel.GRPC,
        'wait',
      );
      outcomes.forEach((outcome, i) => {
        const { index, item: it } = chunk[i]!;
        if (outcome.kind === 'unavailable' || outcome.kind === 'overloaded') failed ??= unaryError(outcome);
        else results[index] = streamResult(index, it.submission, outcome);
      });
    };
    const flush = () => {
      if (buffered.length === 0) return;
      const chunk = buffered;
      buffered = [];
      chunksInFlight++;
      // gRPC flow control is the backpressure: with two chunks queued, stop reading until one is done.
      if (chunksInFlight >= 2) call.pause();
      chain = chain
        .then(() => process(chunk))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'SubmitWithdrawals chunk failed');
          failed ??= { code: grpc.status.INTERNAL, details: 'internal error' };
        })
        .finally(() => {
          chunksInFlight--;
          call.resume();
        });
    };

    call.on('data', (received: Received<SubmitWithdrawalsRequest>) => {
      if (failed) return;
      const index = count++;
      if (index >= options.maxStreamItems) {
        failed = failure(
          grpc.status.RESOURCE_EXHAUSTED,
          `a stream carries at most ${options.maxStreamItems} items`,
          'STREAM_TOO_LONG',
        );
        return;
      }
      const prepared = item(received, '');
      if (Array.isArray(prepared)) results[index] = streamResult(index, received.message?.submission, prepared);
      else {
        buffered.push({ index, item: prepared });
        if (buffered.length >= options.streamChunk) flush();
      }
    });
    call.on('end', () => {
      flush();
      void chain.then(() => (failed ? answer(failed) : answer(null, { results })));
    });
  };

  return {
    name: 'cordon.withdrawals.v1.IngestService',
    definition,
    implementation: { submitWithdrawal, submitWithdrawals } as unknown as grpc.UntypedServiceImplementation,
  };
}
