import countries from 'i18n-iso-countries';
import type { Violations } from './violations.js';

// ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which the package carries and the sanctions lists use.
const ALPHA2: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

// ISO 3166-2: the country's alpha-2 code, a hyphen, and one to three letters or digits ("UA-43", "GB-ENG").
const SUBDIVISION = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

/** Most nationalities accepted on one party. */
export const MAX_NATIONALITIES = 10;

/** True when `code` (upper case) is an assigned ISO 3166-1 alpha-2 code. */
export function isAlpha2(code: string): boolean {
  return ALPHA2.has(code);
}

/**
 * Checks one country code: ISO 3166-1 alpha-2, in any letter case (returned upper-cased); when
 * `allowSubdivision`, an ISO 3166-2 subdivision code whose country part is assigned is accepted too.
 */
export function checkCountry(
  value: string,
  field: string,
  violations: Violations,
  options: { allowSubdivision: boolean },
): string | undefined {
  const code = value.trim().toUpperCase();
  if (isAlpha2(code)) return code;
  const subdivision = options.allowSubdivision ? SUBDIVISION.exec(code) : null;
  if (subdivision && isAlpha2(subdivision[1]!)) return code;
  const expected = options.allowSubdivision
    ? 'an ISO 3166-1 alpha-2 code ("RU") or an ISO 3166-2 subdivision ("UA-43")'
    : 'an ISO 3166-1 alpha-2 code ("RU")';
  violations.add(field, 'INVALID_COUNTRY', `${field} must be ${expected}`);
  return undefined;
}
