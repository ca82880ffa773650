import { describe, expect, it } from 'vitest';
import { HitKind, ListSource, ScreeningDecision, suppressionKey, type Suppression } from '@cordon/contracts';
import { SuppressionTable, suppressionProblem, suppressionsOfDecision } from './suppressions.js';

const s = (customerRef: string, entityId: string, entityHash = 'a'.repeat(64), caseId = 'case-1'): Suppression => ({
  customerRef,
  source: ListSource.OFAC_SDN,
  entityId,
  entityHash,
  caseId,
  approvedAt: undefined,
});
const key = (x: Suppression) => suppressionKey(x.customerRef, x.source, x.entityId);

describe('SuppressionTable', () => {
  it('keeps the latest suppression per key, by customer, and removes on a tombstone', () => {
    const table = new SuppressionTable();
    const first = s('c1', '100');
    table.apply(key(first), first);
    table.apply(key(s('c1', '200')), s('c1', '200'));
    table.apply(key(s('c2', '100')), s('c2', '100'));
    expect(table.size).toBe(3);
    expect(table.forCustomer('c1').map((x) => x.entityId)).toEqual(['100', '200']);
    const list = table.forCustomer('c1');
    expect(table.forCustomer('c1')).toBe(list);
    const newer = s('c1', '100', 'b'.repeat(64), 'case-2');
    table.apply(key(newer), newer);
    expect(table.size).toBe(3);
    expect(table.forCustomer('c1').find((x) => x.entityId === '100')).toMatchObject({ caseId: 'case-2' });
    table.apply(key(first), null);
    table.apply(key(s('c1', '200')), null);
    expect(table.forCustomer('c1')).toEqual([]);
    expect(table.forCustomer('c2')).toHaveLength(1);
    expect(table.forCustomer('nobody')).toEqual([]);
  });

  it('names what is wrong with a record', () => {
    expect(suppressionProblem(key(s('c1', '1')), s('c1', '1'))).toBeUndefined();
    expect(suppressionProblem('other|ofac-sdn:1', s('c1', '1'))).toMatch(/record key/);
    expect(suppressionProblem(undefined, s('', '1'))).toMatch(/customer_ref/);
    expect(suppressionProblem(undefined, s('c1', '1', ''))).toMatch(/entity_hash/);
  });
});

describe('suppressionsOfDecision', () => {
  it('gives the suppressed hits of a decision, never a jurisdiction hit', () => {
    const decision = ScreeningDecision.fromPartial({
      hits: [
        {
          source: ListSource.OFAC_SDN,
          entityId: '1',
          entityHash: 'h1',
          kind: HitKind.ADDRESS,
          suppressed: true,
          suppressedByCase: 'c-1',
        },
        {
          source: ListSource.OFAC_SDN,
          entityId: '1',
          entityHash: 'h1',
          kind: HitKind.NAME,
          suppressed: true,
          suppressedByCase: 'c-1',
        },
        { source: ListSource.OFAC_SDN, entityId: '2', entityHash: 'h2', kind: HitKind.NAME },
        { entityId: 'IR', kind: HitKind.JURISDICTION, suppressed: true, suppressedByCase: 'c-9' },
      ],
    });
    expect(suppressionsOfDecision(decision)).toEqual([
      { source: ListSource.OFAC_SDN, entityId: '1', entityHash: 'h1', caseId: 'c-1' },
    ]);
  });
});
