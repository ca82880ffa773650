/**
 * Chinese names transcribed into Hangul by the Korean orthography's table for Mandarin (외래어 표기법, 중국어 표기:
 * 류치바오 Liu Qibao, 리쉐융 Li Xueyong, 둥쯔젠 Dong Zijian), read back into Pinyin. The table writes each Pinyin
 * syllable as one or two Hangul syllables (류 liu, 바오 bao, 웨이 wei); it merges some initials (ㅈ is j and zh,
 * ㅊ q, ch and c, ㅅ x and sh) and drops the glide after ㅈ and ㅊ (자 jia and zha), so one Hangul word reads as a
 * few Pinyin spellings. Korean written so is one word, family name first; listed in Latin it is a family name
 * and a given name (LIU Qibao) or its syllables apart (Lee Chong Wei).
 */
import anyAscii from 'any-ascii';
import { chineseFamilyLength, chineseSyllableSpellings, wadeGiles } from './chinese.js';

// Hangul jamo indices (see hangul-loanwords.ts): initials ㄱ0 ㄴ2 ㄷ3 ㄹ5 ㅁ6 ㅂ7 ㅅ9 ㅆ10 ㅇ11 ㅈ12 ㅉ13 ㅊ14 ㅋ15 ㅌ16
// ㅍ17 ㅎ18; medials ㅏ0 ㅑ2 ㅓ4 ㅔ5 ㅖ7 ㅗ8 ㅘ9 ㅛ12 ㅜ13 ㅝ14 ㅞ15 ㅟ16 ㅠ17 ㅡ18 ㅣ20; finals ㄴ4 ㄹ8 ㅇ21.
const INITIAL: Readonly<Record<string, number>> = {
  b: 7,
  p: 17,
  m: 6,
  f: 17,
  d: 3,
  t: 16,
  n: 2,
  l: 5,
  g: 0,
  k: 15,
  h: 18,
  j: 12,
  q: 14,
  x: 9,
  zh: 12,
  ch: 14,
  sh: 9,
  r: 5,
  z: 13,
  c: 14,
  s: 10,
  '': 11,
};

// A final's Hangul: [medial, final] pieces; the first takes the initial, the others the silent ㅇ.
type Piece = readonly [number, number];
const FINALS: Readonly<Record<string, readonly Piece[]>> = {
  a: [[0, 0]],
  o: [[8, 0]],
  e: [[4, 0]],
  ai: [
    [0, 0],
    [20, 0],
  ],
  ei: [
    [5, 0],
    [20, 0],
  ],
  ao: [
    [0, 0],
    [8, 0],
  ],
  ou: [
    [4, 0],
    [13, 0],
  ],
  an: [[0, 4]],
  en: [[4, 4]],
  ang: [[0, 21]],
  eng: [[4, 21]],
  er: [[4, 8]],
  ong: [[13, 21]],
  // Outside the table ong and iong are as often 옹 and 용 (리총웨이 Lee Chong Wei, 웨이용리 Wei Yongli).
  ong2: [[8, 21]],
  i: [[20, 0]],
  ia: [[2, 0]],
  ie: [[7, 0]],
  iao: [
    [2, 0],
    [8, 0],
  ],
  iu: [[17, 0]],
  ian: [[7, 4]],
  in: [[20, 4]],
  iang: [[2, 21]],
  ing: [[20, 21]],
  iong: [[17, 21]],
  iong2: [[12, 21]],
  u: [[13, 0]],
  ua: [[9, 0]],
  uo: [[14, 0]],
  uai: [
    [9, 0],
    [20, 0],
  ],
  ui: [
    [13, 0],
    [20, 0],
  ],
  uan: [[9, 4]],
  un: [[13, 4]],
  uang: [[9, 21]],
  // ü: after j q x y written u in Pinyin, after l n u (any-ascii) as well.
  v: [[16, 0]],
  ve: [[15, 0]],
  van: [
    [16, 0],
    [0, 4],
  ],
  vn: [[16, 4]],
};

