/**
 * @cordon/screening-core: `screen(withdrawal, snapshot, policy) -> decision`, pure and replayable. Build the
 * snapshot once per set of list versions with `buildSnapshot`, then screen many withdrawals against it.
 */
export { planKeys, rawKey, type AddressVia, type KeyPlan } from './address-keys.js';
export { matchAddress, screenAddress, type AddressMatch } from './address-screen.js';
export { canonicalize, hashOf, roundScore, SCORE_DECIMALS } from './hashing.js';
export { screenJurisdictions } from './jurisdiction.js';
export { screenNames } from './name-screen.js';
export { DEFAULT_POLICY, parsePolicy, permissiveSettings, PolicyError } from './policy.js';
export { ENGINE_VERSION, policyHash, screen, suppressionsOf, type ScreenOptions } from './screen.js';
export {
  buildSnapshot,
  EntityHashes,
  type ListedAddress,
  type ListInput,
  type Snapshot,
  type SnapshotEntity,
} from './snapshot.js';
export type {
  AddressRef,
  Customer,
  Decision,
  Hit,
  HitField,
  HitSuppression,
  ListVersion,
  Outcome,
  Policy,
  Suppression,
  Withdrawal,
} from './types.js';
export { warmUp, warmUpNames, warmUpOnce, warmUpScreensFor, WARM_UP_SCREENS, type WarmUp } from './warm-up.js';
