/** CaseService over gRPC: every call authenticated from its `authorization` metadata, refusals as rich statuses. */
import * as grpc from '@grpc/grpc-js';
import { CaseServiceService } from '@cordon/contracts';
import { failure, invalidArgument, type Logger, type ServiceBinding } from '@cordon/platform';
import { OperationError, type CaseOperations } from '../../operations.js';
import type { Actor } from '../../domain/workflow.js';

const DOMAIN = 'case-management.cordon';

/** The gRPC code of each refusal status. */
export const GRPC_CODES: Record<OperationError['status'], grpc.status> = {
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  NOT_FOUND: grpc.status.NOT_FOUND,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
};

type Handler<Req, Res> = (actor: Actor, request: Req) => Promise<Res>;

/** The CaseService binding for the platform's gRPC server. */
export function caseServiceBinding(operations: CaseOperations, logger: Logger): ServiceBinding {
  const unary =
    <Req, Res>(method: string, handler: Handler<Req, Res>) =>
    (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
      void (async () => {
        const header = call.metadata.get('authorization');
        const actor = await operations.authenticate(header.length === 1 ? String(header[0]) : undefined);
        return handler(actor, call.request);
      })().then(
        (response) => callback(null, response),
        (error: unknown) => {
          if (error instanceof OperationError) {
            // INVALID_ARGUMENT carries a google.rpc.BadRequest naming the field, as every Cordon service does.
            callback(
              error.status === 'INVALID_ARGUMENT'
                ? invalidArgument(error.message, [
                    { field: error.field ?? '', code: error.reason, description: error.message },
                  ])
                : failure(
                    DOMAIN,
                    GRPC_CODES[error.status],
                    error.message,
                    error.reason,
                    error.field ? { field: error.field } : {},
                  ),
            );
            return;
          }
          logger.error({ err: error, method }, 'case call failed');
          callback({ code: grpc.status.UNAVAILABLE, details: 'case-management could not complete the call; retry' });
        },
      );
    };
  return {
    name: 'cordon.cases.v1.CaseService',
    definition: CaseServiceService,
    implementation: {
      listCases: unary('ListCases', (actor, r) => operations.listCases(actor, r as never)),
      getCase: unary('GetCase', (actor, r) => operations.getCase(actor, r as never)),
      assignCase: unary('AssignCase', (actor, r) => operations.assignCase(actor, r as never)),
      commentCase: unary('CommentCase', (actor, r) => operations.commentCase(actor, r as never)),
      proposeResolution: unary('ProposeResolution', (actor, r) => operations.proposeResolution(actor, r as never)),
      approveResolution: unary('ApproveResolution', (actor, r) => operations.approveResolution(actor, r as never)),
      sendBackResolution: unary('SendBackResolution', (actor, r) => operations.sendBackResolution(actor, r as never)),
      takeNextCase: unary('TakeNextCase', (actor) => operations.takeNextCase(actor)),
      attachEvidence: unary('AttachEvidence', (actor, r) => operations.attachEvidence(actor, r as never)),
    },
  };
}
