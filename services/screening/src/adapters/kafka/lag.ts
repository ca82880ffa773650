/**
 * Consumer lag of the screening group, polled from the broker: end offset minus committed offset per
 * partition. Polling (rather than reading the lag of each fetched batch) keeps the gauge honest when the
 * consumer is stuck and fetches nothing.
 */
import { committedOffsets, endOffsets, type KafkaClient, type Logger } from '@cordon/platform';

/** A running poller. */
export interface LagPoller {
  stop(): Promise<void>;
}

/** Polls the lag of `groupId` on `topic` every `intervalMillis` and reports it per partition. */
export async function startLagPoller(options: {
  kafka: KafkaClient;
  logger: Logger;
  groupId: string;
  topic: string;
  intervalMillis: number;
  report(partition: number, lag: number): void;
}): Promise<LagPoller> {
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  const poll = async () => {
    const [ends, committed] = await Promise.all([
      endOffsets(options.kafka, options.topic),
      committedOffsets(options.kafka, options.groupId, options.topic),
    ]);
    for (const end of ends) {
      const from = committed.get(end.partition) ?? end.low;
      const lag = end.end - from;
      options.report(end.partition, Number(lag < 0n ? 0n : lag));
    }
  };
  const timer = setInterval(() => {
    // One poll at a time: while the broker is away a poll waits (committed offsets up to 10 s, on a thread of
    // libuv's pool), and polls piling up would take the threads the readers and consumers need.
    if (stopped || inFlight) return;
    const polling = poll()
      .catch((error: unknown) => options.logger.debug({ err: error }, 'lag poll failed'))
      .finally(() => {
        if (inFlight === polling) inFlight = undefined;
      });
    inFlight = polling;
  }, options.intervalMillis);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
