/**
 * Date of birth and nationality as evidence for or against a name match. A name alone says "maybe"; a matching
 * date pulls the score up, a clearly different birth year pulls it down, and missing data changes nothing.
 */
import { OFFICES } from './vocabulary.js';

/** A listed date of birth: a date (YYYY-MM-DD, YYYY-MM or YYYY) and/or an inclusive year range. */
export interface ListedBirthDate {
  date?: string;
  fromYear?: number;
  toYear?: number;
}

/** How a query's date of birth compares with the listed ones. */
export type DobEvidence = 'exact' | 'year' | 'mismatch' | 'unknown';

/** How a query's nationality compares with the listed nationalities and citizenships. */
export type NationalityEvidence = 'match' | 'mismatch' | 'unknown';

// Published years are often approximate by a year even when not marked "circa".
const YEAR_TOLERANCE = 1;
const DOB_EXACT_PULL = 0.4;
const DOB_YEAR_PULL = 0.15;
const DOB_MISMATCH_FACTOR = 0.75;
const NATIONALITY_PULL = 0.1;
const NATIONALITY_MISMATCH_FACTOR = 0.92;

/**
 * The least share of its distance to 1 that evidence leaves a score: `corroborate(s, ...) <= 1 - (1 - s) * this`.
 * Lets a search skip names that even an exact date of birth and nationality could not lift to its threshold.
 */
export const STRONGEST_EVIDENCE_KEEP = (1 - DOB_EXACT_PULL) * (1 - NATIONALITY_PULL);

const QUERY_DOB = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/;

function yearRange(listed: ListedBirthDate): [number, number] | undefined {
  const year = listed.date ? Number(listed.date.slice(0, 4)) : undefined;
  const from = listed.fromYear ?? year;
  const to = listed.toYear ?? year ?? from;
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  return [Math.min(from, to), Math.max(from, to)];
}

function compareOne(queryDate: string | undefined, queryYear: number, listed: ListedBirthDate): DobEvidence {
  const range = yearRange(listed);
  if (!range) return 'unknown';
  const [from, to] = range;
  if (queryYear < from - YEAR_TOLERANCE || queryYear > to + YEAR_TOLERANCE) return 'mismatch';
  if (queryDate === undefined || listed.date?.length !== 10) return 'year';
  // Two full dates in the same year but on different days neither confirm nor clearly contradict each other.
  return listed.date === queryDate ? 'exact' : 'unknown';
}

const DOB_RANK: Record<DobEvidence, number> = { exact: 3, year: 2, mismatch: 1, unknown: 0 };

/** Compares a query date of birth (YYYY-MM-DD or YYYY) with the listed ones; the best agreement wins. */
export function compareDob(queryDob: string | undefined, listed: readonly ListedBirthDate[] | undefined): DobEvidence {
  const parsed = queryDob ? QUERY_DOB.exec(queryDob) : null;
  if (!parsed || !listed || listed.length === 0) return 'unknown';
  const queryYear = Number(parsed[1]);
  const queryDate = parsed[2] !== undefined ? queryDob : undefined;
  let best: DobEvidence = 'unknown';
  for (const entry of listed) {
    const evidence = compareOne(queryDate, queryYear, entry);
    if (DOB_RANK[evidence] > DOB_RANK[best]) best = evidence;
  }
  return best;
}

/**
 * Compares a query nationality (ISO 3166 alpha-2) with the listed ones. Listed values that are not two-letter
 * codes (a country name the parser could not map) are ignored rather than counted as a mismatch.
 */
export function compareNationality(
  query: string | undefined,
  listed: readonly string[] | undefined,
): NationalityEvidence {
  if (!query || !listed) return 'unknown';
  const codes = listed.filter((value) => /^[A-Za-z]{2}$/.test(value)).map((value) => value.toUpperCase());
  if (codes.length === 0) return 'unknown';
  return codes.includes(query.toUpperCase()) ? 'match' : 'mismatch';
}

/** Applies date-of-birth and nationality evidence to a name score; the result stays in [0,1]. */
export function corroborate(score: number, dob: DobEvidence, nationality: NationalityEvidence): number {
  let out = score;
  if (dob === 'exact') out += (1 - out) * DOB_EXACT_PULL;
  else if (dob === 'year') out += (1 - out) * DOB_YEAR_PULL;
  else if (dob === 'mismatch') out *= DOB_MISMATCH_FACTOR;
  if (nationality === 'match') out += (1 - out) * NATIONALITY_PULL;
  else if (nationality === 'mismatch') out *= NATIONALITY_MISMATCH_FACTOR;
  return Math.min(1, Math.max(0, out));
}

/** How the titles taken off a query name compare with the listed party's title or position. */
export type TitleEvidence = 'match' | 'unknown';

// A listed title word after one of these names another office (Vice President, Deputy Minister).
const SUBORDINATE = new Set(['vice', 'deputy', 'assistant', 'acting']);

function conceptsOf(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  words.forEach((word, i) => {
    const latin = word.replace(/[^a-z]/g, '');
    if (latin.length < 3 || (i > 0 && SUBORDINATE.has(words[i - 1] as string))) return;
    for (const { concept, stems } of OFFICES) {
      if (stems.some((stem) => latin.startsWith(stem))) out.add(concept);
    }
  });
  return out;
}

const TITLE_PULL = 0.1;

/**
 * Compares the titles taken off a query name (romanised words: prezidenta, daetongryeong) with the listed party's
 * titles ("President of the Russian Federation"): 'match' when they name the same office. A title never counts
 * against a name (positions change faster than lists), so there is no mismatch.
 */
export function compareTitles(queryTitles: readonly string[], listed: readonly string[] | undefined): TitleEvidence {
  if (queryTitles.length === 0 || !listed || listed.length === 0) return 'unknown';
  const asked = conceptsOf(queryTitles);
  if (asked.size === 0) return 'unknown';
  const held = conceptsOf(listed.flatMap((title) => title.toLowerCase().split(/[^\p{L}]+/u)));
  // "Prime Minister" holds "minister" too; asking for a president is not answered by a vice-president's title.
  for (const concept of asked) if (held.has(concept)) return 'match';
  return 'unknown';
}

/** Applies title evidence to a score: a matching title pulls it a little towards 1. */
export function corroborateTitle(score: number, title: TitleEvidence): number {
  return title === 'match' ? Math.min(1, score + (1 - score) * TITLE_PULL) : score;
}

/** The least share of its distance to 1 that title evidence leaves a score (see STRONGEST_EVIDENCE_KEEP). */
export const TITLE_EVIDENCE_KEEP = 1 - TITLE_PULL;
