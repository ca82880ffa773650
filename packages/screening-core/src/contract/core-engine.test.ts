import { describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  HitKind,
  ListSource,
  PartyType,
  timestampFromMillis,
  WithdrawalRequested,
  type Party,
} from '@cordon/contracts';
import { entityHash } from '@cordon/lists';
import { DEFAULT_POLICY, ENGINE_VERSION, parsePolicy, policyHash } from '../index.js';
import { sha256Hex } from './decision.js';
import { coreEngine } from './core-engine.js';
import { person, versionOf } from './test-lists.js';

const LISTED = '0x8589427373D6D84E98730D7795D8f6f8731FDA16';
const lazarus = person('1001', 'PETROV, Ivan Sergeyevich', {
  addresses: [LISTED],
  dob: '1971-03-02',
  programs: ['DPRK3'],
});
const other = person('1002', 'AL-ZAHRANI, Khalid');
const sdn = versionOf([lazarus, other], '12/28/2023');
const un = versionOf([{ ...person('UN-7', 'KIM, Chol Su'), source: 'un' }], 'UN-2026', ListSource.UN);
const engine = coreEngine();
const snapshot = engine.buildSnapshot([un, sdn]);
const EPOCH = { seconds: 0n, nanos: 0 };
const HOUR = 3_600_000;

function withdrawal(fields: {
  address?: string;
  ticker?: string;
  customer?: Partial<Party>;
  counterparty?: Partial<Party>;
}) {
  return WithdrawalRequested.fromPartial({
    withdrawalId: 'w-1',
    customer: { customerRef: 'c-1', fullName: 'Emma Johansson', ...fields.customer },
    chain: 'eth',
    amount: { asset: fields.ticker ?? 'ETH' },
    destination: {
      ticker: fields.ticker ?? 'ETH',
      address: fields.address ?? '0x1111111111111111111111111111111111111111',
    },
    ...(fields.counterparty ? { counterparty: fields.counterparty } : {}),
  });
}

