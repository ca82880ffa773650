/**
 * The lookback window of one screening instance, kept durable by Kafka: the withdrawals of the requested-topic
 * partitions this instance owns, rebuilt from the topics whenever the group assigns it partitions, and forgotten
 * when they are taken away. A restart, a crash or a scale-out therefore leaves the window as it was, bounded by age
 * (`maxAgeMillis`) and count.
 *
 * Rebuilding a partition reads the requested topic from the first record of the age window up to the group's
 * committed offset (what the pipeline has decided; later records are remembered by the pipeline as it commits
 * them), and joins each withdrawal with its first decision from the decisions topic (same window, read at the same time). Withdrawals
 * without a decision there (dead-lettered) are not remembered, as the pipeline would not have remembered them.
 */
import { EVENT_TYPES, timestampToMillis, WithdrawalRequested, type ScreeningDecision } from '@cordon/contracts';
import {
  committedOffsets,
  decodeEvent,
  offsetsAtTime,
  readRange,
  readToEnd,
  type ConsumedRecord,
  type KafkaClient,
  type Logger,
} from '@cordon/platform';
import { hitEntitiesOf, withdrawalKeys, type LookbackIndex, type PastWithdrawal } from '../../domain/lookback.js';

/** Record timestamps of the decisions may trail the requests' by the producers' clock skew: look this much further. */
const DECISION_SKEW_MILLIS = 5 * 60_000;

/** A remembered withdrawal with its lookup keys, ready for the index. */
export interface RememberedWithdrawal {
  past: PastWithdrawal;
  keys: readonly string[];
}

/** Options of {@link rebuildLookback}. */
export interface RebuildOptions {
  kafka: KafkaClient;
  groupId: string;
  requestedTopic: string;
  decisionsTopic: string;
  partitions: readonly number[];
  /** Withdrawals whose requested record is older than this (milliseconds since the epoch) are left out. */
  sinceMillis: number;
  timeoutMillis?: number;
  /** A withdrawal whose keys cannot be computed is remembered without keys (dedupe still sees it). */
  onKeyFailure?(withdrawalId: string, error: unknown): void;
  /** Where to stop per partition instead of the group's committed offsets (benchmarks). */
  until?: ReadonlyMap<number, bigint>;
}

/** What a rebuild found, oldest first (by screening time). */
export interface RebuildResult {
  withdrawals: RememberedWithdrawal[];
  /** Requested records read, and those without a decision (dead-lettered, or a duplicate). */
  requestedRead: number;
  undecided: number;
  /**
   * Milliseconds from the start until the requested topic was read, until the decisions topic was read (both are
   * read at once) and decoded, and then computing the keys.
   */
  timings?: { requestedMillis: number; decisionsMillis: number; keysMillis: number };
}

