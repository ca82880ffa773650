/** list-sync's Prometheus metrics, all under the service's `list_sync_` prefix. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The metrics the sync engine maintains. */
export interface ListSyncMetrics {
  /** Seconds since each source was last confirmed current (a version published, or checked unchanged). */
  freshness: Gauge<'source'>;
  /** Entities in the version in force, per source. */
  entities: Gauge<'source'>;
  /** Sync attempts by outcome (published, unchanged, quarantined, failed) and reason. */
  outcomes: Counter<'source' | 'outcome' | 'reason'>;
  /** 1 while a source's last attempt was quarantined: the alerting signal. */
  quarantined: Gauge<'source'>;
  /** Duration of sync attempts. */
  duration: Histogram<'source' | 'outcome'>;
}

/**
 * Registers the metrics on `registry`. `lastConfirmedMillis` gives, per source slug, when the source was last
 * confirmed current; `now` is the engine's clock. Freshness is computed at scrape time from both.
 */
export function createListSyncMetrics(
  registry: Registry,
  lastConfirmedMillis: () => ReadonlyMap<string, number>,
  now: () => number,
): ListSyncMetrics {
  return {
    freshness: new Gauge({
      name: 'list_sync_list_freshness_seconds',
      help: 'Seconds since the source was last confirmed current (new version published or checked unchanged)',
      labelNames: ['source'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [source, millis] of lastConfirmedMillis()) this.set({ source }, (now() - millis) / 1_000);
      },
    }),
    entities: new Gauge({
      name: 'list_sync_list_entities',
      help: 'Entities in the version in force',
      labelNames: ['source'],
      registers: [registry],
    }),
    outcomes: new Counter({
      name: 'list_sync_sync_outcomes_total',
      help: 'Sync attempts by outcome and reason',
      labelNames: ['source', 'outcome', 'reason'],
      registers: [registry],
    }),
    quarantined: new Gauge({
      name: 'list_sync_quarantined',
      help: '1 while the last attempt for the source was quarantined',
      labelNames: ['source'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'list_sync_sync_duration_seconds',
      help: 'Duration of sync attempts (download, parse, checks and publish)',
      labelNames: ['source', 'outcome'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
  };
}
