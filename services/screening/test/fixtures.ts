/**
 * Test fixtures for the screening service: its configuration on the run's broker, requested withdrawals as
 * ingest would publish them, and the real OFAC SDN 2023-12-28 set.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { KafkaClient as Kafka } from '@cordon/platform';
import { checkAddress } from '@cordon/addresses';
import {
  EVENT_TYPES,
  IngestChannel,
  ListSource,
  timestampFromMillis,
  WithdrawalRequested,
  type TopicNames,
} from '@cordon/contracts';
import { loadList, type LoadedList, type SanctionedEntity } from '@cordon/lists';
import { createIdempotentProducer, encodeEvent, type OutgoingRecord } from '@cordon/platform';
import type { ScreeningConfig } from '../src/config.js';

/** The OFAC SDN 2023-12-28 CSV set. */
export const OFAC_2023 = fileURLToPath(new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url));

let ofac: Promise<LoadedList> | undefined;

/** The parsed OFAC 2023-12-28 set, loaded once per test file. */
export function ofac2023(): Promise<LoadedList> {
  ofac ??= loadList('ofac-csv', OFAC_2023);
  return ofac;
}

/** Every valid listed address of `list` with its ticker, for withdrawals that must be blocked. */
export function listedAddresses(list: LoadedList): Array<{ ticker: string; address: string; entityId: string }> {
  return list.entities.flatMap((entity) =>
    entity.digitalCurrencyAddresses
      .filter((listed) => listed.valid)
      .map((listed) => ({ ticker: listed.ticker, address: listed.address, entityId: entity.id })),
  );
}

/** A fresh, valid Ethereum address that no list carries. */
export function ordinaryEthAddress(): string {
  return `0x${randomBytes(20).toString('hex')}`;
}

/** The screening configuration for a test: its own topics, group and ports chosen by the OS. */
export function testConfig(
  brokers: string[],
  prefix: string,
  overrides: Partial<ScreeningConfig> = {},
): ScreeningConfig {
  return {
    kafka: {
      brokers,
      clientId: 'screening-test',
      ssl: false,
      topicPrefix: prefix,
      groupId: `${prefix}screening`,
      partitions: 2,
      topics: { mode: 'create', minReplicationFactor: 1, topicPrefix: prefix },
    },
    grpc: { host: '127.0.0.1', port: 0, maxMessageBytes: 64 * 1024 },
    // Tests that call over gRPC pass real settings (test/auth.ts); the others never call.
    auth: { insecureNoAuth: false },
    prechecks: { workers: 1, maxQueuedPerWorker: 64, ratePerSecond: 1_000, burst: 1_000 },
    opsPort: 0,
    requiredSources: [ListSource.OFAC_SDN],
    maxBatchRecords: 500,
    concurrentPartitions: 2,
    maxRecordBytes: 64 * 1024,
    lookback: { enabled: true, maxWithdrawals: 100_000, maxAgeMillis: 30 * 24 * 3_600_000 },
    suppressions: { enabled: true },
    lagIntervalMillis: 1_000,
    shutdownBudgetMillis: 20_000,
    ...overrides,
  };
}

/** A requested withdrawal as ingest publishes it: address canonicalised, times set. */
export function requested(
  id: string,
  destination: { ticker: string; address: string },
  options: { customerRef?: string; fullName?: string; ingestedAtMillis?: number } = {},
): WithdrawalRequested {
  const check = checkAddress(destination.ticker, destination.address);
  const customerRef = options.customerRef ?? `cust-${id}`;
  const at = timestampFromMillis(options.ingestedAtMillis ?? 1_767_225_600_000);
  return WithdrawalRequested.fromPartial({
    idempotencyKey: `idem-${id}`,
    withdrawalId: id,
    customer: { customerRef, fullName: options.fullName ?? 'Emma Johansson' },
    chain: check.chains[0] ?? '',
    amount: { asset: destination.ticker, amountDecimal: '1.5' },
    destination: {
      ticker: check.ticker,
      chain: check.chains[0] ?? '',
      address: destination.address,
      canonical: check.canonical,
      valid: check.valid,
      chains: check.chains,
      reason: check.reason ?? '',
    },
    requestedAt: at,
    ingestedAt: at,
    channel: IngestChannel.GRPC,
    partitionKey: customerRef,
    producer: 'wallets',
  });
}

/** The record of a requested withdrawal on the requested topic. */
export function requestedRecord(topics: TopicNames, withdrawal: WithdrawalRequested): OutgoingRecord {
  const { value, headers } = encodeEvent(EVENT_TYPES.withdrawalRequested, withdrawal);
  return { topic: topics.withdrawalsRequested, key: withdrawal.customer?.customerRef ?? null, value, headers };
}

/** Writes records with an idempotent producer, as ingest does. */
export async function produce(kafka: Kafka, records: OutgoingRecord[]): Promise<void> {
  const producer = await createIdempotentProducer(kafka);
  try {
    for (let i = 0; i < records.length; i += 1_000) await producer.send(records.slice(i, i + 1_000));
  } finally {
    await producer.close();
  }
}

/** Polls `condition` until it holds or `timeoutMillis` passes. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMillis = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('condition not met in time');
}

/** A person listed on OFAC SDN, with one Ethereum address when given, for versions made by hand. */
export function designee(id: string, fullName: string, address?: string): SanctionedEntity {
  return {
    source: 'ofac-sdn',
    id,
    type: 'individual',
    names: [{ full: fullName, kind: 'primary', strength: 'strong', script: 'Latn' }],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: ['CYBER2'],
    digitalCurrencyAddresses: address
      ? [{ ticker: 'ETH', address, canonical: `evm:${address.toLowerCase()}`, valid: true, chains: ['eth'] }]
      : [],
    flags: [],
  };
}
