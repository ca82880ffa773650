/**
 * Korean names written in Han characters (hanja), as Chinese and Japanese sources and older Korean ones write them:
 * 金正恩 is Kim Jong Un, 崔龍海 (崔龙海) Choe Ryong Hae. Read in Pinyin they are other names (Jin Zhengen), so such a
 * name is also read in Hangul, by the Sino-Korean reading of each character, and searched as the Hangul name is.
 *
 * The readings are the `hanja` package's table (27,000 characters, simplified ones included), whose version is part
 * of the matching version: a decision replays with the readings it was made with.
 */
import { translate } from 'hanja/lib/translate.js';

/** The reading table behind hanjaReadings; part of the matching version (replay). */
export const HANJA_READINGS = 'hanja/1.1.5';

// Family names whose reading as a name is not the character's ordinary one: 金 is 김 as a name, 금 as gold.
const FAMILY_READINGS: Readonly<Record<string, string>> = { 金: '김' };
// Where the table is wrong: the simplified 荣 reads as its traditional 榮, 영 (the table has 송).
const CORRECTIONS: Readonly<Record<string, string>> = { 荣: '영' };

// South Korean spelling drops or softens an initial ㄹ and ㄴ before some vowels (李 리 is 이, 柳 류 is 유, 盧 로 is
// 노); North Korean spelling keeps them, and the lists write North Korean names so (RI, RYU, RO).
// A family name of one character and a given name of two, the form of most Korean names. Chinese names of two
// characters, read so, met listed Korean names of two syllables far too often (杨勇 양용 YOUNG YONG).
const HAN_NAME = /^\p{Script=Han}{3}$/u;

/** The reading of one character, without the initial-sound rule (一 before it, whose ㄹ coda stops every rule). */
function reading(char: string): string | undefined {
  const corrected = CORRECTIONS[char];
  if (corrected !== undefined) return corrected;
  const read = translate(`一${char}`, 'SUBSTITUTION');
  const out = [...read][1];
  return out === undefined || out === char ? undefined : out;
}

/**
 * The Hangul readings of a name of three Han characters (the family name first, as Korean writes it): with
 * the initial-sound rule of South Korean spelling and without it, as North Korean names keep their initial ㄹ; empty
 * when a character has no Sino-Korean reading or the name is not of that form.
 */
export function hanjaReadings(name: string): string[] {
  const core = name.replace(/\s+/gu, '');
  if (!HAN_NAME.test(core)) return [];
  const chars = [...core];
  const readings = chars.map((char, i) => (i === 0 ? (FAMILY_READINGS[char] ?? reading(char)) : reading(char)));
  if (readings.some((r) => r === undefined)) return [];
  const north = readings.join('');
  const family = chars[0] as string;
  const south = [FAMILY_READINGS[family] ?? translate(family, 'SUBSTITUTION'), ...readings.slice(1)].join('');
  return [...new Set([south, north])];
}
