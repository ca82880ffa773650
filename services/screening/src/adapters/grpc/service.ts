/**
 * The ScreeningService gRPC implementation: authenticates the caller (a producer), rate-limits it, validates,
 * screens against the lists in force (off the pipeline's event loop), maps to status.
 */
import { status, type sendUnaryData, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import {
  ScreeningServiceService,
  type ScreenAddressRequest,
  type ScreenAddressResponse,
  type ScreenPartyRequest,
  type ScreenPartyResponse,
  type ScreeningServiceServer,
} from '@cordon/contracts';
import {
  failure,
  ROLES,
  type CallerAuthenticator,
  type CallerRateLimiter,
  type Logger,
  type ServiceBinding,
} from '@cordon/platform';
import type { Freshness } from '@cordon/screening-core/contract';
import { addressRequestViolations, partyRequestViolations } from '../../domain/prechecks.js';
import { outcomeLabel, type ScreeningMetrics } from '../../metrics.js';
import { PrecheckRefused, type PrecheckJob, type PrecheckRunner } from '../prechecks/runner.js';

import { grpcError, invalidArgument } from './status.js';

/** The ErrorInfo domain of the screening service's refusals. */
export const SCREENING_ERROR_DOMAIN = 'screening.cordon';

/** What the gRPC service needs. */
export interface ScreeningGrpcDeps {
  /** Runs the pre-checks (a worker pool in production). */
  runner: PrecheckRunner;
  /** True once the required lists are in force; pre-checks answer UNAVAILABLE before. */
  available(): boolean;
  /** Milliseconds since the epoch; pre-checks are not replayed, so their time is the clock's. */
  now(): number;
  /** The latest confirmation of each source's version in force (list age); none: fetch times only. */
  confirmations?(): Freshness['confirmations'];
  /** Who may call: producers. */
  auth: CallerAuthenticator;
  /** Pre-checks per caller and second. */
  limiter: CallerRateLimiter;
  metrics: ScreeningMetrics;
  logger: Logger;
}

const REFUSALS: Record<PrecheckRefused['reason'], status> = {
  'no-snapshot': status.UNAVAILABLE,
  overloaded: status.RESOURCE_EXHAUSTED,
  stopped: status.UNAVAILABLE,
  failed: status.INTERNAL,
};

/** The service binding for startGrpcServer; NOT_SERVING until the owner says the lists are in force. */
export function screeningGrpcService(deps: ScreeningGrpcDeps): ServiceBinding {
  const unary =
    <Req, Res>(
      kind: 'address' | 'party',
      method: string,
      violations: (request: Req) => ReturnType<typeof addressRequestViolations>,
      job: (request: Req, nowMillis: number) => PrecheckJob,
    ) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const answer = (error: Partial<ServiceError>) => callback(error, null);
      void (async () => {
        const authz = await deps.auth.authorize(call, ROLES.producer, SCREENING_ERROR_DOMAIN, method);
        if (!authz.ok) return answer(authz.error);
        if (!deps.limiter.take(authz.caller.subject, deps.now())) {
          deps.metrics.prechecks.inc({ kind, outcome: 'rate-limited' });
          return answer(
            failure(
              SCREENING_ERROR_DOMAIN,
              status.RESOURCE_EXHAUSTED,
              `${authz.caller.subject} is over its pre-check rate; retry with backoff`,
              'RATE_LIMITED',
            ),
          );
        }
        const found = violations(call.request);
        if (found.length > 0) return answer(invalidArgument(found));
        if (!deps.available()) return answer(grpcError(status.UNAVAILABLE, 'no list snapshot loaded yet'));
        const started = performance.now();
        const confirmations = deps.confirmations?.();
        const decision = await deps.runner.screen({
          ...job(call.request, deps.now()),
          ...(confirmations ? { confirmations: [...confirmations] } : {}),
        });
        deps.metrics.screenSeconds.observe({ kind }, (performance.now() - started) / 1000);
        deps.metrics.prechecks.inc({ kind, outcome: outcomeLabel(decision.outcome) });
        callback(null, { decision } as Res);
      })().catch((error: unknown) => {
        if (error instanceof PrecheckRefused) {
          if (error.reason === 'failed') deps.logger.error({ err: error, kind }, 'pre-check failed');
          return answer(grpcError(REFUSALS[error.reason], error.message));
        }
        deps.logger.error({ err: error, kind }, 'pre-check failed');
        answer(grpcError(status.INTERNAL, 'screening failed'));
      });
    };

  const implementation: ScreeningServiceServer = {
    screenAddress: unary<ScreenAddressRequest, ScreenAddressResponse>(
      'address',
      'ScreenAddress',
      addressRequestViolations,
      (request, nowMillis) => ({ kind: 'address', request, nowMillis }),
    ),
    screenParty: unary<ScreenPartyRequest, ScreenPartyResponse>(
      'party',
      'ScreenParty',
      partyRequestViolations,
      (request, nowMillis) => ({ kind: 'party', request, nowMillis }),
    ),
  };
  return {
    name: 'cordon.screening.v1.ScreeningService',
    definition: ScreeningServiceService,
    implementation,
    initialStatus: 'NOT_SERVING',
  };
}
