import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ActorRole,
  CaseEvent,
  CaseResolution,
  CaseTrigger,
  Disposition,
  RelayCheckpoint,
  Suppression,
  DispositionAction,
} from './gen/cordon/cases/v1/cases.js';
import { DeadLetterReason } from './gen/cordon/common/v1/errors.js';
import { Money } from './gen/cordon/common/v1/money.js';
import { PartyType } from './gen/cordon/common/v1/party.js';
import {
  EntityFlag,
  EntityType,
  ListSource,
  NameKind,
  NameStrength,
  SanctionedEntity,
} from './gen/cordon/sanctions/v1/entity.js';
import {
  ListQuarantined,
  ListSnapshotChunk,
  ListSourceConfirmation,
  ListVersionManifest,
  QuarantineReason,
} from './gen/cordon/sanctions/v1/list_sync.js';
import {
  DecisionOutcome,
  HitKind,
  PolicyInForce,
  LookbackRun,
  RetroHit,
  ScreeningDecision,
} from './gen/cordon/screening/v1/screening.js';
import { IngestChannel, WithdrawalRequested, WithdrawalSubmission } from './gen/cordon/withdrawals/v1/withdrawals.js';
import {
  EVENT_TYPES,
  EventDecodeError,
  decodeByTypeName,
  eventTypeFor,
  recordKey,
  sanctionsEntityKey,
  type EventType,
} from './registry.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
// Beyond Number.MAX_SAFE_INTEGER: a double would round these.
const UNSAFE = 9_007_199_254_740_993n;

const ts = (seconds: bigint, nanos = 0) => ({ seconds, nanos });

const customer = {
  customerRef: 'cust-42',
  type: PartyType.INDIVIDUAL,
  fullName: 'Иван Петров',
  givenName: 'Иван',
  familyName: 'Петров',
  otherNames: ['Ivan Petrov'],
  dateOfBirth: '1964-01-15',
  nationalities: ['RU'],
  countryOfResidence: 'UA-43',
};

const money = { asset: 'ETH', amountDecimal: '12.000000000000000001', amountMinor: UNSAFE, decimals: 18 };

const destination = {
  ticker: 'ETH',
  chain: 'eth',
  address: '0x8589427373D6D84E98730D7795D8f6f8731FDA16',
  canonical: 'eth:0x8589427373d6d84e98730d7795d8f6f8731fda16',
  valid: true,
  chains: ['eth'],
};

const entity = {
  source: ListSource.OFAC_SDN,
  id: '36530',
  type: EntityType.INDIVIDUAL,
  names: [
    {
      full: 'PETROV, Ivan',
      given: 'Ivan',
      family: 'PETROV',
      kind: NameKind.PRIMARY,
      strength: NameStrength.STRONG,
      script: 'Latn',
    },
    { full: 'Иван Петров', kind: NameKind.AKA, strength: NameStrength.WEAK, script: 'Cyrl' },
  ],
  birthDates: [{ raw: 'circa 1964', fromYear: 1963, toYear: 1965 }],
  placesOfBirth: ['Moscow, Russia'],
  nationalities: ['RU'],
  citizenships: ['RU'],
  addresses: [{ full: 'Moscow, Russia', country: 'RU' }],
  identifiers: [{ type: 'Passport', value: '123456', country: 'Russia', note: 'expires 2030' }],
  programs: ['CYBER2'],
  remarks: 'Secondary sanctions risk.',
  gender: 'Male',
  digitalCurrencyAddresses: [
    { ticker: 'XBT', address: '1BadAddr', canonical: 'raw:1BadAddr', valid: false, chains: [], reason: 'bad checksum' },
  ],
  flags: [EntityFlag.INVALID_ADDRESS],
  entityHash: 'ab'.repeat(32),
};

const hit = {
  source: ListSource.OFAC_SDN,
  entityId: '36530',
  entityHash: 'ab'.repeat(32),
  kind: HitKind.NAME,
  matchedValue: 'Иван Петров',
  queryField: 'customer.full_name',
  queryValue: 'иван петров',
  scoreBp: 9_350,
  features: [{ name: 'dob.match', valueBp: -250, detail: 'listed circa 1964' }],
  programs: ['CYBER2'],
};

/**
 * A populated message of every event type, with 64-bit values beyond what a double holds. Built with
 * fromPartial, as producers build them: ts-proto's encode expects every field present.
 */
