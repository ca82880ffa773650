import type { Violations } from './violations.js';

/** The earliest year of birth accepted: anyone born before it would be well over 120. */
export const EARLIEST_BIRTH_YEAR = 1900;

const DOB_FORMAT = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/;

/** The calendar date (UTC) of `millis`, as "YYYY-MM-DD". */
export function utcDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * Checks a date of birth: "YYYY-MM-DD" or "YYYY", a real calendar date, not before
 * {@link EARLIEST_BIRTH_YEAR} and not after `today` ("YYYY-MM-DD", the ingest clock's UTC date). Empty means
 * unknown and passes. Returns the date when it passes.
 */
export function checkDateOfBirth(
  value: string,
  today: string,
  field: string,
  violations: Violations,
): string | undefined {
  if (value === '') return undefined;
  const match = DOB_FORMAT.exec(value);
  if (!match) {
    violations.add(field, 'BAD_DATE_FORMAT', `${field} must be YYYY-MM-DD or YYYY`);
    return undefined;
  }
  const year = Number(match[1]);
  if (match[2] !== undefined) {
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      violations.add(field, 'INVALID_DATE', `${field} is not a calendar date`);
      return undefined;
    }
  }
  if (year < EARLIEST_BIRTH_YEAR) {
    violations.add(field, 'DATE_TOO_EARLY', `${field} is before ${EARLIEST_BIRTH_YEAR}`);
    return undefined;
  }
  // Fixed-width ISO dates compare correctly as strings; a bare year compares against today's year.
  const future = match[2] === undefined ? value > today.slice(0, 4) : value > today;
  if (future) {
    violations.add(field, 'DATE_IN_FUTURE', `${field} is in the future`);
    return undefined;
  }
  return value;
}