// Zero-initial Pinyin spellings and the finals they write (yi i, wu u, yu ü, wei ui as 웨이).
const ZERO: Readonly<Record<string, string>> = {
  yi: 'i',
  ya: 'ia',
  ye: 'ie',
  yao: 'iao',
  you: 'iu',
  yan: 'ian',
  yin: 'in',
  yang: 'iang',
  ying: 'ing',
  yong: 'iong',
  wu: 'u',
  wa: 'ua',
  wo: 'uo',
  wai: 'uai',
  wan: 'uan',
  wang: 'uang',
  yu: 'v',
  yue: 've',
  yuan: 'van',
  yun: 'vn',
};

const BASE = 0xac00;
const syllable = (initial: number, medial: number, final: number): string =>
  String.fromCodePoint(BASE + initial * 588 + medial * 28 + final);

// The y glide of ㅑ ㅖ ㅠ, which ㅈ ㅊ ㅉ do not write (자 jia, 제 jie, 주 jiu).
const UNGLIDED: Readonly<Record<number, number>> = { 2: 0, 7: 5, 17: 13 };

/** The Hangul the table writes for one Pinyin syllable, or undefined for a syllable it does not know. */
export function hangulOfPinyin(pinyin: string): string[] | undefined {
  const initial = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcs])?/.exec(pinyin)?.[0] ?? '';
  let rest = pinyin.slice(initial.length);
  if (initial === '' && ZERO[pinyin] !== undefined) rest = ZERO[pinyin] as string;
  else if (initial === '' && pinyin === 'wei') rest = 'wei';
  else if (initial === '' && pinyin === 'wen') rest = 'wen';
  else if (initial === '' && pinyin === 'weng') rest = 'weng';
  // After j q x, u is ü.
  if (/^[jqx]$/.test(initial) && /^u/.test(rest)) rest = `v${rest.slice(1)}`;
  const out: string[] = [];
  const write = (pieces: readonly Piece[], first: number): string =>
    pieces
      .map(([medial, final], i) => {
        const glideless = i === 0 && (first === 12 || first === 13 || first === 14);
        return syllable(i === 0 ? first : 11, glideless ? (UNGLIDED[medial] ?? medial) : medial, final);
      })
      .join('');
  const first = INITIAL[initial];
  if (first === undefined) return undefined;
  // The apical vowel of zi ci si zhi chi shi ri is ㅡ (쯔, 츠, 스, 즈, 르).
  if (rest === 'i' && /^(?:z|c|s|zh|ch|sh|r)$/.test(initial)) return [syllable(first, 18, 0)];
  // wei, wen, weng are 웨이, 원, 웡.
  if (rest === 'wei') return [syllable(11, 15, 0) + syllable(11, 20, 0)];
  if (rest === 'wen') return [syllable(11, 14, 4)];
  if (rest === 'weng') return [syllable(11, 14, 21)];
  const pieces = FINALS[rest];
  if (pieces === undefined) return undefined;
  // Outside the table s and z are as often ㅅ and ㅈ (송 Song, 순 Sun).
  const firsts = initial === 's' ? [first, 9] : initial === 'z' ? [first, 12] : [first];
  for (const head of firsts) {
    out.push(write(pieces, head));
    const other = FINALS[`${rest}2`];
    if (other) out.push(write(other, head));
  }
  // any-ascii writes ü after l and n as u (lu 吕, nu 女, lue 略).
  if ((initial === 'l' || initial === 'n') && /^u(?:e|an|n)?$/.test(rest)) {
    const umlaut = FINALS[`v${rest.slice(1)}`];
    if (umlaut) out.push(write(umlaut, first));
  }
  return out;
}

let table: Map<string, string[]> | undefined;
// The Pinyin of the common Chinese family names (chinese.ts).
const familyPinyin = new Set<string>();

