import {
  CordonError,
  createIdempotentProducer,
  type EventProducer,
  type KafkaClient,
  type Logger,
  type OutgoingRecord,
} from '@cordon/platform';
import type { Clock, Publisher } from '../../ports.js';

interface Pending {
  records: OutgoingRecord[];
  notAfterMillis: number;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Writes records through one idempotent producer (acks=all), batching whatever queued up while the previous
 * write was in flight into the next one. Writes go one at a time, in queue order, so one customer's events keep
 * their order whatever the producer's retries do.
 *
 * The producer connects on first use and again after a failure, so ingest starts, answers UNAVAILABLE and
 * reports not ready while the cluster is down, rather than crashing.
 */
export class BatchingPublisher implements Publisher {
  private readonly queue: Pending[] = [];
  private producer: Promise<EventProducer> | undefined;
  private sending: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly logger: Logger,
    private readonly maxBatchRecords: number,
    private readonly clock: Clock,
    /** Bounds of one write: librdkafka's delivery timeout (retries included) and per-request timeout. */
    private readonly bounds: { deliveryTimeoutMillis?: number; requestTimeoutMillis?: number } = {},
  ) {}

  publish(records: OutgoingRecord[], notAfterMillis = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.closed)
      return Promise.reject(new CordonError('INGEST_CLOSING', 'ingest is shutting down', { retriable: true }));
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ records, notAfterMillis, resolve, reject });
      this.sending ??= this.drain().finally(() => (this.sending = undefined));
    });
  }

  /**
   * Readiness: connects when not connected (after a failure, the probe is what reconnects an idle instance)
   * and answers whether a connected producer exists within `timeoutMillis`.
   */
  async ready(timeoutMillis = 2_000): Promise<boolean> {
    if (this.closed) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMillis)));
    const connected = this.connect().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([connected, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sending;
    const producer = await this.producer?.catch(() => undefined);
    await producer?.close();
  }

  private connect(): Promise<EventProducer> {
    // No linger: this class batches what queued during the previous write itself; waiting more only adds latency.
    this.producer ??= createIdempotentProducer(this.kafka, { lingerMillis: 0, ...this.bounds }).catch(
      (error: unknown) => {
        this.producer = undefined;
        throw error;
      },
    );
    return this.producer;
  }

  // After a failed write the producer's sequence numbers may no longer match the broker's; a fresh producer
  // (new producer id) starts clean, and the records in doubt are settled by the idempotency store's recovery.
  private discardProducer(): void {
    const old = this.producer;
    this.producer = undefined;
    void old?.then((producer) => producer.close()).catch(() => undefined);
  }

  /** Fails the entries whose deadline passed while they queued; returns the others. */
  private expire(batch: Pending[]): Pending[] {
    const now = this.clock.now();
    const late = batch.filter((pending) => pending.notAfterMillis < now);
    for (const pending of late) {
      pending.reject(
        new CordonError('INGEST_WRITE_EXPIRED', 'queued past its reservation lease; not written', { retriable: true }),
      );
    }
    return late.length === 0 ? batch : batch.filter((pending) => pending.notAfterMillis >= now);
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let size = 0;
    while (
      this.queue.length > 0 &&
      (batch.length === 0 || size + this.queue[0]!.records.length <= this.maxBatchRecords)
    ) {
      const next = this.queue.shift()!;
      size += next.records.length;
      batch.push(next);
    }
    return batch;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.expire(this.take());
      if (batch.length === 0) continue;
      let live = batch;
      let producer: EventProducer;
      try {
        producer = await this.connect();
      } catch (error) {
        // Nothing was sent: the records are certainly not written, and their reservations may be retried at once.
        this.logger.warn({ err: error, records: batch.length }, 'cannot connect to Kafka');
        const failure = new CordonError(
          'INGEST_NOT_CONNECTED',
          `cannot connect to Kafka: ${(error as Error).message}`,
          {
            retriable: true,
            cause: error,
          },
        );
        for (const pending of batch) pending.reject(failure);
        continue;
      }
      try {
        // Connecting can take long (a cluster down): what expired meanwhile is still not written, so that every
        // write starts within its deadline and ends within the write bound.
        live = this.expire(batch);
        if (live.length === 0) continue;
        await producer.send(live.flatMap((pending) => pending.records));
        for (const pending of live) pending.resolve();
      } catch (error) {
        this.discardProducer();
        this.logger.warn({ err: error, records: live.length }, 'write to Kafka failed');
        const failure = new CordonError('KAFKA_UNAVAILABLE', `write to Kafka failed: ${(error as Error).message}`, {
          retriable: true,
          cause: error,
        });
        for (const pending of live) pending.reject(failure);
      }
    }
  }
}
