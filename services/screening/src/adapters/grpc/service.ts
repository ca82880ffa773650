/** The ScreeningService gRPC implementation: validates, screens against the snapshot in force, maps to status. */
import { status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  ScreeningServiceService,
  timestampFromMillis,
  type ScreenAddressRequest,
  type ScreenAddressResponse,
  type ScreenPartyRequest,
  type ScreenPartyResponse,
  type ScreeningServiceServer,
} from '@cordon/contracts';
import type { Logger, ServiceBinding } from '@cordon/platform';
import type { ScreeningEngine, Freshness } from '@cordon/screening-core/contract';
import {
  addressRequestViolations,
  partyRequestViolations,
  screenAddressRequest,
  screenPartyRequest,
} from '../../domain/prechecks.js';
import { outcomeLabel, type ScreeningMetrics } from '../../metrics.js';
import { grpcError, invalidArgument } from './status.js';

/** What the gRPC service needs. */
export interface ScreeningGrpcDeps<S> {
  engine: ScreeningEngine<S>;
  /** The snapshot in force, or undefined while the required lists are not loaded yet. */
  snapshot(): S | undefined;
  /** Milliseconds since the epoch; pre-checks are not replayed, so their time is the clock's. */
  now(): number;
  /** The latest confirmation of each source's version in force (list age); none: fetch times only. */
  confirmations?(): Freshness['confirmations'];
  metrics: ScreeningMetrics;
  logger: Logger;
}

/** The service binding for startGrpcServer. */
export function screeningGrpcService<S>(deps: ScreeningGrpcDeps<S>): ServiceBinding {
  const unary =
    <Req, Res>(
      kind: 'address' | 'party',
      violations: (request: Req) => ReturnType<typeof addressRequestViolations>,
      screen: (request: Req, snapshot: S) => Res & { decision?: { outcome: number } },
    ) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const found = violations(call.request);
      if (found.length > 0) return callback(invalidArgument(found), null);
      const snapshot = deps.snapshot();
      if (snapshot === undefined) return callback(grpcError(status.UNAVAILABLE, 'no list snapshot loaded yet'), null);
      try {
        const started = performance.now();
        const response = screen(call.request, snapshot);
        deps.metrics.screenSeconds.observe({ kind }, (performance.now() - started) / 1000);
        deps.metrics.prechecks.inc({ kind, outcome: outcomeLabel(response.decision?.outcome ?? 0) });
        return callback(null, response);
      } catch (error) {
        deps.logger.error({ err: error, kind }, 'pre-check failed');
        return callback(grpcError(status.INTERNAL, 'screening failed'), null);
      }
    };

  const implementation: ScreeningServiceServer = {
    screenAddress: unary<ScreenAddressRequest, ScreenAddressResponse>('address', addressRequestViolations, (r, s) => ({
      decision: screenAddressRequest(r, deps.engine, s, timestampFromMillis(deps.now()), deps.confirmations?.()),
    })),
    screenParty: unary<ScreenPartyRequest, ScreenPartyResponse>('party', partyRequestViolations, (r, s) => ({
      decision: screenPartyRequest(r, deps.engine, s, timestampFromMillis(deps.now()), deps.confirmations?.()),
    })),
  };
  return {
    name: 'cordon.screening.v1.ScreeningService',
    definition: ScreeningServiceService,
    implementation,
  };
}
