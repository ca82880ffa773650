// Pure formatting for the console: enum labels, ages and SLA tags. No DOM here, so it is unit-tested in Node.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A duration in the largest whole unit that reads well: "45 min", "3 h", "2 d". */
export function duration(millis: number): string {
  const abs = Math.abs(millis);
  if (abs < HOUR) return `${Math.max(1, Math.floor(abs / 60_000))} min`;
  if (abs < 2 * DAY) return `${Math.floor(abs / HOUR)} h`;
  return `${Math.floor(abs / DAY)} d`;
}

/** The SLA tag of a case: "3 h left", "2 d late", or "done" once resolved. */
export function slaTag(dueAt: string | undefined, now: number, resolved = false): { text: string; late: boolean } {
  if (resolved) return { text: 'done', late: false };
  if (!dueAt) return { text: 'no SLA', late: false };
  const left = Date.parse(dueAt) - now;
  return left >= 0 ? { text: `${duration(left)} left`, late: false } : { text: `${duration(-left)} late`, late: true };
}

/** How long ago `at` was: "3 h". */
export function age(at: string | undefined, now: number): string {
  return at ? duration(now - Date.parse(at)) : '';
}

const PREFIXES = [
  'CASE_STATUS_',
  'CASE_TRIGGER_',
  'DECISION_OUTCOME_',
  'CASE_RESOLUTION_',
  'DISPOSITION_ACTION_',
  'LIST_SOURCE_',
  'HIT_KIND_',
  'ACTOR_ROLE_',
  'ENTITY_TYPE_',
  'NAME_KIND_',
  'NAME_STRENGTH_',
  'PARTY_TYPE_',
];

/** An enum name without its prefix, in words: "CASE_STATUS_PENDING_APPROVAL" -> "pending approval". */
export function label(value: string | undefined): string {
  if (!value) return '';
  const prefix = PREFIXES.find((p) => value.startsWith(p));
  const bare = prefix ? value.slice(prefix.length) : value;
  if (prefix === 'LIST_SOURCE_') return bare.toLowerCase().replace(/_/g, '-');
  return bare.toLowerCase().replace(/_/g, ' ');
}

/** What a disposition means for the withdrawal, as the case page says it. */
export function dispositionText(action: string | undefined): string {
  switch (action) {
    case 'DISPOSITION_ACTION_RELEASE':
      return 'RELEASED';
    case 'DISPOSITION_ACTION_BLOCK':
      return 'BLOCKED (blocked property)';
    case 'DISPOSITION_ACTION_REJECT':
      return 'REJECTED';
    default:
      return '';
  }
}

/** A score in basis points as a decimal: 9300 -> "0.93". */
export function score(bp: number | undefined): string {
  return ((bp ?? 0) / 10_000).toFixed(2);
}

/** A hash shortened for tables (the full one stays in the title and the detail view). */
export function short(hash: string | undefined, length = 12): string {
  return hash ? hash.slice(0, length) : '';
}

/** A timestamp as UTC text: "2026-12-03 19:03 UTC". */
export function utc(at: string | undefined): string {
  if (!at) return '';
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export type SortKey = 'due' | 'age' | 'status' | 'outcome' | 'assignee';

const STATUS_ORDER = [
  'CASE_STATUS_OPEN',
  'CASE_STATUS_ASSIGNED',
  'CASE_STATUS_PENDING_APPROVAL',
  'CASE_STATUS_RESOLVED',
];
const OUTCOME_ORDER = ['DECISION_OUTCOME_BLOCK', 'DECISION_OUTCOME_HOLD', 'DECISION_OUTCOME_ALLOW'];

/** Sorts cases by `key` (stable; ties keep the server's order, earliest due first). */
export function sortCases<
  T extends { slaDueAt?: string; openedAt?: string; status?: string; outcome?: string; assignee?: string },
>(cases: T[], key: SortKey, descending = false): T[] {
  const value = (c: T): number | string => {
    switch (key) {
      case 'due':
        return c.slaDueAt ? Date.parse(c.slaDueAt) : Number.MAX_SAFE_INTEGER;
      case 'age':
        return c.openedAt ? Date.parse(c.openedAt) : Number.MAX_SAFE_INTEGER;
      case 'status':
        return STATUS_ORDER.indexOf(c.status ?? '');
      case 'outcome':
        return OUTCOME_ORDER.indexOf(c.outcome ?? '');
      case 'assignee':
        return c.assignee ?? '';
    }
  };
  const sorted = cases
    .map((c, index) => ({ c, index, v: value(c) }))
    .sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.index - b.index));
  if (descending) sorted.reverse();
  return sorted.map((entry) => entry.c);
}
