/**
 * The sync engine: for each configured source, on schedule or on demand, get the files, parse them, judge the
 * result against the version in force, and publish it or quarantine it. Attempts run one at a time, so two large
 * lists are never held in memory together.
 */
import {
  QuarantineReason,
  SyncOutcome,
  timestampFromMillis,
  timestampToMillis,
  type ListQuarantined,
  type ListSourceConfirmation,
  type ListSource,
  type ListVersionManifest,
  type SourceFile,
  type SourceStatus,
} from '@cordon/contracts';
import { errorRecords, ListParseError, type LoadedList } from '@cordon/lists';
import type { Logger } from '@cordon/platform';
import type { SourceConfig } from './config.js';
import { AcquireError } from './adapters/fetch/errors.js';
import type { Acquisition } from './adapters/fetch/acquire.js';
import type { Validators } from './adapters/fetch/http.js';
import { judgeCandidate, parseFailureReason, quarantineAlert } from './domain/safety.js';
import {
  buildManifest,
  computeDelta,
  encodeEntities,
  entityHashes,
  planChunks,
  type ChunkLimits,
  type EncodedEntity,
  removedDesignations,
  type EntityHashes,
} from './domain/version.js';
import type { VersionToPublish } from './adapters/kafka/publisher.js';
import type { ListSyncMetrics } from './metrics.js';

/** The time source; injected so tests and replays control it. */
export interface Clock {
  now(): number;
}

/** The engine's ports: everything it does outside its own memory. */
export interface SyncPorts {
  /** Gets a source's current files (or learns they did not change). Throws AcquireError. */
  acquire(source: SourceConfig, known: Validators, signal: AbortSignal): Promise<Acquisition>;
  /** Parses a list. Throws ListParseError when the list is unusable as a whole. */
  parse(source: SourceConfig, path: string): Promise<LoadedList>;
  /** Publishes a version in one transaction; resolves with the manifest as written. */
  publishVersion(version: VersionToPublish): Promise<ListVersionManifest>;
  /** Publishes a quarantine alert. */
  publishAlert(alert: ListQuarantined): Promise<void>;
  /**
   * Publishes that a check found the version in force still current (screening measures list age from it; a new
   * version's manifest is its own confirmation).
   */
  publishConfirmation?(confirmation: ListSourceConfirmation): Promise<void>;
}

/** A version in force: its manifest and entity hashes (all the next delta needs). */
export interface GoodVersion {
  manifest: ListVersionManifest;
  hashes: EntityHashes;
}

/** The engine's settings. */
export interface EngineSettings {
  sources: readonly SourceConfig[];
  chunks: ChunkLimits;
  /** Version of the lists package, recorded in manifests. */
  parserVersion: string;
}

/** The result of one attempt, as TriggerSync reports it. */
export interface SyncResult {
  outcome: SyncOutcome;
  manifest?: ListVersionManifest;
  quarantine?: ListQuarantined;
}

interface SourceState {
  config: SourceConfig;
  lastGood?: GoodVersion;
  lastAttemptAt?: number;
  lastOutcome: SyncOutcome;
  lastError?: ListQuarantined;
  /** When the source was last confirmed current: a publish or an unchanged check. */
  confirmedAt?: number;
  nextAttemptAt?: number;
  timer?: NodeJS.Timeout;
  /** Validators of the last accepted HTTP download. */
  validators: Validators;
  /** A triggered attempt queued and not started yet: later triggers share it (a flood costs one attempt). */
  queuedTrigger?: Promise<SyncResult>;
}

/** Raised by TriggerSync for a source that is not configured. */
export class UnknownSourceError extends Error {}

/** Raised when an attempt could not finish for reasons outside the list (Kafka down, engine stopping). */
export class SyncFailedError extends Error {}

const sameFiles = (a: readonly SourceFile[], b: readonly SourceFile[]): boolean =>
  a.length === b.length &&
  a.every((file, i) => file.name === b[i]!.name && file.sha256 === b[i]!.sha256 && file.sizeBytes === b[i]!.sizeBytes);

const outcomeLabel = (outcome: SyncOutcome): string => SyncOutcome[outcome]!.toLowerCase();

