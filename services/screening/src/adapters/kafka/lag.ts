/**
 * Consumer lag of the screening group, polled from the broker: end offset minus committed offset per
 * partition. Polling (rather than reading the lag of each fetched batch) keeps the gauge honest when the
 * consumer is stuck and fetches nothing.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from '@cordon/platform';

/** A running poller. */
export interface LagPoller {
  stop(): Promise<void>;
}

/** Polls the lag of `groupId` on `topic` every `intervalMillis` and reports it per partition. */
export async function startLagPoller(options: {
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topic: string;
  intervalMillis: number;
  report(partition: number, lag: number): void;
}): Promise<LagPoller> {
  const admin = options.kafka.admin();
  await admin.connect();
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const poll = async () => {
    const [ends, committed] = await Promise.all([
      admin.fetchTopicOffsets(options.topic),
      admin.fetchOffsets({ groupId: options.groupId, topics: [options.topic] }),
    ]);
    const byPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)] as const));
    for (const end of ends) {
      const done = byPartition.get(end.partition) ?? -1n;
      const from = done < 0n ? BigInt(end.low) : done;
      const lag = BigInt(end.high) - from;
      options.report(end.partition, Number(lag < 0n ? 0n : lag));
    }
  };
  const timer = setInterval(() => {
    if (stopped) return;
    inFlight = poll().catch((error: unknown) => options.logger.debug({ err: error }, 'lag poll failed'));
  }, options.intervalMillis);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      await admin.disconnect();
    },
  };
}
