/** Dates of birth as the lists publish them -> the model's BirthDate. Pure. */
import type { BirthDate } from './model.js';
import { collapseWhitespace } from './text.js';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** A single point in time at the precision the publisher gave: year, year-month or full date. */
interface DatePoint {
  year: number;
  month?: number;
  day?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function formatPoint(p: DatePoint): string {
  if (p.month === undefined) return String(p.year);
  if (p.day === undefined) return `${p.year}-${pad(p.month)}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

function validPoint(year: number, month?: number, day?: number): DatePoint | undefined {
  if (year < 1000 || year > 2999) return undefined;
  if (month === undefined) return { year };
  if (month < 1 || month > 12) return undefined;
  if (day === undefined) return { year, month };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth ? { year, month, day } : undefined;
}

function monthOf(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

// Each pattern reads one written form of a single date; unknown parts (00, dd, mm) lower the precision.
function parsePoint(text: string): DatePoint | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/u.exec(text))) return validPoint(Number(m[1]));
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text))) return validPoint(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = /^(\d{4})-(\d{2})$/u.exec(text))) return validPoint(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$/u.exec(text))) {
    const month = monthOf(m[2]!);
    return month === undefined ? undefined : validPoint(Number(m[3]), month, Number(m[1]));
  }
  if ((m = /^([A-Za-z]{3,9})\.? (\d{4})$/u.exec(text))) {
    const month = monthOf(m[1]!);
    return month === undefined ? undefined : validPoint(Number(m[2]), month);
  }
  // Day-first numeric dates (UK, EU): 12/05/1958, 00/00/1980, dd/mm/1945, 12.05.1958.
  if ((m = /^(\d{2}|dd)[/.](\d{2}|mm)[/.](\d{4})$/iu.exec(text))) {
    const month = /^\d+$/u.test(m[2]!) && m[2] !== '00' ? Number(m[2]) : undefined;
    const day = month !== undefined && /^\d+$/u.test(m[1]!) && m[1] !== '00' ? Number(m[1]) : undefined;
    return validPoint(Number(m[3]), month, day);
  }
  return undefined;
}

/**
 * Reads one published date of birth: "15 Jan 1964", "Jan 1964", "1964", "circa 1964", "1960 to 1962",
 * "01 Jan 1960 to 31 Dec 1962", "circa 1955-1958", "1964-07-17", "12/05/1958", "dd/mm/1945", "00/00/1980".
 * `raw` is always the published text; `date` is set for a single date, `fromYear`/`toYear` for ranges and for
 * "circa" (which OFAC and the UN use for plus or minus one year).
 */
export function parseBirthDate(published: string): BirthDate {
  const raw = collapseWhitespace(published).replace(/\.$/u, '');
  const circa = /^(circa|approximately|approx\.?|about|c\.)\s+/iu.exec(raw);
  const body = circa ? raw.slice(circa[0].length) : raw;
  const range = /^(?:between\s+)?(.+?)\s*(?:\bto\b|\band\b|-|–)\s*(.+)$/iu.exec(body);
  if (range && !/^\d{4}-\d{2}(-\d{2})?$/u.test(body)) {
    const from = parsePoint(range[1]!);
    const to = parsePoint(range[2]!);
    if (from && to && from.year <= to.year) {
      return circa
        ? { raw, fromYear: from.year - 1, toYear: to.year + 1 }
        : { raw, fromYear: from.year, toYear: to.year };
    }
  }
  const point = parsePoint(body);
  if (!point) return { raw };
  if (circa) return { raw, date: formatPoint(point), fromYear: point.year - 1, toYear: point.year + 1 };
  return { raw, date: formatPoint(point) };
}
