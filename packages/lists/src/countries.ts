/** Country names as sanctions lists spell them -> ISO 3166-1 alpha-2. */
import countries from 'i18n-iso-countries';
import { createRequire } from 'node:module';
import { collapseWhitespace } from './text.js';

// The English names ship as JSON; createRequire loads them without relying on JSON import attributes.
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

// Spellings the publishers use that the ISO name tables do not carry ("Korea, North", "Burma", ...). Keys are
// lower-cased. Only the publishers' own conventions belong here; everything else comes from the library.
const PUBLISHER_SPELLINGS: Readonly<Record<string, string>> = {
  'korea, north': 'KP',
  "democratic people's republic of korea": 'KP',
  'north korea': 'KP',
  'korea, south': 'KR',
  'republic of korea': 'KR',
  burma: 'MM',
  syria: 'SY',
  'syrian arab republic': 'SY',
  moldova: 'MD',
  'republic of moldova': 'MD',
  laos: 'LA',
  "lao people's democratic republic": 'LA',
  macau: 'MO',
  'iran (islamic republic of)': 'IR',
  'venezuela (bolivarian republic of)': 'VE',
  'bolivia (plurinational state of)': 'BO',
  'united republic of tanzania': 'TZ',
  'united kingdom of great britain and northern ireland': 'GB',
  'man, isle of': 'IM',
  'macedonia, the former yugoslav republic of': 'MK',
  'north macedonia, the republic of': 'MK',
  'congo, democratic republic of the': 'CD',
  'congo, republic of the': 'CG',
  "cote d'ivoire": 'CI',
  'cote d ivoire': 'CI',
  'gambia, the': 'GM',
  'bahamas, the': 'BS',
  'micronesia, federated states of': 'FM',
  'west bank': 'PS',
  gaza: 'PS',
  palestinian: 'PS',
  'region: west bank': 'PS',
  'region: gaza': 'PS',
  'region: crimea': 'UA',
};

/**
 * The ISO 3166-1 alpha-2 code for a country as a list publishes it (a name, an alpha-2 or an alpha-3 code), or the
 * published text itself (whitespace collapsed) when no code can be derived, e.g. a demonym or a former state.
 */
export function toCountryCode(published: string): string {
  let code = memo.get(published);
  if (code === undefined) {
    code = lookUp(published);
    memo.set(published, code);
  }
  return code;
}

// The library scans every country name per look-up; lists repeat the same few hundred spellings thousands of times.
const memo = new Map<string, string>();

function lookUp(published: string): string {
  const name = collapseWhitespace(published).replace(/\.$/u, '');
  if (name === '') return name;
  if (/^[A-Z]{2}$/u.test(name) && countries.isValid(name)) return name;
  if (/^[A-Z]{3}$/u.test(name)) return countries.alpha3ToAlpha2(name) ?? name;
  return (
    PUBLISHER_SPELLINGS[name.toLowerCase()] ??
    countries.getAlpha2Code(name, 'en') ??
    countries.getSimpleAlpha2Code(name, 'en') ??
    name
  );
}
