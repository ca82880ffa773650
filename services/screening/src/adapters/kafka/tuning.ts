/**
 * Tuning and observation of the exactly-once pipeline that the platform's runExactlyOnce does not expose yet (to
 * be moved there):
 *
 * - Transactional producers retry with a short first backoff. Right after a commit the coordinator is still
 *   writing the transaction markers, and the next transaction's first request is answered
 *   CONCURRENT_TRANSACTIONS; with the client's default 100 ms first backoff, back-to-back transactions on one
 *   partition cost over 100 ms each, with 10 ms about 25 ms on a 2-core machine.
 * - Several partitions are processed at once (one transactional producer each, as before), so one partition's
 *   transaction round trips overlap another's screening instead of adding up.
 * - The lag of each fetched batch is reported (the platform's runner keeps it to itself).
 *
 * All are applied through a view of the kafkajs client: producers and consumers it creates get the options;
 * everything else is the client itself.
 */
import type { Consumer, ConsumerConfig, ConsumerRunConfig, Kafka, ProducerConfig, RetryOptions } from 'kafkajs';

/** The knobs. */
export interface PipelineTuning {
  /** Retry options of the transactional producers. */
  producerRetry: RetryOptions;
  /** How many input partitions are processed concurrently. */
  partitionsConsumedConcurrently: number;
  /** Called after each fetched batch with the partition's lag behind its high watermark. */
  onBatchLag?(topic: string, partition: number, offsetLag: number): void;
}

/** Short first backoff, same overall patience (about half a minute) as the client default. */
export const TRANSACTION_RETRY: RetryOptions = { initialRetryTime: 10, maxRetryTime: 5_000, retries: 14 };

/** A view of `kafka` whose producers and consumers carry `tuning`. */
export function tunedKafka(kafka: Kafka, tuning: PipelineTuning): Kafka {
  const view = Object.create(kafka) as Kafka;
  view.producer = (config?: ProducerConfig) => kafka.producer({ retry: tuning.producerRetry, ...config });
  view.consumer = (config: ConsumerConfig): Consumer => {
    const consumer = kafka.consumer(config);
    if (tuning.onBatchLag) {
      const report = tuning.onBatchLag;
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        report(payload.topic, payload.partition, Number(payload.offsetLag)),
      );
    }
    const run = consumer.run.bind(consumer);
    consumer.run = (runConfig?: ConsumerRunConfig) =>
      run({ ...runConfig, partitionsConsumedConcurrently: tuning.partitionsConsumedConcurrently });
    return consumer;
  };
  return view;
}