const SAMPLES: { [K in keyof typeof EVENT_TYPES]: unknown } = {
  withdrawalSubmission: WithdrawalSubmission.fromPartial({
    idempotencyKey: 'idem-1',
    withdrawalId: 'w-1',
    customer,
    chain: 'eth',
    amount: money,
    destinationAddress: destination.address,
    sourceAddress: '0x0000000000000000000000000000000000000001',
    counterparty: { fullName: 'ACME LLC', type: PartyType.ORGANISATION },
    requestedAt: ts(1_700_000_000n, 123_456_789),
  }),
  withdrawalRequested: WithdrawalRequested.fromPartial({
    idempotencyKey: 'idem-1',
    withdrawalId: 'w-1',
    customer,
    chain: 'eth',
    amount: { ...money, amountMinor: INT64_MAX },
    destination,
    source: { ...destination, valid: false, reason: 'not a checksum address' },
    requestedAt: ts(1_700_000_000n, 1),
    ingestedAt: ts(1_700_000_001n, 999_999_999),
    channel: IngestChannel.KAFKA,
    partitionKey: 'cust-42',
    submissionSha256: 'cd'.repeat(32),
  }),
  sanctionedEntity: SanctionedEntity.fromPartial(entity),
  listSnapshotChunk: ListSnapshotChunk.fromPartial({
    source: ListSource.UN,
    contentHash: 'ef'.repeat(32),
    chunkIndex: 3,
    chunkCount: 7,
    entities: [entity, { ...entity, id: '36531', remarks: undefined }],
  }),
  listVersionManifest: ListVersionManifest.fromPartial({
    source: ListSource.OFAC_SDN,
    versionId: '03/15/2024',
    contentHash: 'ef'.repeat(32),
    previousContentHash: '01'.repeat(32),
    fetchedAt: ts(-1n, 500_000_000),
    sourceUri: 'https://example.org/SDN.CSV',
    files: [{ name: 'SDN.CSV', sizeBytes: 2n ** 64n - 1n, sha256: '02'.repeat(32) }],
    parserVersion: '0.1.0',
    entityCount: 18_000,
    countsByType: [{ type: EntityType.VESSEL, count: 1_200 }],
    addressCount: 700,
    addedCount: 3,
    removedCount: 1,
    changedCount: 2,
    snapshot: { topic: 'cordon.sanctions.snapshots', partition: 2, firstOffset: UNSAFE, chunkCount: 7 },
  }),
  listSourceConfirmation: ListSourceConfirmation.fromPartial({
    source: ListSource.OFAC_SDN,
    contentHash: 'ef'.repeat(32),
    versionId: '03/15/2024',
    confirmedAt: ts(UNSAFE, 999_999_999),
  }),
  listQuarantined: ListQuarantined.fromPartial({
    source: ListSource.EU,
    attemptedContentHash: '03'.repeat(32),
    reason: QuarantineReason.SHRUNK,
    detail: 'entity count fell from 12000 to 4100',
    lastGoodContentHash: '04'.repeat(32),
    lastGoodVersionId: '2024-03-14',
    attemptedAt: ts(1_700_000_000n),
    attemptedEntityCount: 4_100,
    lastGoodEntityCount: 12_000,
  }),
  screeningDecision: ScreeningDecision.fromPartial({
    withdrawalId: 'w-1',
    customerRef: 'cust-42',
    outcome: DecisionOutcome.HOLD,
    hits: [hit],
    reasons: [{ code: 'NAME_ABOVE_HOLD_THRESHOLD', detail: 'score 9350 >= 8500' }],
    pinnedVersions: [{ source: ListSource.OFAC_SDN, contentHash: 'ef'.repeat(32), versionId: '03/15/2024' }],
    policyHash: '05'.repeat(32),
    engineVersion: '1.0.0',
    decisionHash: '06'.repeat(32),
    screenedAt: ts(INT64_MAX, 999_999_999),
    inputSha256: '07'.repeat(32),
  }),
  retroHit: RetroHit.fromPartial({
    withdrawalId: 'w-1',
    customerRef: 'cust-42',
    originalDecisionHash: '06'.repeat(32),
    originalOutcome: DecisionOutcome.ALLOW,
    newVersion: { source: ListSource.UK, contentHash: '08'.repeat(32), versionId: 'v2' },
    hits: [hit, { ...hit, kind: HitKind.ADDRESS, scoreBp: 10_000, features: [] }],
    policyHash: '05'.repeat(32),
    engineVersion: '1.0.0',
    detectedAt: ts(INT64_MIN, 0),
  }),
  lookbackRun: LookbackRun.fromPartial({
    newVersion: { source: ListSource.UK, contentHash: '08'.repeat(32), versionId: 'v2' },
    replacedVersion: { source: ListSource.UK, contentHash: '09'.repeat(32), versionId: 'v1' },
    deltaEntities: 3,
    partitions: [0, 2],
    windowFrom: ts(INT64_MIN, 0),
    windowTo: ts(INT64_MAX, 999_999_999),
    withdrawalsChecked: 4_294_967_295,
    candidates: 2,
    retroHits: 1,
    maxWithdrawals: 100_000,
    maxAgeHours: 720,
    policyHash: '05'.repeat(32),
    engineVersion: '1.0.0',
    detectedAt: ts(INT64_MIN, 0),
    instance: 'screening-0',
    ranAt: ts(INT64_MAX, 1),
  }),
  policyInForce: PolicyInForce.fromPartial({
    policyHash: '05'.repeat(32),
    policyJson: '{"address":{"onHit":"BLOCK"}}',
    engineVersion: '1.0.0',
    publishedAt: ts(INT64_MAX, 1),
    publishedBy: 'screening@host-1',
  }),
  caseEvent: CaseEvent.fromPartial({
    caseId: 'case-9',
    withdrawalId: 'w-1',
    sequence: 2n ** 64n - 1n,
    actor: 'alice',
    actorRole: ActorRole.SUPERVISOR,
    occurredAt: ts(1_700_000_000n),
    slaDueAt: ts(1_700_086_400n),
    prevAuditHash: '09'.repeat(32),
    auditHash: '0a'.repeat(32),
    event: {
      $case: 'resolved',
      value: {
        resolution: CaseResolution.FALSE_POSITIVE,
        action: DispositionAction.RELEASE,
        proposedBy: 'bob',
        approvedBy: 'alice',
        suppressions: [{ customerRef: 'cust-42', source: ListSource.OFAC_SDN, entityId: '36530', entityHash: 'ab' }],
      },
    },
  }),
  disposition: Disposition.fromPartial({
    withdrawalId: 'w-1',
    action: DispositionAction.REJECT,
    caseId: 'case-9',
    decidedBy: 'bob',
    approvedBy: '',
    decidedAt: ts(1_700_000_000n, 42),
    decisionHash: '06'.repeat(32),
  }),
  suppression: Suppression.fromPartial({
    customerRef: 'cust-42',
    source: ListSource.OFAC_SDN,
    entityId: '36530',
    entityHash: 'ab'.repeat(32),
    caseId: 'case-1',
    approvedAt: { seconds: 1_767_000_000n, nanos: 0 },
  }),
  relayCheckpoint: RelayCheckpoint.fromPartial({
    outboxId: 2n ** 60n + 7n,
    writtenAt: { seconds: 1_767_000_000n, nanos: 5 },
  }),
};

