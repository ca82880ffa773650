/**
 * What other packages may use from list-sync: rebuilding any published list version from Kafka alone (for
 * screening's index and the replay CLI). The mapping between the lists model and the SanctionedEntity proto is
 * `@cordon/lists`' own.
 */
export {
  findLatestManifests,
  rebuildFromManifest,
  rebuildVersion,
  readVersionChunks,
  type RebuiltVersion,
} from './adapters/kafka/snapshots.js';
export { startListSync, type ListSyncDeps, type RunningListSync } from './app.js';
export { loadListSyncConfig, type ListSyncConfig, type SourceConfig } from './config.js';
