/**
 * @cordon/screening-core/contract: the screening core in the contract's terms, shared by the screening service and
 * the replay CLI so that both decide with the very same code. List versions reassembled from the snapshots topic
 * (`VersionAssembler`), the engine over the core (`coreEngine`), the sealed decision and its hash. Pure.
 */
export { coreEngine, type CoreSnapshot } from './core-engine.js';
export {
  decisionHash,
  encodeDecision,
  sealDecision,
  screenedAtOf,
  sha256Hex,
  type DecisionSubject,
} from './decision.js';
export type { AddressQuery, DecisionBody, Freshness, ScreeningEngine } from './engine.js';
export {
  SuppressionTable,
  suppressionProblem,
  suppressionsOfDecision,
  type CustomerSuppression,
} from './suppressions.js';
export { VersionAssembler, type ListVersion, type ManifestOutcome } from './versions.js';
export { screenWithdrawal, withdrawalViolations, type WithdrawalOutcome } from './withdrawal.js';
