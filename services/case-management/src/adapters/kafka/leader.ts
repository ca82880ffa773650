/**
 * The leader's work: intake (the input topics into PostgreSQL) and the outbox relay (PostgreSQL to Kafka), plus
 * the SLA sweep. One instance leads at a time, by a PostgreSQL advisory lock held on the session its intake
 * transactions run on: a leader whose session is gone (crash, partition) can no longer commit, and the next one
 * takes over at once. Every other instance serves the API.
 *
 * Exactly once, end to end:
 * - in: each batch's effects and the positions after it commit in one PostgreSQL transaction; at start the
 *   readers resume from the stored positions, so a record is taken in once or, after a crash, again from
 *   scratch; the idempotency keys (decision hash, retro-hit key) make a re-delivered record a no-op as well;
 * - out: outbox ids commit in order (writers serialise on an advisory lock); the relay writes a run of outbox
 *   rows to Kafka in one transaction together with a checkpoint record (the last id) on the relay topic, under a
 *   fixed transactional id that fences any older relay. At start it reads the last committed checkpoint back,
 *   so rows published before a crash are never published again and none is skipped.
 */
import type pg from 'pg';
import {
  EVENT_TYPES,
  RelayCheckpoint,
  timestampFromMillis,
  type TopicNames,
  type TopicRoleName,
} from '@cordon/contracts';
import {
  backoff,
  createTransactionalProducer,
  decodeEvent,
  encodeEvent,
  endOffsets,
  openReader,
  readToEnd,
  sleep,
  DEFAULT_RETRY,
  type KafkaClient,
  type Logger,
  type OutgoingRecord,
  type TopicReader,
  type TransactionalProducer,
} from '@cordon/platform';
import { intakeItem, type InputRole } from '../../domain/intake.js';
import type { CaseMetrics } from '../../metrics.js';
import { outboxHeaders, type CaseStore } from '../postgres/store.js';

export interface LeaderOptions {
  kafka: KafkaClient;
  pool: pg.Pool;
  databaseUrl: string;
  schema: string;
  store: CaseStore;
  topics: TopicNames;
  logger: Logger;
  metrics: CaseMetrics;
  clock: { now(): number };
  /** Records per intake batch. */
  batchRecords: number;
  /** Outbox rows per relay transaction. */
  relayBatch: number;
  /** How often the SLA sweep runs. */
  sweepMillis: number;
  /** Retention of resolved cases and audit logs, in days (the purge runs with the sweep). */
  retentionDays: number;
  /** A transactional id unique to the deployment (the prefix + service name + ".relay"). */
  relayTransactionalId: string;
  /** Makes a dedicated session (not from the pool) for the lock. */
  connect(): Promise<pg.Client>;
}

/** The running leadership loop. */
export interface Leader {
  /** True while this instance leads and its loops run. */
  readonly leading: boolean;
  /** Resolves when a loop failed past its retry budget (the process should restart). */
  failed: Promise<Error>;
  /** Wakes the relay (a local write just queued records). */
  poke(): void;
  stop(): Promise<void>;
}

const INPUTS: Array<{ role: InputRole; topic: TopicRoleName }> = [
  // The listed entities, for the case page (the version each hit matched).
  { role: 'entities', topic: 'sanctionsEntities' },
  // Withdrawals first: a decision is taken in after the withdrawal it decides when both arrive in one round.
  { role: 'requested', topic: 'withdrawalsRequested' },
  { role: 'decisions', topic: 'screeningDecisions' },
  { role: 'retroHits', topic: 'screeningRetroHits' },
];

