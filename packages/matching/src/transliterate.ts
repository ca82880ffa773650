/**
 * Script detection and romanisation of one name token into plain lower-case Latin letters.
 *
 * Cyrillic goes through one BGN/PCGN-like table (Russian, Ukrainian, Belarusian, Serbian/Macedonian letters);
 * the phonetic key in `phonetic.ts` then absorbs the differences between romanisation systems, so the table only
 * has to be consistent, not authoritative. Greek goes through ELOT-like rules. Arabic (with Persian letters) and
 * Hebrew are written without short vowels, so their romanisation is only good for a consonant skeleton
 * comparison; `isVowelless` tells the caller when that is the case.
 */

import anyAscii from 'any-ascii';
import { japaneseReading, loanwordReadings as hangulLoanwordReadings, regnalNumeral } from './hangul-loanwords.js';
import { loanwordReadings, romaniseKana } from './kana.js';
import { familyNameSpellings, joinedGivenNameSpellings, syllableSpellings } from './korean.js';
import { apartLetters, arabicForeignReadings, biblicalSpellings, hebrewForeignReadings } from './semitic.js';

/**
 * ISO 15924 code of the script a token is written in: the scripts with rules of their own here (Latn, Cyrl,
 * Grek, Arab, Hebr), the ones told apart for evaluation and cross-script keys (Hang, Hani, Kana for both kana,
 * Brahmic and other Asian scripts), `Zzzz` for letters of any other script (romanised by any-ascii all the same)
 * and `Zyyy` when the token has no letters.
 */
export type Script =
  | 'Latn'
  | 'Cyrl'
  | 'Grek'
  | 'Arab'
  | 'Hebr'
  | 'Hang'
  | 'Hani'
  | 'Kana'
  | 'Armn'
  | 'Geor'
  | 'Deva'
  | 'Beng'
  | 'Knda'
  | 'Taml'
  | 'Thai'
  | 'Khmr'
  | 'Mymr'
  | 'Zzzz'
  | 'Zyyy';

/** The romaniser behind every script without rules of its own; part of the matching version (replay). */
export const ROMANISER = 'any-ascii/0.3.3';

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ў: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ђ: 'dj',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'ch',
  џ: 'dzh',
  ѓ: 'gj',
  ќ: 'kj',
  ѕ: 'dz',
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
};

// Greek digraphs first: they change the sound of both letters.
const GREEK_DIGRAPHS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ου/g, 'ou'],
  [/αι/g, 'e'],
  [/ει|οι|υι/g, 'i'],
  [/αυ(?=[θκξπσςτφχψ]|$)/g, 'af'],
  [/ευ(?=[θκξπσςτφχψ]|$)/g, 'ef'],
  [/αυ/g, 'av'],
  [/ευ/g, 'ev'],
  [/^μπ/g, 'b'],
  [/^ντ/g, 'd'],
  [/γγ|γκ/g, 'ng'],
];

const GREEK: Readonly<Record<string, string>> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'kh',
  ψ: 'ps',
  ω: 'o',
};

// Long vowels (alef, waw, yeh) are written, short ones are not; initial waw/yeh are consonants (handled below).
const ARABIC: Readonly<Record<string, string>> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ء: '',
  ؤ: '',
  ئ: '',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  و: 'u',
  ي: 'i',
  ى: 'a',
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ک: 'k',
  ی: 'i',
};

const HEBREW: Readonly<Record<string, string>> = {
  א: '',
  ב: 'b',
  ג: 'g',
  ד: 'd',
  ה: 'h',
  ו: 'v',
  ז: 'z',
  ח: 'kh',
  ט: 't',
  י: 'y',
  כ: 'k',
  ך: 'k',
  ל: 'l',
  מ: 'm',
  ם: 'm',
  נ: 'n',
  ן: 'n',
  ס: 's',
  ע: '',
  פ: 'p',
  ף: 'f',
  צ: 'ts',
  ץ: 'ts',
  ק: 'k',
  ר: 'r',
  ש: 'sh',
  ת: 't',
};

