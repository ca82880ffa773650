/** The messages between the screening service and its pre-check worker threads (structured-clone safe). */
import type { ListSource, ScreenAddressRequest, ScreenPartyRequest, ScreeningDecision } from '@cordon/contracts';
import type { ListVersion } from '@cordon/screening-core/contract';

/** What a worker is started with. */
export interface PrecheckWorkerData {
  /** The policy in its canonical JSON (the engine's `policyJson`), and the hash the worker's engine must have. */
  policyJson: string;
  policyHash: string;
}

/** Confirmations (list age) as an array of entries: a Map survives structured cloning too, but not every reader. */
export type ConfirmationEntries = Array<[ListSource, { contentHash: string; atMillis: number }]>;

/** One pre-check to run. */
export type PrecheckJob =
  | { kind: 'address'; request: ScreenAddressRequest; nowMillis: number; confirmations?: ConfirmationEntries }
  | { kind: 'party'; request: ScreenPartyRequest; nowMillis: number; confirmations?: ConfirmationEntries };

/** Service to worker. */
export type ToWorker =
  | { type: 'lists'; generation: number; versions: readonly ListVersion[] }
  | { type: 'screen'; id: number; job: PrecheckJob };

/** Worker to service. */
export type FromWorker =
  | { type: 'lists'; generation: number }
  | { type: 'result'; id: number; decision: ScreeningDecision }
  | { type: 'error'; id: number; reason: 'no-snapshot' | 'failed'; message: string }
  | { type: 'fatal'; message: string };
