/** The gRPC ListSyncService over the sync engine, with its outcomes mapped to gRPC status codes. */
import { status as Status, type ServerUnaryCall, type sendUnaryData, type ServiceError } from '@grpc/grpc-js';
import {
  ListSource,
  ListSyncServiceService,
  type GetStatusRequest,
  type GetStatusResponse,
  type ListSyncServiceServer,
  type TriggerSyncRequest,
  type TriggerSyncResponse,
} from '@cordon/contracts';
import {
  CallerRateLimiter,
  invalidArgument,
  rateLimited,
  ROLES,
  type CallerAuthenticator,
  type Logger,
  type ServiceBinding,
} from '@cordon/platform';
import { SyncFailedError, UnknownSourceError, type ListSyncEngine } from '../../engine.js';

/** The fully qualified service name (health status is reported under it). */
export const LIST_SYNC_SERVICE_NAME = 'cordon.sanctions.v1.ListSyncService';

function failure(code: Status, details: string): Partial<ServiceError> {
  return { code, details, message: details };
}

function asServiceError(error: unknown): Partial<ServiceError> {
  if (error instanceof UnknownSourceError) return failure(Status.NOT_FOUND, error.message);
  // Kafka unavailable or the service stopping: the caller may try again later.
  if (error instanceof SyncFailedError) return failure(Status.UNAVAILABLE, error.message);
  return failure(Status.INTERNAL, 'internal error');
}

/** The ErrorInfo domain of list-sync's refusals. */
const DOMAIN = 'list-sync.cordon';

/** How often one operator may call TriggerSync: `burst` calls at once, then `perHour` an hour on average. */
export interface TriggerLimit {
  burst: number;
  perHour: number;
}

/** Whole seconds, as a person reads a wait: "59 s", "4 min 59 s". */
function wait(millis: number): string {
  const seconds = Math.ceil(millis / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * The ListSyncService implementation bound to `engine`. Both methods are for operators: a TriggerSync downloads
 * and publishes lists, and the status tells what is in force. TriggerSync is rate-limited per operator: calls for
 * a sync already queued share it, but every call still costs the engine a turn, and a script looping on it would
 * keep list-sync downloading.
 */
export function listSyncServiceBinding(
  engine: ListSyncEngine,
  auth: CallerAuthenticator,
  logger: Logger,
  limit: TriggerLimit,
  now: () => number = Date.now,
): ServiceBinding {
  const limiter = new CallerRateLimiter(limit.perHour / 3600, limit.burst);
  /** Runs `handler` once the caller is known to be an operator; answers the refusal otherwise. */
  const asOperator =
    <Req, Res>(method: string, handler: (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      auth.authorize(call, ROLES.operator, DOMAIN, method).then(
        (authz) => {
          if (!authz.ok) return callback(authz.error as Partial<ServiceError>);
          const caller = authz.caller.subject;
          if (method === 'TriggerSync' && !limiter.take(caller, now())) {
            const retryAfter = limiter.retryAfterMillis(caller, now());
            logger.warn({ method, caller, retryAfterMillis: retryAfter }, 'TriggerSync refused: over its rate');
            const message =
              `${caller} is over its TriggerSync rate (a burst of ${limit.burst}, then ${limit.perHour} an hour): ` +
              `retry in ${wait(retryAfter)}`;
            return callback(rateLimited(DOMAIN, message, 'RATE_LIMITED', retryAfter) as Partial<ServiceError>);
          }
          logger.info({ method, caller }, 'operator call');
          handler(call, callback);
        },
        (error: unknown) => callback(asServiceError(error)),
      );
    };
  const implementation: ListSyncServiceServer = {
    getStatus: asOperator('GetStatus', (call: ServerUnaryCall<GetStatusRequest, GetStatusResponse>, callback) => {
      try {
        callback(null, { statuses: engine.status(call.request.sources) });
      } catch (error) {
        callback(asServiceError(error));
      }
    }),
    triggerSync: asOperator(
      'TriggerSync',
      (call: ServerUnaryCall<TriggerSyncRequest, TriggerSyncResponse>, callback) => {
        const { source } = call.request;
        if (source === ListSource.UNSPECIFIED || source === ListSource.UNRECOGNIZED) {
          // The standard rich error model: google.rpc.Status with a BadRequest naming the field.
          const violation = { field: 'source', code: 'REQUIRED', description: 'source must be set to a list source' };
          callback(invalidArgument('source must be set', [violation]) as Partial<ServiceError>);
          return;
        }
        engine.trigger(source).then(
          (result) =>
            callback(null, { outcome: result.outcome, manifest: result.manifest, quarantine: result.quarantine }),
          (error: unknown) => {
            if (!(error instanceof UnknownSourceError)) logger.warn({ err: error, source }, 'TriggerSync failed');
            callback(asServiceError(error));
          },
        );
      },
    ),
  };
  return { name: LIST_SYNC_SERVICE_NAME, definition: ListSyncServiceService, implementation };
}