// Latin letters that NFD does not decompose, or whose caron/dot marks a different consonant worth keeping.
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  š: 'sh',
  ś: 's',
  ş: 'sh',
  ș: 'sh',
  // Romanian ț is ts (Цириак for Țiriac); OFAC, stripping the mark, writes t, which alternativeKeys reads too.
  ț: 'ts',
  ţ: 'ts',
  č: 'ch',
  ć: 'ch',
  ç: 'ch',
  ž: 'zh',
  ż: 'zh',
  ź: 'z',
  ł: 'l',
  đ: 'dj',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ı: 'i',
  ĭ: 'y',
  ŭ: 'u',
  ğ: 'g',
  ħ: 'h',
  ŋ: 'ng',
};

/** Returns the script of one character, or undefined for marks, digits and symbols. */
function charScript(code: number): Script | undefined {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return 'Latn';
  if ((code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff)) {
    return 'Latn';
  }
  if (code >= 0x400 && code <= 0x52f) return 'Cyrl';
  if ((code >= 0x370 && code <= 0x3ff) || (code >= 0x1f00 && code <= 0x1fff)) return 'Grek';
  if ((code >= 0x600 && code <= 0x6ff) || (code >= 0x750 && code <= 0x77f) || (code >= 0xfb50 && code <= 0xfeff)) {
    return 'Arab';
  }
  if (code >= 0x590 && code <= 0x5ff) return 'Hebr';
  return otherScript(code);
}

// Further scripts by block; only the letters' blocks matter, marks are not counted (see charScript's callers).
const BLOCKS: ReadonlyArray<readonly [number, number, Script]> = [
  [0x0530, 0x058f, 'Armn'],
  [0x0900, 0x097f, 'Deva'],
  [0x0980, 0x09ff, 'Beng'],
  [0x0b80, 0x0bff, 'Taml'],
  [0x0c80, 0x0cff, 'Knda'],
  [0x0e00, 0x0e7f, 'Thai'],
  [0x1000, 0x109f, 'Mymr'],
  [0x10a0, 0x10ff, 'Geor'],
  [0x1100, 0x11ff, 'Hang'],
  [0x1780, 0x17ff, 'Khmr'],
  [0x3040, 0x30ff, 'Kana'],
  [0x3130, 0x318f, 'Hang'],
  [0x31f0, 0x31ff, 'Kana'],
  [0x3400, 0x4dbf, 'Hani'],
  [0x4e00, 0x9fff, 'Hani'],
  [0xac00, 0xd7af, 'Hang'],
  [0xf900, 0xfaff, 'Hani'],
  [0xff66, 0xff9f, 'Kana'],
  [0x20000, 0x2ffff, 'Hani'],
];

function otherScript(code: number): Script | undefined {
  if (code < 0x530) return undefined;
  for (const [from, to, script] of BLOCKS) if (code >= from && code <= to) return script;
  return undefined;
}

const LETTER = /\p{L}/u;
const GERESH_WORD = /^[\u05d0-\u05eajzhc]+$/u;
const HEBREW_LETTER = /[\u05d0-\u05ea]/u;

