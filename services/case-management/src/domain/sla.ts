/**
 * When a case is due. OFAC expects reports of blocked property and of rejected transactions within 10 business
 * days (31 CFR 501.603, 501.604); reviews of held withdrawals are the exchange's own policy, in business hours.
 * Business days are Monday to Friday except US federal holidays (observed dates: a Saturday holiday moves to
 * Friday, a Sunday one to Monday) plus any extra closed dates the deployment lists. Days are counted in UTC.
 */

/** The SLA policy. */
export interface SlaPolicy {
  /** Business hours to review a held withdrawal (HOLD decisions and retro-hits). */
  holdReviewBusinessHours: number;
  /** Business days to resolve a BLOCK case: the report of blocked property is due within 10. */
  blockBusinessDays: number;
  /** Extra closed dates, `YYYY-MM-DD`. */
  extraHolidays: readonly string[];
}

export const DEFAULT_SLA: SlaPolicy = Object.freeze({
  holdReviewBusinessHours: 24,
  blockBusinessDays: 10,
  extraHolidays: Object.freeze([]) as readonly string[],
});

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The US federal holidays of `year` on their observed dates, `YYYY-MM-DD`. */
export function usFederalHolidays(year: number): string[] {
  const fixed = (month: number, day: number) => observed(Date.UTC(year, month - 1, day));
  const nth = (month: number, weekday: number, n: number) => {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return Date.UTC(year, month - 1, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
  };
  const last = (month: number, weekday: number) => {
    const end = Date.UTC(year, month, 0);
    return end - ((new Date(end).getUTCDay() - weekday + 7) % 7) * DAY;
  };
  return [
    fixed(1, 1),
    nth(1, 1, 3), // Birthday of Martin Luther King, Jr.
    nth(2, 1, 3), // Washington's Birthday
    last(5, 1), // Memorial Day
    fixed(6, 19), // Juneteenth
    fixed(7, 4),
    nth(9, 1, 1), // Labor Day
    nth(10, 1, 2), // Columbus Day
    fixed(11, 11), // Veterans Day
    nth(11, 4, 4), // Thanksgiving
    fixed(12, 25),
  ].map(isoDay);
}

function observed(millis: number): number {
  const weekday = new Date(millis).getUTCDay();
  return weekday === 6 ? millis - DAY : weekday === 0 ? millis + DAY : millis;
}

const isoDay = (millis: number) => new Date(millis).toISOString().slice(0, 10);

/** A business calendar: which UTC days count. */
export class BusinessCalendar {
  private readonly closed = new Map<number, Set<string>>();

  constructor(private readonly extra: readonly string[] = []) {}

  /** True when the UTC day containing `millis` is a business day. */
  isBusinessDay(millis: number): boolean {
    const weekday = new Date(millis).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    const day = isoDay(millis);
    return !this.holidays(new Date(millis).getUTCFullYear()).has(day);
  }

  /** `from` plus `hours` counted on business days only (time on closed days does not run). */
  addBusinessHours(from: number, hours: number): number {
    let remaining = hours * HOUR;
    let at = from;
    for (;;) {
      const dayEnd = Math.floor(at / DAY) * DAY + DAY;
      if (this.isBusinessDay(at)) {
        if (at + remaining <= dayEnd) return at + remaining;
        remaining -= dayEnd - at;
      }
      at = dayEnd;
    }
  }

  /** The end of the `days`-th business day after the day of `from` (the day of `from` itself not counted). */
  addBusinessDays(from: number, days: number): number {
    let at = Math.floor(from / DAY) * DAY;
    let counted = 0;
    while (counted < days) {
      at += DAY;
      if (this.isBusinessDay(at)) counted += 1;
    }
    return at + DAY - 1;
  }

  private holidays(year: number): Set<string> {
    let set = this.closed.get(year);
    if (!set) {
      set = new Set([...usFederalHolidays(year), ...this.extra.filter((d) => d.startsWith(`${year}-`))]);
      this.closed.set(year, set);
    }
    return set;
  }
}

/** What a case's due time is computed for. */
export type SlaClass = 'hold-review' | 'block-report';

/** The due time of a case of `kind` opened at `openedAt`. */
export function dueAt(policy: SlaPolicy, calendar: BusinessCalendar, kind: SlaClass, openedAt: number): number {
  return kind === 'block-report'
    ? calendar.addBusinessDays(openedAt, policy.blockBusinessDays)
    : calendar.addBusinessHours(openedAt, policy.holdReviewBusinessHours);
}