/** Hangul (one or two syllables) -> the Pinyin syllables the table writes so; built once from any-ascii's Pinyin. */
function pinyinTable(): Map<string, string[]> {
  if (table) return table;
  const syllables = new Set<string>();
  for (let code = 0x4e00; code <= 0x9fff; code++) {
    const char = String.fromCodePoint(code);
    const pinyin = anyAscii(char).toLowerCase();
    if (!/^[a-z]{1,6}$/.test(pinyin)) continue;
    syllables.add(pinyin);
    if (chineseFamilyLength(char) === 1) familyPinyin.add(pinyin);
  }
  table = new Map();
  for (const pinyin of [...syllables].sort()) {
    for (const hangul of hangulOfPinyin(pinyin) ?? []) {
      const list = table.get(hangul) ?? [];
      if (!list.includes(pinyin)) list.push(pinyin);
      table.set(hangul, list);
    }
  }
  return table;
}

/**
 * The word split into Pinyin syllables, each with the Pinyin readings of its Hangul (류치바오: [liu] [qi, chi, ci]
 * [bao]); undefined when the table cannot write the word so. A syllable of two Hangul (바오) is preferred to two
 * of one (바 오), as the table writes no zero-initial syllable after another but for these.
 */
export function mandarinSyllables(word: string): string[][] | undefined {
  const chars = [...word.normalize('NFC')];
  if (chars.length < 2 || !chars.every((c) => c >= '\uac00' && c <= '\ud7a3')) return undefined;
  const map = pinyinTable();
  const out: string[][] = [];
  for (let i = 0; i < chars.length;) {
    const two = i + 1 < chars.length ? map.get(chars[i] + (chars[i + 1] as string)) : undefined;
    if (two) {
      out.push(two);
      i += 2;
      continue;
    }
    const one = map.get(chars[i] as string);
    if (!one) return undefined;
    out.push(one);
    i += 1;
  }
  return out;
}

// At most this many Pinyin readings of one word (the product of its syllables' readings), and this many forms in
// all, are searched: each form is a search of its own.
const MAX_READINGS = 4;
const MAX_FORMS = 10;

/**
 * Latin forms to search a one-word Hangul name by when it reads as a Chinese name transcribed by the table: two
 * to four Pinyin syllables, one of the common family names first (see chinese.ts), written as the family name and the given name in
 * one word (liu qibao) and as its syllables apart (li chong wei); all in Wade-Giles too, and the family name
 * also in its other usual spellings (Lee, Wong, Chan: see chinese.ts). Empty for any other word.
 */
export function mandarinForms(word: string): string[] {
  const syllables = mandarinSyllables(word.trim());
  if (!syllables || syllables.length < 2 || syllables.length > 4) return [];
  let readings: string[][] = [[]];
  for (const options of syllables) {
    readings = readings.flatMap((prefix) => options.map((option) => [...prefix, option]));
  }
  const out = new Set<string>();
  const write = (family: string, given: readonly string[]): void => {
    out.add(`${family} ${given.join('')}`);
    if (given.length > 1) out.add(`${family} ${given.join(' ')}`);
  };
  // A Chinese name starts with its family name.
  pinyinTable();
  readings = readings.filter((reading) => familyPinyin.has(reading[0] as string)).slice(0, MAX_READINGS);
  for (const reading of readings) write(reading[0] as string, reading.slice(1));
  // Every syllable in Wade-Giles, as Taiwanese names are listed (왕중황 Wang Chung-Huang).
  for (const reading of readings) {
    const wade = reading.map((pinyin) => wadeGiles(pinyin)[0] ?? pinyin);
    write(wade[0] as string, wade.slice(1));
  }
  for (const reading of readings) {
    for (const family of chineseSyllableSpellings(reading[0] as string).slice(1)) write(family, reading.slice(1));
  }
  return [...out].slice(0, MAX_FORMS);
}