/** Reads back the window of `partitions` (see the module comment). */
export async function rebuildLookback(options: RebuildOptions): Promise<RebuildResult> {
  const { kafka, requestedTopic } = options;
  const committed = options.until ?? (await committedOffsets(kafka, options.groupId, requestedTopic));
  const starts = await offsetsAtTime(kafka, requestedTopic, options.sinceMillis);
  const ranges = new Map<number, { from: bigint; to: bigint }>();
  for (const partition of options.partitions) {
    const to = committed.get(partition);
    const from = starts.get(partition);
    if (to !== undefined && from !== undefined && from < to) ranges.set(partition, { from, to });
  }
  const pending = new Map<string, { partition: number; input: Buffer; withdrawal: WithdrawalRequested }>();
  let requestedRead = 0;
  const started = performance.now();
  let requestedDone = started;
  const readRequested = readRange(kafka, {
    topic: requestedTopic,
    ranges,
    ...(options.timeoutMillis !== undefined ? { timeoutMillis: options.timeoutMillis } : {}),
    onRecords: (records) => {
      for (const record of records) {
        requestedRead++;
        if (!record.value) continue;
        let withdrawal: WithdrawalRequested;
        try {
          withdrawal = decodeEvent(EVENT_TYPES.withdrawalRequested, record.value, record.headers);
        } catch {
          continue; // dead-lettered by the pipeline
        }
        // The first record of a withdrawal is the one decided; a later one is a duplicate.
        if (withdrawal.withdrawalId === '' || pending.has(withdrawal.withdrawalId)) continue;
        pending.set(withdrawal.withdrawalId, { partition: record.partition, input: record.value, withdrawal });
      }
    },
  }).then(() => {
    requestedDone = performance.now();
  });

  // Read at the same time (the fetches overlap): the first decision record per withdrawal id, kept undecoded.
  const firstDecisions = new Map<string, ConsumedRecord>();
  const readDecisions =
    ranges.size === 0
      ? Promise.resolve()
      : offsetsAtTime(kafka, options.decisionsTopic, options.sinceMillis - DECISION_SKEW_MILLIS).then((from) =>
          readToEnd(kafka, {
            topic: options.decisionsTopic,
            from,
            ...(options.timeoutMillis !== undefined ? { timeoutMillis: options.timeoutMillis } : {}),
            onRecords: (records) => {
              for (const record of records) {
                const id = record.key?.toString();
                if (id !== undefined && !firstDecisions.has(id)) firstDecisions.set(id, record);
              }
            },
          }),
        );
  await Promise.all([readRequested, readDecisions]);
  if (pending.size === 0) return { withdrawals: [], requestedRead, undecided: 0 };

  const decisions = new Map<string, ScreeningDecision>();
  for (const id of pending.keys()) {
    const record = firstDecisions.get(id);
    if (record === undefined) continue;
    try {
      const decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
      if (decision.withdrawalId === id) decisions.set(id, decision);
    } catch {
      // Not a decision screening wrote: ignored.
    }
  }
  const decisionsDone = performance.now();
  const withdrawals: RememberedWithdrawal[] = [];
  for (const [id, { partition, input, withdrawal }] of pending) {
    const decision = decisions.get(id);
    if (decision === undefined) continue;
    let keys: readonly string[] = [];
    try {
      keys = withdrawalKeys(withdrawal);
    } catch (error) {
      options.onKeyFailure?.(id, error);
    }
    withdrawals.push({
      past: {
        withdrawalId: id,
        customerRef: decision.customerRef,
        partition,
        screenedAtMillis: decision.screenedAt ? timestampToMillis(decision.screenedAt) : 0,
        input,
        decisionHash: decision.decisionHash,
        outcome: decision.outcome,
        hitEntities: hitEntitiesOf(decision.hits),
      },
      keys,
    });
  }
  withdrawals.sort((a, b) => a.past.screenedAtMillis - b.past.screenedAtMillis);
  const timings = {
    requestedMillis: Math.round(requestedDone - started),
    decisionsMillis: Math.round(decisionsDone - started),
    keysMillis: Math.round(performance.now() - decisionsDone),
  };
  return { withdrawals, requestedRead, undecided: pending.size - withdrawals.length, timings };
}

/** Options of {@link LookbackWindow}. */
export interface LookbackWindowOptions {
  index: LookbackIndex;
  logger: Logger;
  maxAgeMillis: number;
  now(): number;
  /** Reads back the window of `partitions` since `sinceMillis` (production: {@link rebuildLookback}). */
  rebuild(partitions: number[], sinceMillis: number): Promise<RebuildResult>;
  /** After each change of the index (size gauge). */
  changed?(): void;
}

/**
 * Which requested-topic partitions this instance owns, and their rebuilds. The pipeline awaits `ready(partition)`
 * before it screens a partition's batch (so a withdrawal decided before the assignment is known, for dedupe); a
 * lookback awaits `settled()` (so it looks over whole partitions) and uses `owned()`.
 */
export class LookbackWindow {
  private readonly ownedPartitions = new Set<number>();
  // A rebuild per assignment of a partition; a newer assignment replaces it.
  private readonly rebuilds = new Map<number, Promise<void>>();
  private readonly generation = new Map<number, number>();
  // Between a revoke (or the pipeline's start) and the next assignment, the instance owns less than it will: a
  // lookback then waits (bounded) rather than record a run over a partial set of partitions.
  private awaiting = false;
  private assigned: Array<() => void> = [];