// Round trips through the generic interface, as a consumer decoding by header would.
function roundTrip<T>(type: EventType<T>, message: T): unknown {
  return decodeByTypeName(type.typeName, type.codec.encode(message).finish()).message;
}

describe('event registry', () => {
  it.each(Object.entries(EVENT_TYPES))('%s survives encode -> decode unchanged', (name, type) => {
    const sample = SAMPLES[name as keyof typeof SAMPLES];
    expect(roundTrip(type as EventType<unknown>, sample)).toEqual(sample);
  });

  it('registers every type under its fully qualified proto name, once', () => {
    const names = Object.values(EVENT_TYPES).map((t) => t.typeName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^cordon\.[a-z]+\.v1\.[A-Z][A-Za-z]+$/);
    expect(eventTypeFor('cordon.screening.v1.ScreeningDecision')).toBe(EVENT_TYPES.screeningDecision);
  });

  it('keeps the case event oneof as a discriminated union', () => {
    const decoded = decodeByTypeName(
      'cordon.cases.v1.CaseEvent',
      EVENT_TYPES.caseEvent.codec
        .encode({
          ...(SAMPLES.caseEvent as object),
          event: {
            $case: 'opened',
            value: { trigger: CaseTrigger.RETRO_HIT, customerRef: 'c', outcome: 1, decisionHash: 'h', hits: [] },
          },
        } as never)
        .finish(),
    );
    expect(decoded.typeName).toBe('cordon.cases.v1.CaseEvent');
    if (decoded.typeName !== 'cordon.cases.v1.CaseEvent') return;
    expect(decoded.message.event?.$case).toBe('opened');
  });

  it.each([undefined, ''])('rejects a missing type name (%j) as MISSING_TYPE', (name) => {
    expect(() => decodeByTypeName(name, new Uint8Array())).toThrow(
      expect.objectContaining({ reason: DeadLetterReason.MISSING_TYPE, retriable: false }),
    );
  });

  it.each(['cordon.screening.v1.Unknown', 'cordon.common.v1.Money', 'cordon.screening.v1.ScreeningDecision '])(
    'rejects the unregistered type %j as UNKNOWN_TYPE',
    (name) => {
      expect(() => eventTypeFor(name)).toThrow(EventDecodeError);
      expect(() => decodeByTypeName(name, new Uint8Array())).toThrow(
        expect.objectContaining({ reason: DeadLetterReason.UNKNOWN_TYPE }),
      );
    },
  );

  it('rejects bytes that do not decode as MALFORMED', () => {
    // Field 1, length-delimited, claims 255 bytes but none follow.
    const truncated = new Uint8Array([0x0a, 0xff, 0x01]);
    expect(() => decodeByTypeName('cordon.withdrawals.v1.WithdrawalRequested', truncated)).toThrow(
      expect.objectContaining({ reason: DeadLetterReason.MALFORMED }),
    );
  });
});