/** Runs the sources' sync attempts and keeps their status. */
export class ListSyncEngine {
  private readonly states = new Map<ListSource, SourceState>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly settings: EngineSettings,
    private readonly ports: SyncPorts,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: ListSyncMetrics,
    recovered: ReadonlyMap<ListSource, GoodVersion>,
  ) {
    for (const config of settings.sources) {
      const lastGood = recovered.get(config.source);
      const state: SourceState = { config, lastOutcome: SyncOutcome.UNSPECIFIED, validators: new Map() };
      if (lastGood) {
        state.lastGood = lastGood;
        state.confirmedAt = lastGood.manifest.fetchedAt ? timestampToMillis(lastGood.manifest.fetchedAt) : undefined;
        metrics.entities.set({ source: config.slug }, lastGood.manifest.entityCount);
      }
      metrics.quarantined.set({ source: config.slug }, 0);
      this.states.set(config.source, state);
    }
  }

  /** When each source was last confirmed current, by slug (for the freshness metric). */
  confirmedAt(): ReadonlyMap<string, number> {
    const result = new Map<string, number>();
    for (const state of this.states.values()) {
      if (state.confirmedAt !== undefined) result.set(state.config.slug, state.confirmedAt);
    }
    return result;
  }

  /** Schedules every source with an interval; with `syncNow`, runs each once right away. */
  start(options: { syncNow: boolean }): void {
    for (const state of this.states.values()) {
      if (options.syncNow) void this.enqueue(state).catch(() => undefined);
      else this.schedule(state);
    }
  }

  /**
   * Runs one attempt for `source` now (after any attempt in progress). Triggers that arrive while one is queued and
   * not yet started get that attempt's result, so TriggerSync calls cannot pile up downloads.
   */
  async trigger(source: ListSource): Promise<SyncResult> {
    const state = this.states.get(source);
    if (state === undefined) throw new UnknownSourceError(`source ${source} is not configured`);
    if (state.queuedTrigger !== undefined) return state.queuedTrigger;
    const queued = this.enqueue(state, () => {
      if (state.queuedTrigger === queued) delete state.queuedTrigger;
    });
    state.queuedTrigger = queued;
    return queued;
  }

  /** The status of `sources` (all configured ones when empty), ordered by source. */
  status(sources: readonly ListSource[] = []): SourceStatus[] {
    const wanted = sources.length === 0 ? [...this.states.keys()] : [...new Set(sources)];
    return wanted
      .sort((a, b) => a - b)
      .map((source) => {
        const state = this.states.get(source);
        if (state === undefined) throw new UnknownSourceError(`source ${source} is not configured`);
        return {
          source,
          lastGood: state.lastGood?.manifest,
          lastAttemptAt: state.lastAttemptAt === undefined ? undefined : timestampFromMillis(state.lastAttemptAt),
          lastOutcome: state.lastOutcome,
          lastError: state.lastError,
          nextAttemptAt: state.nextAttemptAt === undefined ? undefined : timestampFromMillis(state.nextAttemptAt),
        };
      });
  }

  /** The version in force for `source`, if any. */
  lastGood(source: ListSource): GoodVersion | undefined {
    return this.states.get(source)?.lastGood;
  }

  /** Stops scheduling, interrupts a download in progress and waits for the attempt in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.states.values()) clearTimeout(state.timer);
    this.abort.abort();
    await this.queue.catch(() => undefined);
  }

  private schedule(state: SourceState): void {
    if (this.stopped || state.config.intervalMillis === 0) return;
    clearTimeout(state.timer);
    state.nextAttemptAt = this.clock.now() + state.config.intervalMillis;
    state.timer = setTimeout(() => void this.enqueue(state).catch(() => undefined), state.config.intervalMillis);
    state.timer.unref();
  }

  private enqueue(state: SourceState, onStart: () => void = () => undefined): Promise<SyncResult> {
    const run = this.queue.then(async () => {
      onStart();
      if (this.stopped) throw new SyncFailedError('list-sync is stopping');
      try {
        return await this.attempt(state);
      } finally {
        this.schedule(state);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async attempt(state: SourceState): Promise<SyncResult> {
    const started = this.clock.now();
    state.lastAttemptAt = started;
    const log = this.logger.child({ source: state.config.slug });
    let result: SyncResult;
    let reason = '';
    try {
      result = await this.run(state, started, log);
      reason = result.quarantine ? QuarantineReason[result.quarantine.reason]!.toLowerCase() : '';
    } catch (error) {
      this.metrics.outcomes.inc({ source: state.config.slug, outcome: 'failed', reason: 'publish' });
      log.error({ err: error }, 'sync attempt failed; the version in force is unchanged');
      throw new SyncFailedError(`sync of ${state.config.slug} failed: ${(error as Error).message}`, { cause: error });
    }
    state.lastOutcome = result.outcome;
    state.lastError = result.quarantine;
    if (result.outcome !== SyncOutcome.QUARANTINED) state.confirmedAt = started;
    if (result.outcome === SyncOutcome.UNCHANGED && state.lastGood && this.ports.publishConfirmation) {
      try {
        await this.ports.publishConfirmation({
          source: state.config.source,
          contentHash: state.lastGood.manifest.contentHash,
          versionId: state.lastGood.manifest.versionId,
          confirmedAt: timestampFromMillis(this.clock.now()),
        });
      } catch (error) {
        // Not fatal here: without confirmations screening holds once the list is older than its policy allows.
        this.metrics.outcomes.inc({ source: state.config.slug, outcome: 'failed', reason: 'confirmation' });
        log.error({ err: error }, 'could not publish that the version in force is current');
      }
    }
    const outcome = outcomeLabel(result.outcome);
    this.metrics.outcomes.inc({ source: state.config.slug, outcome, reason });
    this.metrics.quarantined.set({ source: state.config.slug }, result.outcome === SyncOutcome.QUARANTINED ? 1 : 0);
    this.metrics.duration.observe({ source: state.config.slug, outcome }, (this.clock.now() - started) / 1_000);
    return result;
  }

  private async run(state: SourceState, attemptedAt: number, log: Logger): Promise<SyncResult> {
    let acquisition: Acquisition;
    try {
      acquisition = await this.ports.acquire(state.config, state.validators, this.abort.signal);
    } catch (error) {
      if (!(error instanceof AcquireError)) throw error;
      return this.quarantine(state, attemptedAt, log, error.reason, error.message);
    }
    if (acquisition.kind === 'not-modified') return this.unchanged(state, log, 'not modified since the last fetch');
    const { files } = acquisition;
    try {
      const lastGood = state.lastGood?.manifest;
      if (
        lastGood &&
        lastGood.parserVersion === this.settings.parserVersion &&
        sameFiles(lastGood.files, files.files)
      ) {
        state.validators = files.validators;
        return this.unchanged(state, log, 'same files as the version in force');
      }
      let list: LoadedList | undefined;
      try {
        list = await this.ports.parse(state.config, files.parsePath);
      } catch (error) {
        if (!(error instanceof ListParseError)) throw error;
        return this.quarantine(state, attemptedAt, log, parseFailureReason(error.code), error.message);
      }
      if (list.source !== state.config.slug) {
        const detail = `format ${state.config.format} read a ${list.source} list, not ${state.config.slug}`;
        return this.quarantine(state, attemptedAt, log, QuarantineReason.PARSE_FAILED, detail);
      }
      const candidate = {
        contentHash: list.contentHash,
        entityCount: list.entities.length,
        errorCount: errorRecords(list.issues),
        ...(state.lastGood ? { removedCount: removedDesignations(state.lastGood.hashes, list.entities) } : {}),
        truncatedRemarks: list.entities.filter((entity) => entity.flags.includes('remarks-truncated')).length,
      };
      const verdict = judgeCandidate(candidate, lastGood, state.config.policy);
      if (verdict.kind === 'quarantine') {
        return this.quarantine(state, attemptedAt, log, verdict.reason, verdict.detail, candidate);
      }
      state.validators = files.validators;
      if (verdict.kind === 'unchanged') return this.unchanged(state, log, 'same content hash as the version in force');
      // Only the encoded entities are needed from here on; dropping the parsed model lets its memory serve the
      // publish (the SPEC bounds list-sync at 256 MB resident).
      const version = {
        contentHash: list.contentHash,
        published: list.published,
        entities: encodeEntities(list.entities),
      };
      list = undefined;
      return await this.publish(state, version, files, attemptedAt, log);
    } finally {
      await files.dispose();
    }
  }

  private async publish(
    state: SourceState,
    list: { contentHash: string; published?: string | undefined; entities: EncodedEntity[] },
    files: { files: SourceFile[]; sourceUri: string },
    fetchedAtMillis: number,
    log: Logger,
  ): Promise<SyncResult> {
    const { entities } = list;
    const delta = computeDelta(state.lastGood?.hashes, entities);
    const chunks = planChunks(
      entities.map((e) => e.bytes.length),
      this.settings.chunks,
    );
    const manifest = buildManifest(
      {
        source: state.config.source,
        versionId: list.published ?? '',
        contentHash: list.contentHash,
        previousContentHash: state.lastGood?.manifest.contentHash ?? '',
        fetchedAtMillis,
        sourceUri: files.sourceUri,
        files: files.files,
        parserVersion: this.settings.parserVersion,
      },
      entities,
      delta,
    );
    const written = await this.ports.publishVersion({ source: state.config.source, manifest, entities, delta, chunks });
    state.lastGood = { manifest: written, hashes: entityHashes(entities) };
    this.metrics.entities.set({ source: state.config.slug }, written.entityCount);
    log.info(
      {
        contentHash: written.contentHash,
        entities: written.entityCount,
        added: written.addedCount,
        removed: written.removedCount,
        changed: written.changedCount,
        chunks: chunks.length,
      },
      'published a new list version',
    );
    return { outcome: SyncOutcome.PUBLISHED, manifest: written };
  }

  private unchanged(state: SourceState, log: Logger, why: string): SyncResult {
    log.info({ contentHash: state.lastGood?.manifest.contentHash }, `checked: ${why}`);
    return { outcome: SyncOutcome.UNCHANGED, manifest: state.lastGood?.manifest };
  }

  private async quarantine(
    state: SourceState,
    attemptedAtMillis: number,
    log: Logger,
    reason: QuarantineReason,
    detail: string,
    attempted?: { contentHash: string; entityCount: number },
  ): Promise<SyncResult> {
    const alert = quarantineAlert({
      source: state.config.source,
      reason,
      detail,
      attemptedAtMillis,
      ...(attempted ? { attempted } : {}),
      ...(state.lastGood ? { lastGood: state.lastGood.manifest } : {}),
    });
    await this.ports.publishAlert(alert);
    log.warn(
      { reason: QuarantineReason[reason], detail, lastGood: alert.lastGoodContentHash },
      'list version quarantined; the version in force stays',
    );
    return { outcome: SyncOutcome.QUARANTINED, manifest: state.lastGood?.manifest, quarantine: alert };
  }
}