/** The script most letters of `token` are written in (`Zyyy` when none is recognised). */
export function detectScript(token: string): Script {
  // Hebrew letters with the Latin letters of their geresh (j, zh, ch) are Hebrew however many geresh letters there
  // are (ז'ורז' zhורzh Georges).
  if (GERESH_WORD.test(token) && HEBREW_LETTER.test(token)) return 'Hebr';
  const counts = new Map<Script, number>();
  for (const ch of token) {
    const script = charScript(ch.codePointAt(0) ?? 0);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: Script = 'Zyyy';
  let bestCount = 0;
  for (const [script, count] of counts) {
    // A tie goes to the other script: Latin letters inside a Hebrew word come from its geresh letters (ג'ורג').
    if (count > bestCount || (count === bestCount && best === 'Latn')) {
      best = script;
      bestCount = count;
    }
  }
  // The long-vowel mark and iteration marks are kana-only; Han with kana is Japanese.
  if (best === 'Hani' && counts.has('Kana')) return 'Kana';
  if (best === 'Zyyy' && LETTER.test(token)) return 'Zzzz';
  return best;
}

/** True when romanising `script` loses the short vowels, so only consonant skeletons compare reliably. */
export function isVowelless(script: Script): boolean {
  return script === 'Arab' || script === 'Hebr';
}

// Hangul syllables: 19 initials x 21 medials x 28 finals from U+AC00. Loanwords write a consonant that closes a
// syllable in the source language as a syllable with the vowel eu and no final (피노체트 pi-no-che-teu for
// Pinochet, 스 seu for s); that vowel is dropped, except after the silent initial (으 as a vowel of its own).
const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;
const MEDIAL_EU = 18;
const INITIAL_SILENT = 11;

function romaniseHangul(token: string): string {
  let out = '';
  for (const ch of token) {
    const code = ch.codePointAt(0) ?? 0;
    const syllable = anyAscii(ch).toLowerCase();
    if (code < HANGUL_BASE || code > HANGUL_LAST) {
      out += syllable;
      continue;
    }
    const index = code - HANGUL_BASE;
    const initial = Math.floor(index / 588);
    const medial = Math.floor((index % 588) / 28);
    const final = index % 28;
    const epenthetic = medial === MEDIAL_EU && final === 0 && initial !== INITIAL_SILENT;
    out += epenthetic && syllable.endsWith('eu') ? syllable.slice(0, -2) : syllable;
  }
  return out;
}

/**
 * Every script without rules here, romanised by any-ascii from the composed text, so that kana voicing marks and
 * Indic vowel signs are read before anything strips marks.
 */
function romaniseOther(token: string, script: Script): string {
  const composed = token.normalize('NFC');
  const latin =
    script === 'Hang'
      ? (regnalNumeral(composed) ?? romaniseHangul(composed))
      : script === 'Kana' && !HAN.test(composed)
        ? romaniseKana(composed)
        : anyAscii(composed).toLowerCase();
  return stripMarks(latin);
}

const HAN = /\p{Script=Han}/u;

/**
 * Further readings of a token, romanised, for queries: kana loanwords without the vowels Japanese adds to close
 * syllables (Hendrix for ヘンドリックス); Hebrew with vav and yod as vowels besides consonants; Cyrillic х as
 * the h of the language a name comes from (Хиггинс for Higgins). Empty when the script has no other reading.
 */
export function otherReadings(token: string, script: Script): string[] {
  if (script === 'Kana' && !HAN.test(token)) {
    const written = romanise(token);
    const composed = token.normalize('NFC');
    const readings = new Set([written, ...loanwordReadings(composed)]);
    // Japanese has one liquid for Latin l and r (オレグ Oleg).
    for (const reading of [...readings]) if (reading.includes('r')) readings.add(reading.replace(/r/g, 'l'));
    return [...readings].map(stripMarks).filter((reading) => reading !== written);
  }
  if (script === 'Hang') {
    const written = romanise(token);
    // One syllable: a family name or a syllable of a given name, in the spellings Korean names are listed in, a
    // Japanese one (쇼 Sho, 후 Fu) or a foreign word (맷 Matt, 잭 Jack; a split Korean name keeps to the first:
    // see NameToken.koreanKeys).
    if ([...token].length === 1) {
      const japanese = japaneseReading(token);
      const korean = [...(familyNameSpellings(token) ?? []), ...syllableSpellings(written)];
      const foreign = [...(japanese ? [japanese] : []), ...(hangulLoanwordReadings(token) ?? [])];
      return [...new Set([...korean, ...foreign])].filter((r) => r !== written);
    }
    // Hangul ㄹ is r before a vowel and l elsewhere in the romanisation; Latin names have either.
    const swapped = written.replace(/[lr]/g, (c) => (c === 'l' ? 'r' : 'l'));
    const liquids = written.includes('r') ? [written.replace(/r/g, 'l')] : written.includes('l') ? [swapped] : [];
    // A foreign name read back by the loanword orthography (프랭큰 Franken, 네빌 Neville).
    const japanese = japaneseReading(token);
    // A Korean given name of two syllables in one word (태현 Taehyun).
    const given = joinedGivenNameSpellings(
      token,
      [...token].map((syllable) => romanise(syllable)),
    );
    return [
      ...new Set([...(japanese ? [japanese] : []), ...(hangulLoanwordReadings(token) ?? []), ...liquids, ...given]),
    ].filter((r) => r !== written);
  }
  if (script === 'Hebr') {
    // פ is p or f and ב b or v, by a dot Hebrew leaves unwritten (פישר Fisher, אביב Aviv).
    const chars = [...token.normalize('NFC')];
    const letters = hebrewVowelLetters(chars);
    // Letters whose outputs run together are kept apart (see apartLetters).
    const vowels = apartLetters(chars, letters).join('');
    const out = new Set([vowels]);
    if (token.includes('פ')) out.add(vowels.replace(/p/g, 'f'));
    if (token.includes('ב')) out.add(vowels.replace(/b/g, 'v'));
    for (const reading of hebrewForeignReadings(chars, letters)) out.add(reading);
    for (const spelling of biblicalSpellings(chars.join(''))) out.add(spelling);
    return [...out].map(stripMarks);
  }
  if (script === 'Arab') {
    const chars = [...stripMarks(token)];
    return arabicForeignReadings(chars, arabicLetters(chars));
  }
  if (script === 'Cyrl') return cyrillicReadings(token);
  if (script === 'Grek') return greekReadings(token);
  return [];
}

// Greek writes the b, d and g of foreign names as μπ, ντ and γκ anywhere in a word (Αμπράμοβιτς Abramovich,
// Βλαντιμίρ Vladimir, Σεργκέι Sergei), y and j before a vowel as γι (Γιεβγκένι Yevgeny, Κιμ Γιονγκ Ουν Kim Jong
// Un), and has no sh, ch or zh: σ, τσ and ζ stand for them (Λουκασένκο Lukashenko, Τσερνισένκο Chernyshenko,
// Πριγκόζιν Prigozhin), each σ either way (Μισούστιν Mishustin).
const GREEK_FOREIGN: ReadonlyArray<readonly [RegExp, string]> = [
  [/μπ/g, 'b'],
  [/ντ/g, 'd'],
  [/γκ|γγ/g, 'g'],
  // Russian -ov and -ev end in φ (Λαβρόφ Lavrov, Μεντβέντεφ Medvedev).
  [/(?<=[οε])φ$/g, 'β'],
  [/γι(?=[αεοου])|γε(?=[αοου])/g, 'y'],
  [/ου/g, 'u'],
];
const GREEK_HUSHED: ReadonlyArray<readonly [RegExp, string]> = [
  [/τσ/g, 'ch'],
  [/τζ/g, 'j'],
  [/ζ/g, 'zh'],
];
const GREEK_ARABIC: ReadonlyArray<readonly [RegExp, string]> = [
  [/ου(?=[αεηιοω])/g, 'w'],
  [/χ/g, 'h'],
];
// Readings of each σ as s or sh, for words with at most this many (2^n readings).
const MAX_SIGMAS = 3;

function rewriteAll(text: string, rules: ReadonlyArray<readonly [RegExp, string]>): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Readings of a Greek word as a foreign name transcribed: μπ ντ γκ as b d g, γι as y or j, σ τσ ζ as sh ch zh, and
 * χ ου as the h and w of Arabic names.
 */
function greekReadings(token: string): string[] {
  const letters = greekLetters(token);
  const foreign = rewriteAll(letters, GREEK_FOREIGN);
  const out = new Set([
    romaniseGreek(foreign),
    romaniseGreek(rewriteAll(letters, [[/γι(?=[αεοου])/g, 'j'], ...GREEK_FOREIGN])),
  ]);
  // Arabic and Persian names: χ for h, ου before a vowel for w (Χασάν Νασράλα Hassan Nasrallah, Σινουάρ Sinwar).
  out.add(romaniseGreek(rewriteAll(rewriteAll(letters, GREEK_ARABIC), GREEK_FOREIGN)));
  const hushed = rewriteAll(foreign, GREEK_HUSHED);
  const sigmas = [...hushed.matchAll(/[σς]/g)].map((m) => m.index as number);
  if (sigmas.length <= MAX_SIGMAS) {
    for (let mask = 0; mask < 1 << sigmas.length; mask++) {
      const chars = [...hushed];
      sigmas.forEach((at, i) => {
        if (mask & (1 << i)) chars[at] = 'sh';
      });
      out.add(romaniseGreek(chars.join('')));
    }
  } else out.add(romaniseGreek(hushed.replace(/[σς]/g, 'sh')));
  out.delete(romaniseGreek(token));
  return [...out];
}

// Belarusian writes the Russian -ов as -оў/-аў (Радкоў RADKOV) and hardens д, т to дз, ц before soft vowels
// (Канстанцін); Ukrainian writes і for the o or e of a closed last syllable (Азарів AZAROV, Федір).
const BELARUSIAN = /[ўі]|дз|ць/;
const UKRAINIAN = /[іїєґ]/;

/** Readings of a Cyrillic word: х as h (Хиггинс Higgins), and the Russian forms of Belarusian and Ukrainian words. */
function cyrillicReadings(token: string): string[] {
  const out = new Set<string>();
  if (token.includes('х')) out.add(romanise(token.replace(/х/g, 'h')));
  // ё as the yo of a foreign name (Ёханэ Yohane, Ёсида Yoshida), with х as h too.
  if (token.includes('ё')) out.add(romanise(token.replace(/ё/g, 'йо').replace(/х/g, 'h')));
  const written = romanise(token);
  if (BELARUSIAN.test(token) || /[оа]ў$/.test(token)) {
    out.add(
      written
        .replace(/dz/g, 'd')
        .replace(/(?<!t)s(?=i)|ts(?=i)/g, 't')
        .replace(/[oa]u$/, 'ov'),
    );
  }
  if (UKRAINIAN.test(token)) {
    for (const vowel of ['o', 'e']) out.add(written.replace(/i(?=[^aeiouy]+$)/, vowel));
  }
  out.delete(written);
  return [...out];
}

// Polish spelling of Russian names (Jerszow Ершов, Chruszczow Хрущёв, Siergiej Сергей): w, ch, cz, sz, szcz, j
// for the glide, i for a soft consonant before a vowel; ż, ł, ń romanised as z, l, n, as listed names drop the marks.
const POLISH: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'g',
  д: 'd',
  ж: 'z',
  з: 'z',
  и: 'i',
  й: 'j',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'ch',
  ц: 'c',
  ч: 'cz',
  ш: 'sz',
  щ: 'szcz',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
};
const POLISH_IOTATED: Readonly<Record<string, string>> = { е: 'e', ё: 'o', ю: 'u', я: 'a' };
const RUSSIAN_VOWEL = /[аеёиоуыэюяьъ]/;