describe('the engine over the screening core', () => {
  it('blocks a withdrawal to a listed address in any casing, citing the exact entity version', () => {
    for (const address of [LISTED, LISTED.toLowerCase(), LISTED.toUpperCase().replace('0X', '0x')]) {
      const body = engine.screenWithdrawal(withdrawal({ address, ticker: 'USDT' }), snapshot);
      expect(body.outcome).toBe(DecisionOutcome.BLOCK);
      expect(body.hits).toHaveLength(1);
      const [hit] = body.hits;
      expect(hit).toMatchObject({
        source: ListSource.OFAC_SDN,
        entityId: '1001',
        entityHash: entityHash(lazarus),
        kind: HitKind.ADDRESS,
        matchedValue: `evm:${LISTED.toLowerCase()}`,
        queryField: 'destination.canonical',
        queryValue: address,
        scoreBp: 10_000,
        programs: ['DPRK3'],
      });
      expect(body.reasons.map((r) => r.code)).toEqual(['ADDRESS_EXACT_MATCH']);
    }
  });

  it('allows an ordinary withdrawal and pins every list version, ordered by source', () => {
    const body = engine.screenWithdrawal(withdrawal({}), snapshot);
    expect(body.outcome).toBe(DecisionOutcome.ALLOW);
    expect(body.hits).toEqual([]);
    expect(body.reasons).toEqual([{ code: 'NO_HIT', detail: 'no hits' }]);
    expect(body.pinnedVersions).toEqual([
      { source: ListSource.OFAC_SDN, contentHash: sdn.contentHash, versionId: '12/28/2023', confirmedAt: EPOCH },
      { source: ListSource.UN, contentHash: un.contentHash, versionId: 'UN-2026', confirmedAt: EPOCH },
    ]);
    expect(body.policyHash).toBe(policyHash(DEFAULT_POLICY));
    expect(body.engineVersion).toBe(ENGINE_VERSION);
  });

  it('holds a customer resident in a comprehensively sanctioned region, and one with a second sanctioned nationality', () => {
    const crimea = engine.screenWithdrawal(withdrawal({ customer: { countryOfResidence: 'UA-43' } }), snapshot);
    expect(crimea.outcome).toBe(DecisionOutcome.HOLD);
    expect(crimea.hits.map((h) => [h.kind, h.source, h.queryField, h.queryValue])).toEqual([
      [HitKind.JURISDICTION, ListSource.UNSPECIFIED, 'customer.country_of_residence', 'UA-43'],
    ]);
    expect(crimea.reasons.map((r) => r.code)).toEqual(['JURISDICTION_COMPREHENSIVE']);
    const dual = engine.screenWithdrawal(withdrawal({ customer: { nationalities: ['SE', 'IR'] } }), snapshot);
    expect(dual.outcome).toBe(DecisionOutcome.HOLD);
    expect(dual.hits.map((h) => [h.queryField, h.matchedValue])).toEqual([['customer.nationalities[1]', 'IR']]);
  });

  it('screens the customer name, written in Cyrillic, and the counterparty, naming the field that matched', () => {
    const customer = engine.screenWithdrawal(withdrawal({ customer: { fullName: 'Иван Сергеевич Петров' } }), snapshot);
    expect(customer.outcome).toBe(DecisionOutcome.HOLD);
    expect(customer.hits[0]).toMatchObject({ kind: HitKind.NAME, entityId: '1001', queryField: 'customer.full_name' });
    expect(customer.hits[0]!.features.map((f) => f.name)).toContain('name.nameScore');
    const counterparty = engine.screenWithdrawal(
      withdrawal({ counterparty: { otherNames: ['Khalid al Zahrani'] } }),
      snapshot,
    );
    expect(counterparty.hits.map((h) => [h.entityId, h.queryField])).toEqual([['1002', 'counterparty.other_names[0]']]);
    expect(counterparty.outcome).toBe(DecisionOutcome.HOLD);
  });

  it("takes the party's type from the contract: a person is never held against a listed vessel", () => {
    const ship = { ...person('1003', 'NORTHERN STAR'), type: 'vessel' as const };
    const ships = engine.buildSnapshot([versionOf([lazarus, ship], '12/28/2023')]);
    const as = (type: PartyType) =>
      engine.screenWithdrawal(withdrawal({ customer: { fullName: 'Northern Star', type } }), ships);
    expect(as(PartyType.INDIVIDUAL).outcome).toBe(DecisionOutcome.ALLOW);
    expect(as(PartyType.ORGANISATION).hits.map((h) => h.entityId)).toEqual(['1003']);
    expect(as(PartyType.UNSPECIFIED).hits.map((h) => h.entityId)).toEqual(['1003']);
    // A listed person is still found for a person.
    const petrov = engine.screenWithdrawal(
      withdrawal({ customer: { fullName: 'Ivan Sergeyevich Petrov', type: PartyType.INDIVIDUAL } }),
      ships,
    );
    expect(petrov.hits.map((h) => h.entityId)).toEqual(['1001']);
  });

  it('answers pre-checks with the same model', () => {
    const address = engine.screenAddress({ ticker: '', address: LISTED.toLowerCase() }, snapshot);
    expect(address.outcome).toBe(DecisionOutcome.BLOCK);
    expect(address.hits[0]?.queryField).toBe('address');
    const party = engine.screenParty({ ...withdrawal({}).customer!, fullName: 'Kim Chol Su' }, snapshot);
    expect(party.hits.map((h) => [h.source, h.entityId, h.queryField])).toEqual([
      [ListSource.UN, 'UN-7', 'party.full_name'],
    ]);
  });

  it('is deterministic: two snapshots of the same versions give equal bodies', () => {
    const again = engine.buildSnapshot([sdn, un]);
    const w = withdrawal({ address: LISTED, customer: { fullName: 'Ivan Petrov', countryOfResidence: 'UA-43' } });
    expect(engine.screenWithdrawal(w, again)).toStrictEqual(engine.screenWithdrawal(w, snapshot));
  });

  describe('list age', () => {
    const fetchedAt = Date.UTC(2026, 11, 1, 0, 0, 0);
    const fetched = { ...sdn, manifest: { ...sdn.manifest, fetchedAt: timestampFromMillis(fetchedAt) } };
    const fresh = engine.buildSnapshot([fetched]);

    it('holds an otherwise clear withdrawal once the list in force is older than the policy allows, naming it', () => {
      const confirmations = new Map();
      const within = engine.screenWithdrawal(withdrawal({}), fresh, { atMillis: fetchedAt + 47 * HOUR, confirmations });
      expect(within.outcome).toBe(DecisionOutcome.ALLOW);
      expect(within.pinnedVersions[0]?.confirmedAt).toEqual(timestampFromMillis(fetchedAt));
      const late = engine.screenWithdrawal(withdrawal({}), fresh, { atMillis: fetchedAt + 49 * HOUR, confirmations });
      expect(late.outcome).toBe(DecisionOutcome.HOLD);
      expect(late.reasons.map((r) => r.code)).toEqual(['LIST_STALE']);
      expect(late.reasons[0]?.detail).toMatch(
        /^ofac-sdn version 12\/28\/2023 was last confirmed current at 2026-12-01T00:00:00.000Z, 49.0 h/,
      );
    });

    it('counts a later confirmation of the same version, and ignores one of another version', () => {
      const at = fetchedAt + 60 * HOUR;
      const same = new Map([[ListSource.OFAC_SDN, { contentHash: sdn.contentHash, atMillis: fetchedAt + 40 * HOUR }]]);
      const confirmed = engine.screenWithdrawal(withdrawal({}), fresh, { atMillis: at, confirmations: same });
      expect(confirmed.outcome).toBe(DecisionOutcome.ALLOW);
      expect(confirmed.pinnedVersions[0]?.confirmedAt).toEqual(timestampFromMillis(fetchedAt + 40 * HOUR));
      // list-sync confirmed a version screening does not hold (refused, or not arrived): no evidence for this one.
      const other = new Map([[ListSource.OFAC_SDN, { contentHash: 'f'.repeat(64), atMillis: at }]]);
      expect(engine.screenWithdrawal(withdrawal({}), fresh, { atMillis: at, confirmations: other }).outcome).toBe(
        DecisionOutcome.HOLD,
      );
    });

    it('never lowers a BLOCK, and keeps the hit reasons before the list-age reason', () => {
      const body = engine.screenWithdrawal(withdrawal({ address: LISTED }), fresh, {
        atMillis: fetchedAt + 100 * HOUR,
        confirmations: new Map(),
      });
      expect(body.outcome).toBe(DecisionOutcome.BLOCK);
      expect(body.reasons.map((r) => r.code)).toEqual(['ADDRESS_EXACT_MATCH', 'LIST_STALE']);
    });
  });
});

describe('the published policy', () => {
  it('is the canonical JSON the policy hash is taken of, and reads back as the same policy', () => {
    const policy = parsePolicy({ name: { holdAt: 0.8, blockAt: 0.95 } });
    const engine = coreEngine(policy);
    expect(sha256Hex(new TextEncoder().encode(engine.policyJson))).toBe(engine.policyHash);
    expect(policyHash(parsePolicy(JSON.parse(engine.policyJson)))).toBe(engine.policyHash);
    expect(engine.policyHash).not.toBe(coreEngine().policyHash);
  });
});