describe('64-bit fields', () => {
  it('round-trip every int64 amount exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), (minor) => {
        const decoded = Money.decode(Money.encode({ asset: 'BTC', amountDecimal: '', amountMinor: minor }).finish());
        expect(decoded.amountMinor).toBe(minor);
      }),
    );
  });

  it('encode int64 as a two-complement varint (wire format, not a double)', () => {
    // Field 3, varint; -1 as int64 is ten bytes: nine 0xff then 0x01.
    const minusOne = Money.encode({ asset: '', amountDecimal: '', amountMinor: -1n }).finish();
    expect([...minusOne]).toEqual([0x18, ...Array(9).fill(0xff), 0x01]);
    // 2^53 + 1 = 0x20000000000001 in 7-bit groups, least significant first.
    const unsafe = Money.encode({ asset: '', amountDecimal: '', amountMinor: UNSAFE }).finish();
    expect([...unsafe]).toEqual([0x18, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
  });

  it('refuses an amount outside int64 instead of wrapping it', () => {
    expect(() => Money.encode({ asset: '', amountDecimal: '', amountMinor: INT64_MAX + 1n })).toThrow(/too large/);
  });

  it('keeps an unset optional amount distinct from zero', () => {
    const unset = Money.decode(Money.encode({ asset: 'BTC', amountDecimal: '1' }).finish());
    const zero = Money.decode(Money.encode({ asset: 'BTC', amountDecimal: '0', amountMinor: 0n }).finish());
    expect(unset.amountMinor).toBeUndefined();
    expect(zero.amountMinor).toBe(0n);
  });
});

describe('record keys', () => {
  const EXPECTED_KEYS: Record<keyof typeof EVENT_TYPES, string> = {
    withdrawalSubmission: 'idem-1',
    withdrawalRequested: 'cust-42',
    sanctionedEntity: 'ofac-sdn:36530',
    listSnapshotChunk: 'un',
    listVersionManifest: 'ofac-sdn',
    listSourceConfirmation: 'ofac-sdn',
    listQuarantined: 'eu',
    screeningDecision: 'w-1',
    retroHit: 'w-1',
    lookbackRun: '08'.repeat(32),
    policyInForce: '05'.repeat(32),
    caseEvent: 'case-9',
    disposition: 'w-1',
    relayCheckpoint: 'case-management',
    suppression: 'cust-42|ofac-sdn:36530',
  };

  it.each(Object.entries(EXPECTED_KEYS))('key %s records by the topic convention (%s)', (name, expected) => {
    const type = EVENT_TYPES[name as keyof typeof EVENT_TYPES] as EventType<unknown>;
    expect(recordKey(type, SAMPLES[name as keyof typeof SAMPLES])).toBe(expected);
  });

  it('gives a tombstone the same key as the entity it removes', () => {
    expect(sanctionsEntityKey(ListSource.UK_OFSI, 'RUS0001')).toBe('uk-ofsi:RUS0001');
  });

  it('refuses an empty key rather than pile records onto one partition', () => {
    expect(() =>
      recordKey(EVENT_TYPES.withdrawalRequested, EVENT_TYPES.withdrawalRequested.codec.decode(new Uint8Array())),
    ).toThrow(/empty record key/);
  });
});