/** The Polish spelling of a Russian word (see POLISH); undefined for letters Russian does not have. */
export function polishReading(token: string): string | undefined {
  const chars = [...token];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const prev = chars[i - 1];
    const vowel = POLISH_IOTATED[ch];
    if (vowel !== undefined) {
      // After ж, ш, ч, щ, ц the vowel is hard, after л the softness is in the l (Polish l, not ł).
      if (prev === undefined || RUSSIAN_VOWEL.test(prev)) out += `j${vowel}`;
      else out += /[жшчщцл]/.test(prev) ? vowel : `i${vowel}`;
      continue;
    }
    if (ch === 'и' && prev !== undefined && /[жшц]/.test(prev)) out += 'y';
    else if (ch === 'и' && prev === 'ь') out += 'ji';
    else {
      const latin = POLISH[ch];
      if (latin === undefined) return undefined;
      out += latin;
    }
  }
  return out;
}

// Hebrew writes long vowels with vav (o, u) and yod (i, e) between consonants; a doubled vav, or one at the start
// of a word, is the consonant v/w, and a doubled yod the glide y. One output per letter (see semitic.ts).
function hebrewVowelLetters(chars: readonly string[]): string[] {
  return chars.map((ch, i) => {
    const prev = chars[i - 1];
    const next = chars[i + 1];
    if (ch === 'ו') {
      if (next === 'ו') return '';
      return i === 0 || prev === 'ו' ? 'v' : 'o';
    }
    if (ch === 'י') {
      if (next === 'י') return '';
      return i === 0 || prev === 'י' ? 'y' : 'i';
    }
    // An initial alef or ayin carries the vowel a name starts with, unless a vav or yod after it writes it.
    if ((ch === 'א' || ch === 'ע') && i === 0) return next === 'ו' || next === 'י' ? '' : 'a';
    if (ch === 'א' || ch === 'ע') return i === chars.length - 1 ? 'a' : '';
    if (ch === 'ה' && i === chars.length - 1) return 'a';
    return HEBREW[ch] ?? ch;
  });
}

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

