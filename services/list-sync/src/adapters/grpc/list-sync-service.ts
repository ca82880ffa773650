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
import { invalidArgument, ROLES, type CallerAuthenticator, type Logger, type ServiceBinding } from '@cordon/platform';
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

/**
 * The ListSyncService implementation bound to `engine`. Both methods are for operators: a TriggerSync downloads
 * and publishes lists, and the status tells what is in force.
 */
export function listSyncServiceBinding(
  engine: ListSyncEngine,
  auth: CallerAuthenticator,
  logger: Logger,
): ServiceBinding {
  /** Runs `handler` once the caller is known to be an operator; answers the refusal otherwise. */
  const asOperator =
    <Req, Res>(method: string, handler: (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      auth.authorize(call, ROLES.operator, DOMAIN, method).then(
        (authz) => {
          if (!authz.ok) return callback(authz.error as Partial<ServiceError>);
          logger.info({ method, caller: authz.caller.subject }, 'operator call');
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
