import { describe, expect, it } from 'vitest';
import { age, dispositionText, duration, label, score, slaTag, sortCases } from './format';

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('console formatting', () => {
  it('tags the SLA with the time left or how late', () => {
    expect(slaTag('2026-12-03T15:00:00Z', NOW)).toEqual({ text: '3 h left', late: false });
    expect(slaTag('2026-12-01T12:00:00Z', NOW)).toEqual({ text: '2 d late', late: true });
    expect(slaTag('2026-12-03T12:20:00Z', NOW)).toEqual({ text: '20 min left', late: false });
    expect(slaTag('2026-12-01T12:00:00Z', NOW, true)).toEqual({ text: 'done', late: false });
    expect(slaTag(undefined, NOW).text).toBe('no SLA');
  });

  it('reads durations in the largest unit that reads well', () => {
    expect(duration(30_000)).toBe('1 min');
    expect(duration(47 * 3_600_000)).toBe('47 h');
    expect(duration(49 * 3_600_000)).toBe('2 d');
    expect(age('2026-12-03T09:00:00Z', NOW)).toBe('3 h');
  });

  it('labels enums in words', () => {
    expect(label('CASE_STATUS_PENDING_APPROVAL')).toBe('pending approval');
    expect(label('LIST_SOURCE_OFAC_SDN')).toBe('ofac-sdn');
    expect(label(undefined)).toBe('');
    expect(dispositionText('DISPOSITION_ACTION_RELEASE')).toBe('RELEASED');
    expect(score(9300)).toBe('0.93');
  });

  it('sorts cases by a key, stably', () => {
    const cases = [
      { id: 'a', status: 'CASE_STATUS_ASSIGNED', slaDueAt: '2026-12-04T00:00:00Z', openedAt: '2026-12-01T00:00:00Z' },
      { id: 'b', status: 'CASE_STATUS_OPEN', slaDueAt: '2026-12-03T00:00:00Z', openedAt: '2026-12-02T00:00:00Z' },
      { id: 'c', status: 'CASE_STATUS_OPEN', slaDueAt: '2026-12-05T00:00:00Z', openedAt: '2026-11-30T00:00:00Z' },
    ];
    expect(sortCases(cases, 'due').map((c) => c.id)).toEqual(['b', 'a', 'c']);
    expect(sortCases(cases, 'status').map((c) => c.id)).toEqual(['b', 'c', 'a']);
    expect(sortCases(cases, 'age').map((c) => c.id)).toEqual(['c', 'a', 'b']);
    expect(sortCases(cases, 'due', true).map((c) => c.id)).toEqual(['c', 'a', 'b']);
  });
});
