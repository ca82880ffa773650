import { describe, expect, it } from 'vitest';
import { BusinessCalendar, DEFAULT_SLA, dueAt, usFederalHolidays } from './sla.js';

const at = (iso: string) => Date.parse(iso);
const iso = (millis: number) => new Date(millis).toISOString();

describe('US federal holidays', () => {
  it('gives the observed dates of 2026 (Independence Day on a Saturday is observed on Friday the 3rd)', () => {
    expect(usFederalHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('moves a Sunday holiday to Monday (New Year 2023)', () => {
    expect(usFederalHolidays(2023)[0]).toBe('2023-01-02');
  });
});

describe('business calendar', () => {
  const calendar = new BusinessCalendar(['2026-12-24']);

  it('counts business hours across a weekend: Friday 20:00 + 24 h is Monday 20:00', () => {
    expect(iso(calendar.addBusinessHours(at('2026-12-04T20:00:00Z'), 24))).toBe('2026-12-07T20:00:00.000Z');
  });

  it('skips federal holidays and the deployment’s own closed dates', () => {
    // Wednesday 23rd + 24 h: the 24th (closed) and 25th (Christmas) do not count, nor the weekend.
    expect(iso(calendar.addBusinessHours(at('2026-12-23T12:00:00Z'), 24))).toBe('2026-12-28T12:00:00.000Z');
  });

  it('puts the blocked-property report due at the end of the 10th business day after blocking', () => {
    // Blocked Tuesday 17 November 2026; Thanksgiving (26th) does not count: due Wednesday 2 December.
    expect(iso(dueAt(DEFAULT_SLA, new BusinessCalendar(), 'block-report', at('2026-11-17T15:00:00Z')))).toBe(
      '2026-12-02T23:59:59.999Z',
    );
  });
});