// Letters only Persian (and Urdu) use; in such words a final heh, or one before a final ای/ی, writes the vowel
// e (Khamene'i), not the consonant h (Ebrahim).
const PERSIAN_LETTERS = /[\u067e\u0686\u0698\u06af\u06a9\u06cc]/;
const PERSIAN_VOWEL_HEH_TAIL = new Set(['', 'ی', 'ای', 'ي', 'اي']);
const ALEF = 'ا';

function romaniseArabicLetter(chars: readonly string[], i: number, persian: boolean): string {
  const ch = chars[i] as string;
  const touchesAlef = chars[i - 1] === ALEF || chars[i + 1] === ALEF;
  if (i === 0) {
    // Initial waw and yeh are consonants followed by a short vowel (Walid, Yahya, Yusuf); an initial ain
    // carries the vowel Latin spellings start with (Ali, Abd, Umar).
    if (ch === 'و') return 'wa';
    if (ch === 'ي' || ch === 'ی') return 'ya';
    if (ch === 'ع') return 'a';
  }
  // Next to alef, waw and yeh are consonants (Javad, Sinwar, Hayat); elsewhere they mostly spell long vowels.
  if (ch === 'و' && touchesAlef) return 'w';
  if ((ch === 'ي' || ch === 'ی') && touchesAlef) return 'y';
  // Not the heh of Allah, nor one after alef (-ah, -gah, -panah): consonants in Persian too (حبیب الله Habibullah,
  // joined as one word; پادشاه Padshah).
  const consonantal = chars[i - 1] === ALEF || (chars[i - 1] === 'ل' && chars[i - 2] === 'ل');
  if (ch === 'ه' && persian && i > 0 && !consonantal && PERSIAN_VOWEL_HEH_TAIL.has(chars.slice(i + 1).join('')))
    return 'e';
  return ARABIC[ch] ?? '';
}

