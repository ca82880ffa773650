/** Inputs of case-management as screening and ingest publish them (no test runner needed: benches use them too). */
import { createHash } from 'node:crypto';
import {
  DecisionOutcome,
  EVENT_TYPES,
  HitKind,
  ListSource,
  RetroHit,
  ScreeningDecision,
  WithdrawalRequested,
  timestampFromMillis,
  type Hit,
  type TopicNames,
} from '@cordon/contracts';
import { createIdempotentProducer, encodeEvent, type KafkaClient, type OutgoingRecord } from '@cordon/platform';

export const addressHit = (entityId: string, programs = ['CYBER2']): Hit => ({
  source: ListSource.OFAC_SDN,
  entityId,
  entityHash: `${entityId}`.padEnd(64, 'a'),
  kind: HitKind.ADDRESS,
  matchedValue: '0x7f367cc41522ce07553e823bf3be79a889debe1b',
  queryField: 'destination.canonical',
  queryValue: '0x7f367cc41522ce07553e823bf3be79a889debe1b',
  scoreBp: 10_000,
  features: [],
  programs,
  suppressed: false,
  suppressedByCase: '',
});

export const nameHit = (entityId: string): Hit => ({
  ...addressHit(entityId, ['SDGT']),
  kind: HitKind.NAME,
  matchedValue: 'Listed Person',
  queryField: 'customer.full_name',
  queryValue: 'listed person',
  scoreBp: 9_300,
});

export const jurisdictionHit = (): Hit => ({
  source: ListSource.UNSPECIFIED,
  entityId: 'jurisdiction-ir',
  entityHash: '',
  kind: HitKind.JURISDICTION,
  matchedValue: 'IR',
  queryField: 'customer.country_of_residence',
  queryValue: 'IR',
  scoreBp: 10_000,
  features: [],
  programs: ['IRAN'],
  suppressed: false,
  suppressedByCase: '',
});

/** A decision as screening publishes it (its hash made unique from the withdrawal and a salt). */
export function decision(
  withdrawalId: string,
  outcome: DecisionOutcome,
  hits: Hit[] = [],
  salt = '',
): ScreeningDecision {
  return ScreeningDecision.fromPartial({
    withdrawalId,
    requestId: withdrawalId,
    customerRef: `cust-${withdrawalId}`,
    outcome,
    hits,
    reasons: [],
    pinnedVersions: [
      {
        source: ListSource.OFAC_SDN,
        contentHash: 'c'.repeat(64),
        versionId: '2023-12-28',
        confirmedAt: timestampFromMillis(Date.now()),
      },
    ],
    policyHash: 'p'.repeat(64),
    engineVersion: 'test',
    decisionHash: createHash('sha256').update(`${withdrawalId}|${salt}`).digest('hex'),
    screenedAt: timestampFromMillis(Date.now()),
    inputSha256: 'i'.repeat(64),
  });
}

export function retroHit(withdrawalId: string, hits: Hit[], originalHash: string): RetroHit {
  return RetroHit.fromPartial({
    withdrawalId,
    customerRef: `cust-${withdrawalId}`,
    originalDecisionHash: originalHash,
    originalOutcome: DecisionOutcome.ALLOW,
    newVersion: { source: ListSource.OFAC_SDN, contentHash: 'd'.repeat(64), versionId: '2024-01-05' },
    hits,
    policyHash: 'p'.repeat(64),
    engineVersion: 'test',
    detectedAt: timestampFromMillis(Date.now()),
  });
}

export function withdrawal(withdrawalId: string): WithdrawalRequested {
  return WithdrawalRequested.fromPartial({
    withdrawalId,
    idempotencyKey: `idem-${withdrawalId}`,
    customer: { customerRef: `cust-${withdrawalId}`, fullName: 'Test Customer' },
    chain: 'ethereum',
    amount: { asset: 'ETH', amountDecimal: '1.25', amountMinor: 1_250_000_000_000_000_000n },
    destination: {
      ticker: 'ETH',
      chain: 'ethereum',
      address: '0x7F367cC41522cE07553e823bf3be79A889DEbe1B',
      canonical: '0x7f367cc41522ce07553e823bf3be79a889debe1b',
      valid: true,
      chains: ['ethereum'],
    },
    requestedAt: timestampFromMillis(Date.now()),
    ingestedAt: timestampFromMillis(Date.now()),
  });
}

export function records(
  topics: TopicNames,
  items: Array<ScreeningDecision | RetroHit | WithdrawalRequested>,
): OutgoingRecord[] {
  return items.map((item) => {
    if ('decisionHash' in item) {
      const { value, headers } = encodeEvent(EVENT_TYPES.screeningDecision, item);
      return { topic: topics.screeningDecisions, key: item.withdrawalId, value, headers };
    }
    if ('originalDecisionHash' in item) {
      const { value, headers } = encodeEvent(EVENT_TYPES.retroHit, item);
      return { topic: topics.screeningRetroHits, key: item.withdrawalId, value, headers };
    }
    const { value, headers } = encodeEvent(EVENT_TYPES.withdrawalRequested, item);
    return { topic: topics.withdrawalsRequested, key: item.customer?.customerRef ?? null, value, headers };
  });
}

export async function produce(kafka: KafkaClient, out: OutgoingRecord[]): Promise<void> {
  const producer = await createIdempotentProducer(kafka);
  try {
    for (let i = 0; i < out.length; i += 1_000) await producer.send(out.slice(i, i + 1_000));
  } finally {
    await producer.close();
  }
}