  constructor(private readonly options: LookbackWindowOptions) {}

  /** Stops waiting for assignments (the service is stopping). */
  close(): void {
    this.awaiting = false;
    for (const resolve of this.assigned.splice(0)) resolve();
  }

  /** The pipeline is joining its group: partitions are about to be assigned. */
  expectAssignment(): void {
    this.awaiting = true;
  }

  /** The partitions owned now. */
  owned(): ReadonlySet<number> {
    return new Set(this.ownedPartitions);
  }

  assign(partitions: readonly number[]): void {
    this.awaiting = false;
    for (const resolve of this.assigned.splice(0)) resolve();
    const fresh = partitions.filter((p) => !this.ownedPartitions.has(p));
    for (const p of partitions) this.ownedPartitions.add(p);
    if (fresh.length > 0) this.startRebuild(fresh);
  }

  revoke(partitions: readonly number[]): void {
    this.awaiting = true;
    for (const p of partitions) {
      this.ownedPartitions.delete(p);
      this.rebuilds.delete(p);
      this.generation.set(p, (this.generation.get(p) ?? 0) + 1);
    }
    this.options.index.dropPartitions(new Set(partitions));
    this.options.changed?.();
  }

  /**
   * Resolves once `partition`'s window is rebuilt; rejects if the rebuild failed (and starts it again, so the
   * batch's retry finds it done or under way).
   */
  async ready(partition: number): Promise<void> {
    const rebuild = this.rebuilds.get(partition);
    if (rebuild === undefined) return;
    try {
      await rebuild;
    } catch (error) {
      if (this.rebuilds.get(partition) === rebuild && this.ownedPartitions.has(partition)) {
        this.startRebuild([partition]);
      }
      throw error;
    }
  }

  /**
   * Resolves once every owned partition's window is rebuilt (retrying failed rebuilds a few times), after waiting up
   * to `assignmentWaitMillis` for an assignment under way (a rebalance, the pipeline's start) to complete.
   */
  async settled(assignmentWaitMillis = 60_000): Promise<void> {
    if (this.awaiting) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.assigned.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, assignmentWaitMillis))),
      ]);
      clearTimeout(timer);
    }
    for (let attempt = 1; ; attempt++) {
      const results = await Promise.allSettled([...this.ownedPartitions].map((p) => this.ready(p)));
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure === undefined) return;
      if (attempt >= 5) throw failure.reason;
    }
  }

  private startRebuild(partitions: number[]): void {
    const generations = new Map(partitions.map((p) => [p, (this.generation.get(p) ?? 0) + 1]));
    for (const [p, g] of generations) this.generation.set(p, g);
    const started = performance.now();
    const since = this.options.now() - this.options.maxAgeMillis;
    const work = this.options.rebuild(partitions, since).then((result) => {
      // Only partitions still owned under this assignment: one revoked (or reassigned) meanwhile is left alone.
      const current = new Set(partitions.filter((p) => this.generation.get(p) === generations.get(p)));
      let added = 0;
      for (const { past, keys } of result.withdrawals) {
        if (!current.has(past.partition)) continue;
        // The pipeline may already have remembered a later decision of the same partition: never replace it.
        if (this.options.index.get(past.withdrawalId) !== undefined) continue;
        this.options.index.add(past, keys);
        added++;
      }
      this.options.changed?.();
      this.options.logger.info(
        {
          partitions: [...current],
          remembered: added,
          requestedRead: result.requestedRead,
          undecided: result.undecided,
          millis: Math.round(performance.now() - started),
        },
        'lookback window rebuilt',
      );
    });
    work.catch((error: unknown) =>
      this.options.logger.warn({ err: error, partitions }, 'lookback window rebuild failed; retried on demand'),
    );
    for (const p of partitions) this.rebuilds.set(p, work);
  }
}
