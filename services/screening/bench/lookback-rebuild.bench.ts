/**
 * Lookback window rebuild benchmark, through Kafka on this machine: N requested withdrawals and their N decisions
 * pre-loaded on their topics, then the window of every partition rebuilt as an instance does when the group assigns
 * it partitions (read the requested partitions over the age window, join each withdrawal with its decision, compute
 * its address and name keys, index it). Prints the time, the rate and the memory the index holds.
 *
 *   npx tsx services/screening/bench/lookback-rebuild.bench.ts
 *   BENCH_RECORDS=100000 BENCH_PARTITIONS=3 BENCH_CUSTOMERS=20000 (distinct customer names)
 * KAFKA_BROKERS=host:port uses a running broker instead of starting one.
 */
import { randomBytes } from 'node:crypto';
import { checkAddress } from '@cordon/addresses';
import {
  DecisionOutcome,
  EVENT_TYPES,
  IngestChannel,
  ListSource,
  ScreeningDecision,
  timestampFromMillis,
  topicNames,
  WithdrawalRequested,
} from '@cordon/contracts';
import {
  createIdempotentProducer,
  createKafka,
  createLogger,
  encodeEvent,
  endOffsets,
  ensureTopics,
  type OutgoingRecord,
} from '@cordon/platform';
import { benchBroker } from '../../../test/bench.js';
import { rebuildLookback } from '../src/adapters/kafka/lookback-window.js';
import { LookbackIndex } from '../src/domain/lookback.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 3);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const logger = createLogger('screening-bench', { level: 'warn' });

const GIVEN = ['Emma', 'Liam', 'Olivia', 'Noah', 'Sofia', 'Lukas', 'Wei', 'Aisha', 'Mateo', 'Yuki', 'Priya', 'Jonas'];
const FAMILY = ['Johansson', 'Smith', 'Brown', 'Garcia', 'Rossi', 'Muller', 'Chen', 'Khan', 'Fernandez', 'Tanaka'];

async function main(): Promise<void> {
  const broker = await benchBroker();
  const brokers = broker.brokers;
  console.log(broker.description);
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'lookback-bench' }, logger);
  const topics = topicNames(`bench-${randomBytes(4).toString('hex')}.`);
  await ensureTopics(kafka, [
    { topic: topics.withdrawalsRequested, partitions: PARTITIONS },
    { topic: topics.screeningDecisions, partitions: PARTITIONS },
  ]);

  // The withdrawals of the last 30 days and a decision for each, as the pipeline would have left them.
  const now = Date.now();
  const producer = await createIdempotentProducer(kafka);
  const loadStarted = performance.now();
  for (let start = 0; start < RECORDS; start += 5_000) {
    const records: OutgoingRecord[] = [];
    for (let i = start; i < Math.min(RECORDS, start + 5_000); i++) {
      const customer = i % CUSTOMERS;
      const customerRef = `cust-${customer}`;
      const address = `0x${randomBytes(20).toString('hex')}`;
      const check = checkAddress('ETH', address);
      const at = timestampFromMillis(now - Math.floor(((RECORDS - i) / RECORDS) * 29 * 86_400_000));
      const withdrawal = WithdrawalRequested.fromPartial({
        idempotencyKey: `idem-${i}`,
        withdrawalId: `w-${i}`,
        customer: {
          customerRef,
          fullName: `${GIVEN[customer % GIVEN.length]} ${FAMILY[Math.floor(customer / GIVEN.length) % FAMILY.length]} ${customer}`,
        },
        chain: 'eth',
        amount: { asset: 'ETH', amountDecimal: '1.5' },
        destination: {
          ticker: 'ETH',
          chain: 'eth',
          address,
          canonical: check.canonical,
          valid: true,
          chains: check.chains,
        },
        requestedAt: at,
        ingestedAt: at,
        channel: IngestChannel.GRPC,
        partitionKey: customerRef,
      });
      records.push({
        topic: topics.withdrawalsRequested,
        key: customerRef,
        ...encodeEvent(EVENT_TYPES.withdrawalRequested, withdrawal),
      });
      const decision = ScreeningDecision.fromPartial({
        withdrawalId: `w-${i}`,
        customerRef,
        outcome: DecisionOutcome.ALLOW,
        pinnedVersions: [{ source: ListSource.OFAC_SDN, contentHash: 'ab'.repeat(32), versionId: '12/28/2023' }],
        policyHash: 'cd'.repeat(32),
        engineVersion: '1.0.0',
        decisionHash: randomBytes(32).toString('hex'),
        screenedAt: at,
        inputSha256: randomBytes(32).toString('hex'),
      });
      records.push({
        topic: topics.screeningDecisions,
        key: `w-${i}`,
        ...encodeEvent(EVENT_TYPES.screeningDecision, decision),
      });
    }
    await producer.send(records);
  }
  await producer.close();
  console.log(
    `loaded ${RECORDS} withdrawals and ${RECORDS} decisions on ${PARTITIONS} partitions each in ${Math.round(performance.now() - loadStarted)} ms`,
  );

  // The instance owns every partition, and the pipeline has decided everything (committed offset = end).
  const ends = new Map((await endOffsets(kafka, topics.withdrawalsRequested)).map((e) => [e.partition, e.end]));
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await rebuildLookback({
    kafka,
    groupId: 'unused',
    requestedTopic: topics.withdrawalsRequested,
    decisionsTopic: topics.screeningDecisions,
    partitions: [...ends.keys()],
    sinceMillis: now - 30 * 86_400_000,
    until: ends,
    timeoutMillis: 600_000,
  });
  const read = performance.now();
  const index = new LookbackIndex({ maxEntries: 10_000_000, maxAgeMillis: 30 * 86_400_000 });
  for (const { past, keys } of result.withdrawals) index.add(past, keys);
  const done = performance.now();
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;

  console.log(`lookback window rebuild, ${RECORDS} withdrawals over ${PARTITIONS} partitions:`);
  console.log(
    `  total ${Math.round(done - started)} ms (${Math.round((RECORDS / (done - started)) * 1000)} withdrawals/s): ` +
      `read, join and key ${Math.round(read - started)} ms, index ${Math.round(done - read)} ms`,
  );
  const t = result.timings!;
  console.log(
    `  of which: both topics read (at once) by ${t.decisionsMillis} ms (requested topic alone by ${t.requestedMillis} ms), then keys ${t.keysMillis} ms`,
  );
  console.log(
    `  remembered ${index.size} (requested records read ${result.requestedRead}, without a decision ${result.undecided})`,
  );
  console.log(`  heap held after the rebuild: about ${Math.round((heapAfter - heapBefore) / 1024 / 1024)} MB`);

  await kafka.close();
  await broker.stop();
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