/** Starts competing for leadership; once leading, runs intake, relay and sweep until stopped or failed. */
export function startLeader(options: LeaderOptions): Leader {
  const { logger } = options;
  let stopping = false;
  let leading = false;
  let wake: (() => void) | undefined;
  let resolveFailed!: (error: Error) => void;
  const failed = new Promise<Error>((resolve) => (resolveFailed = resolve));
  const lockKey = `cordon-case-management-leader:${options.schema}`;

  const run = async () => {
    let attempt = 0;
    while (!stopping) {
      let session: pg.Client | undefined;
      try {
        session = await options.connect();
        session.on('error', (error) => logger.warn({ err: error }, 'leader session error'));
        const { rows } = await session.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1)) as locked',
          [lockKey],
        );
        if (!rows[0]!.locked) {
          await session.end().catch(() => undefined);
          session = undefined;
          await pause(2_000);
          continue;
        }
        leading = true;
        options.metrics.leader.set(1);
        logger.info('leading: intake, outbox relay and SLA sweep run here');
        await lead(session);
        attempt = 0;
      } catch (error) {
        attempt += 1;
        logger.error({ err: error, attempt }, 'leader loop failed');
        if (attempt > 8) {
          resolveFailed(error as Error);
          return;
        }
        await pause(backoff(DEFAULT_RETRY, attempt));
      } finally {
        leading = false;
        options.metrics.leader.set(0);
        await session?.end().catch(() => undefined);
      }
    }
  };

  const pause = (millis: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, millis);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const lead = async (session: pg.Client) => {
    const readers = await openInputs(session);
    const relay = await Relay.open(options);
    await session.query('listen cordon_case_outbox');
    session.on('notification', () => wake?.());
    let lastSweep = 0;
    try {
      while (!stopping) {
        const taken = await intakeRound(session, readers);
        const published = await relay.publish();
        const now = options.clock.now();
        if (now - lastSweep >= options.sweepMillis) {
          lastSweep = now;
          const escalated = await options.store.escalateOverdue(now);
          if (escalated > 0) options.metrics.escalated.inc(escalated);
          options.metrics.overdue.set(await options.store.overdueCount(now));
          const purged = await options.store.purge(now - options.retentionDays * 86_400_000);
          if (purged > 0) logger.info({ purged }, 'purged resolved cases past retention');
        }
        if (taken === 0 && published === 0) await pause(250);
      }
      // Drain what this leader already queued.
      while ((await relay.publish()) > 0);
    } finally {
      await Promise.all(readers.map(({ reader }) => reader.close()));
      await relay.close();
    }
  };

  const openInputs = async (session: pg.Client) => {
    const names = INPUTS.map((input) => options.topics[input.topic]);
    const stored = await options.store.positions(session, names);
    return Promise.all(
      INPUTS.map(async (input) => ({
        role: input.role,
        reader: await openReader(options.kafka, {
          topic: options.topics[input.topic],
          from: stored.get(options.topics[input.topic])!,
          maxPartitionFetchBytes: 1024 * 1024,
        }),
      })),
    );
  };

  const intakeRound = async (session: pg.Client, readers: Array<{ role: InputRole; reader: TopicReader }>) => {
    let total = 0;
    for (const { role, reader } of readers) {
      const records = await reader.poll(options.batchRecords, 20);
      const positions = [...reader.positions()].map(([partition, nextOffset]) => ({
        topic: reader.topic,
        partition,
        nextOffset,
      }));
      if (records.length === 0) {
        // Positions can still move (past transaction markers); store them only with work, to keep idle quiet.
        continue;
      }
      const started = performance.now();
      const items = records.map((record) => intakeItem(role, record, options.topics.withdrawalsRejected));
      const counts = await options.store.intake(session, items, positions, options.clock.now());
      options.metrics.intakeSeconds.observe((performance.now() - started) / 1000);
      options.metrics.opened.inc(counts.opened);
      options.metrics.joined.inc(counts.joined);
      options.metrics.released.inc(counts.released);
      options.metrics.duplicates.inc(counts.duplicates);
      options.metrics.deadLettered.inc(counts.deadLettered);
      total += records.length;
    }
    return total;
  };

  void run();
  return {
    get leading() {
      return leading;
    },
    failed,
    poke: () => wake?.(),
    async stop() {
      stopping = true;
      wake?.();
      while (leading) await sleep(20);
    },
  };
}

/** The outbox relay: PostgreSQL rows to Kafka, exactly once (see the module comment). */
class Relay {
  private constructor(
    private readonly options: LeaderOptions,
    private readonly producer: TransactionalProducer,
  ) {}

  static async open(options: LeaderOptions): Promise<Relay> {
    // Fences an older relay (its open transaction is aborted) before the checkpoint is read back.
    const producer = await createTransactionalProducer(
      options.kafka,
      options.relayTransactionalId,
      options.logger.child({ component: 'relay' }),
    );
    const relay = new Relay(options, producer);
    const checkpoint = await relay.lastCheckpoint();
    const { rowCount } = await options.pool.query(
      'update outbox set published_at = now() where id <= $1 and published_at is null',
      [String(checkpoint)],
    );
    options.logger.info(
      { checkpoint: String(checkpoint), recovered: rowCount },
      'outbox relay resumed from its checkpoint',
    );
    return relay;
  }

  /** The last checkpoint committed on partition 0 of the relay topic (0 when none). */
  private async lastCheckpoint(): Promise<bigint> {
    const topic = this.options.topics.casesRelay;
    const end = (await endOffsets(this.options.kafka, topic)).find((e) => e.partition === 0)!;
    // Each transaction writes one checkpoint and one marker on the partition; look back far enough for one.
    for (let back = 16n; ; back *= 4n) {
      const from = end.end - back > end.low ? end.end - back : end.low;
      const records = await readToEnd(this.options.kafka, {
        topic,
        partitions: [0],
        from: new Map([[0, from]]),
        settleMillis: 3_000,
      });
      const last = records.at(-1);
      if (last) return decodeEvent(EVENT_TYPES.relayCheckpoint, last.value, last.headers).outboxId;
      if (from === end.low) return 0n;
    }
  }

  /** Publishes one run of unpublished rows; returns how many. */
  async publish(): Promise<number> {
    const { rows } = await this.options.pool.query<{
      id: string;
      topic_role: TopicRoleName;
      record_key: string;
      headers: Record<string, string>;
      value: Buffer;
    }>(
      'select id, topic_role, record_key, headers, value from outbox where published_at is null order by id limit $1',
      [this.options.relayBatch],
    );
    if (rows.length === 0) return 0;
    const last = BigInt(rows.at(-1)!.id);
    const records: OutgoingRecord[] = rows.map((row) => ({
      topic: this.options.topics[row.topic_role],
      key: row.record_key,
      value: row.value.length === 0 ? null : row.value,
      headers: outboxHeaders(row.headers),
    }));
    const checkpoint = encodeEvent(
      EVENT_TYPES.relayCheckpoint,
      RelayCheckpoint.fromPartial({ outboxId: last, writtenAt: timestampFromMillis(this.options.clock.now()) }),
    );
    const started = performance.now();
    await this.producer.inTransaction(async (scope) => {
      await scope.send([
        ...records,
        { topic: this.options.topics.casesRelay, partition: 0, key: 'case-management', ...checkpoint },
      ]);
    });
    await this.options.pool.query('update outbox set published_at = now() where id <= $1 and published_at is null', [
      String(last),
    ]);
    this.options.metrics.relaySeconds.observe((performance.now() - started) / 1000);
    this.options.metrics.published.inc(rows.length);
    return rows.length;
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
