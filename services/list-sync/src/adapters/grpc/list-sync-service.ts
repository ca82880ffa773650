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
import { invalidArgument, type Logger, type ServiceBinding } from '@cordon/platform';
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

/** The ListSyncService implementation bound to `engine`. */
export function listSyncServiceBinding(engine: ListSyncEngine, logger: Logger): ServiceBinding {
  const implementation: ListSyncServiceServer = {
    getStatus(call: ServerUnaryCall<GetStatusRequest, GetStatusResponse>, callback: sendUnaryData<GetStatusResponse>) {
      try {
        callback(null, { statuses: engine.status(call.request.sources) });
      } catch (error) {
        callback(asServiceError(error));
      }
    },
    triggerSync(
      call: ServerUnaryCall<TriggerSyncRequest, TriggerSyncResponse>,
      callback: sendUnaryData<TriggerSyncResponse>,
    ) {
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
  };
  return { name: LIST_SYNC_SERVICE_NAME, definition: ListSyncServiceService, implementation };
}