function arabicLetters(chars: readonly string[]): string[] {
  const persian = chars.some((ch) => PERSIAN_LETTERS.test(ch));
  return chars.map((_, i) => romaniseArabicLetter(chars, i, persian));
}

function romaniseArabic(token: string): string {
  return arabicLetters([...token]).join('');
}

// An accent on the first of two vowels, or a diaeresis on the second, keeps them apart (Σόιγκου so-i, Χαμενεΐ
// e-i): a mark between them, before marks are stripped, stops the digraph rules.
const APART = '\u0001';

function greekLetters(token: string): string {
  const marked = token
    .normalize('NFC')
    .replace(/([άέόύή])(?=[ιυ])/g, `$1${APART}`)
    .replace(/([αεοηυ])(?=[ϊϋΐΰ])/g, `$1${APART}`);
  return stripMarks(marked);
}

function romaniseGreek(token: string): string {
  let text = greekLetters(token);
  for (const [pattern, replacement] of GREEK_DIGRAPHS) text = text.replace(pattern, replacement);
  let out = '';
  for (const ch of text) if (ch !== APART) out += GREEK[ch] ?? ch;
  return out;
}

const OWN_RULES: ReadonlySet<Script> = new Set(['Latn', 'Cyrl', 'Grek', 'Arab', 'Hebr', 'Zyyy']);

/**
 * Romanises one lower-case token (any script, possibly mixed) into lower-case Latin letters and digits: the
 * rules here for Latin, Cyrillic, Greek, Arabic and Hebrew, any-ascii for every other script.
 */
export function romanise(token: string): string {
  const script = detectScript(token);
  if (!OWN_RULES.has(script)) return romaniseOther(token, script);
  if (script === 'Arab') return romaniseArabic(stripMarks(token));
  if (script === 'Grek') return romaniseGreek(token);
  let out = '';
  for (const ch of token.normalize('NFC')) {
    const mapped = CYRILLIC[ch] ?? LATIN_SPECIAL[ch] ?? HEBREW[ch];
    out += mapped ?? ch;
  }
  return stripMarks(out);
}
