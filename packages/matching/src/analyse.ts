/**
 * Name analysis: one published or queried name -> tokens with their romanised form, phonetic key, consonant
 * skeleton, script and role. Case, diacritics, punctuation, honorifics and word order stop mattering here;
 * weights come later, from the indexed corpus.
 */
import { chineseSpellings } from './chinese.js';
import { classKeys } from './cross-script.js';
import {
  hanTranscriptionKeys,
  hanTranscriptionReadings,
  onlyTranscription,
  personalNameShaped,
} from './han-transcription.js';
import { koreanSpellings } from './korean.js';
import { transcriptionKeys } from './cyrillic.js';
import { alternativeKeys, phoneticKey, skeleton } from './phonetic.js';
import { isHebrewTitle, mayBeForeign, silentHSkeleton, spokenSkeleton } from './semitic.js';
import { detectScript, isVowelless, otherReadings, polishReading, romanise, type Script } from './transliterate.js';
import { canonicalVariant, polishVariant } from './variants.js';
import {
  isCjkTitle,
  isHonorific,
  isOfficeWord,
  officeComplementAt,
  hebrewRoleOf,
  roleOf,
  splitCjkTitle,
  titlePhraseAt,
  type TokenRole,
} from './vocabulary.js';

/** One word of a name, reduced for matching. */
export interface NameToken {
  /** Romanised lower-case form (what a reader would recognise). */
  text: string;
  /** Phonetic key (see phonetic.ts), with Slavic given-name variants joined. */
  key: string;
  /** Consonant skeleton of the key, for vowelless scripts. */
  skeleton: string;
  /** For a Latin word with a silent h (John, Kahn): its skeleton without it (see semitic.ts). */
  silentH?: string;
  /** For a Latin word said otherwise than it is spelled (Louis, Georges, Wright): that skeleton, for Hebrew words. */
  spoken?: string;
  /** True for a Hebrew or Arabic word that may transcribe a foreign name (see semitic.ts); only for queries. */
  foreign?: boolean;
  /** Keys under other Latin readings (German, French, Polish, Belarusian); only when asked for (queries). */
  alternatives: readonly string[];
  /** Cross-script class keys (see cross-script.ts): the readings of the token, each long enough to count. */
  classKeys: readonly string[];
  /** Script the token was written in. */
  script: Script;
  /** True when the token came from a script without written short vowels (Arabic, Hebrew). */
  vowelless: boolean;
  role: TokenRole;
  /**
   * Latin spellings of a word of one to three Han characters read as a Chinese name's syllables (Pinyin,
   * Wade-Giles, Cantonese and Hokkien spellings; see chinese.ts); only for queries.
   */
  spellings?: readonly string[];
  /**
   * The keys of a Hangul syllable's spellings as a syllable of a Korean name (see korean.ts); only for queries.
   * A Korean name split into its syllables agrees with a listed name only in these, not in the readings of a
   * foreign word the syllable also has (맷 mat, 잭 jack).
   */
  koreanKeys?: readonly string[];
  /**
   * A word of the realm after a regnal number (Henry I of *England*): left out by the other name, it counts for
   * REALM_SHARE of its weight (see score.ts).
   */
  realm?: true;
  /**
   * True for a Han word read as a transcription of a foreign name that cannot be a Chinese personal name (see
   * han-transcription.ts); only for queries. Its short class keys count against a one-word listed name.
   */
  transcription?: boolean;
  /**
   * True for a Han word read as a transcription that is shaped as a Chinese personal name too (see
   * han-transcription.ts personalNameShaped: 苏文, 謝麗雪); only for queries. Such a word agrees with a Latin word
   * only by class keys or its readings' very shape, not by shapes near it.
   */
  personalName?: boolean;
  /** The characters of a Han word read as a transcription, for their alignment with Latin words (han-alignment.ts). */
  han?: readonly string[];
  /** Phonetic keys of the word's transcription readings, when it was read as a transcription; only for queries. */
  transcribed?: readonly string[];
  /**
   * A Cyrillic word as written (lower-case) and the class keys of the Latin spellings it may transcribe (see
   * cyrillic.ts); only for queries.
   */
  cyrillic?: { word: string; keys: readonly string[] };
}

/** A name as written plus its tokens, in written order. */
export interface AnalysedName {
  full: string;
  /** Script of most of the name's letters. */
  script: Script;
  tokens: NameToken[];
  /** Titles and honorifics taken off the name (President, Президента, 主席, ...), as written: evidence only. */
  titles: string[];
}

// Apostrophes and their look-alikes join a word (O'Brien, Natal'ya), as do zero-width (non-)joiners inside
// Persian words (خامنه‌ای); every other non-letter splits.
const APOSTROPHES = /['\u2018\u2019\u02bc\u02bb\u00b4`\u200c\u200d]/g;

// Hebrew writes the sounds j, zh and ch that it lacks as a letter with a geresh (ג'ורג' for George); read them
// before apostrophes go. The Latin letters stay inside the Hebrew word and pass romanisation unchanged.
const GERESH = /([\u05d2\u05d6\u05e6\u05e5])['\u05f3\u2019]/g;
const GERESH_LETTER: Readonly<Record<string, string>> = { ג: 'j', ז: 'zh', צ: 'ch', ץ: 'ch' };
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;
// A gershayim (or the quotation mark typed for it) between Hebrew letters marks an acronym written as one word,
// as surnames are (כ"ץ Katz, from kohen tzedek): it joins the word.
// Hebrew writes a Latin middle initial as the letter's English name with a period (ג'יי. J., סי. C.): read as
// that initial.
const LETTER_NAMES: Readonly<Record<string, string>> = {
  איי: 'a',
  בי: 'b',
  סי: 'c',
  די: 'd',
  אף: 'f',
  "ג'י": 'g',
  "ג'יי": 'j',
  קיי: 'k',
  אל: 'l',
  אם: 'm',
  אן: 'n',
  או: 'o',
  פי: 'p',
  אר: 'r',
  אס: 's',
  טי: 't',
  יו: 'u',
  וי: 'v',
};
const LETTER_NAME = /(?<![\p{L}'\u05f3\u2019])([\u05d0-\u05ea]+['\u05f3\u2019]?[\u05d0-\u05ea]*)\.(?=\s|$)/gu;
const GERSHAYIM = /(?<=[\u05d0-\u05ea])["\u05f4\u201d](?=[\u05d0-\u05ea])/gu;

// Arabic theophoric names are written as one word or as "Abd al X" / "Abdul X"; joining them makes both agree.
// Compared with the lower-cased word as written, so no word is romanised twice.
const ABD = new Set(['abd', 'abdul', 'abdel', 'abdal', 'abdol', 'abdoul', 'abdu', '\u0639\u0628\u062f']);
const ARTICLE = new Set(['al', 'el', 'ul', 'ur', 'ar', 'ad', 'an', 'as', 'ash', 'at', 'az', '\u0627\u0644']);

// "Nasr Allah" / "Nasrallah", "Abd Allah" / "Abdallah": Allah belongs to the word before it.
const ALLAH = new Set(['allah', 'ullah', 'ollah', '\u0627\u0644\u0644\u0647']);

// Arabic script attaches the article (البغدادي); Latin spellings mostly detach it (al-Baghdadi).
const ARABIC_ARTICLE = /^\u0627\u0644(?!\u0644\u0647$)(?=.{2})/u;

const ARABIC_AL = '\u0627\u0644';
// Romanised, the letters that take the article's l into themselves (ar-Rawi, as-Sakr, ad-Din).
const SUN_LETTER = /^[tdrzsnl]/;

/**
 * A query word of an Arabic name after the article (البوعيسى), also read with the article glued on as Latin
 * spellings of one word write it (Albueise, Elaziz; Erraki for الراقي, the l taken into a sun letter). A new token,
 * as cached ones are shared; made once per cached token, as what is memoised for a query word is keyed by its
 * token (a new one each screen would be searched afresh each screen).
 */
function withArticle(token: NameToken): NameToken {
  if (token.script !== 'Arab' || token.role !== 'name') return token;
  let glued = GLUED_ARTICLE.get(token);
  if (glued === undefined) {
    const texts = [`al${token.text}`, ...(SUN_LETTER.test(token.text) ? [`a${token.text}`] : [])];
    const keys = texts.map((text) => canonicalVariant(phoneticKey(text))).filter((key) => key !== token.key);
    const alternatives = [...new Set([...token.alternatives, ...keys])];
    glued = alternatives.length === token.alternatives.length ? token : { ...token, alternatives };
    GLUED_ARTICLE.set(token, glued);
  }
  return glued;
}

const GLUED_ARTICLE = new WeakMap<NameToken, NameToken>();

function splitArabicArticle(words: string[]): string[] {
  return words.flatMap((word) => (ARABIC_ARTICLE.test(word) ? ['\u0627\u0644', word.slice(2)] : [word]));
}

function joinAllah(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (out.length > 0 && ALLAH.has(word)) out[out.length - 1] += word;
    else out.push(word);
  }
  return out;
}

function joinAbdCompounds(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (ABD.has(word) && next !== undefined) {
      const afterNext = words[i + 2];
      if (ARTICLE.has(next) && afterNext !== undefined) {
        out.push(word + next + afterNext);
        i += 2;
      } else {
        out.push(word + next);
        i += 1;
      }
    } else {
      out.push(word);
    }
  }
  return out;
}

// "Nur al-Din", "Nasir ud-Din" and نور الدين are as often written as one word (Noureddine, Nasiruddin, Jalaluddin):
// the word before din and din are joined on both sides: Arabic without the article, which Latin spellings
// assimilate (ud-din, ed-dine) or leave out, Latin with ud. Compared with the lower-cased word as written.
const DIN = new Set(['din', 'deen', 'dine', '\u062f\u064a\u0646', '\u062f\u06cc\u0646']);
const DIN_ARTICLE = new Set(['al', 'el', 'ul', 'ud', 'ad', 'ed', 'id', 'od', '\u0627\u0644']);
const JOINED_DIN = /^(?:[aeiou]l|[aeiou]d)(din|deen|dine)$/;

function joinDinCompounds(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    const joinable = out.length > 0 && !ARTICLE.has(out[out.length - 1] ?? '');
    // Vowel marks do not make another word (الدّين with a shadda).
    if (joinable && next !== undefined && DIN_ARTICLE.has(word) && DIN.has(next.replace(/\p{M}/gu, ''))) {
      // Latin words join as one-word spellings mostly write them (Badruddin for BADR-AL-DIN).
      out[out.length - 1] += /^[a-z]+$/.test(next) ? `ud${next}` : next;
      i += 1;
    } else if (joinable && JOINED_DIN.test(word)) {
      out[out.length - 1] += word.replace(JOINED_DIN, '$1');
    } else {
      out.push(word);
    }
  }
  return out;
}

// Persian and Pashto family names end in zada (son of) and khel (clan), written with the name or apart: آخوند
// زاده AKHUNDZADA, شهيد خيل SHAHIDKHEL, Kaka Zada. Neither is a name by itself, so either side joins them.
const NAME_SUFFIXES = new Set([
  'zada',
  'zadah',
  'zadeh',
  'zade',
  'khel',
  'khail',
  'kheil',
  '\u0632\u0627\u062f\u0647',
  '\u062e\u064a\u0644',
  '\u062e\u06cc\u0644',
]);

function joinNameSuffixes(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const last = out[out.length - 1];
    if (last !== undefined && !ARTICLE.has(last) && NAME_SUFFIXES.has(word)) out[out.length - 1] = last + word;
    else out.push(word);
  }
  return out;
}

const CJK_WORD = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const SYLLABIC: ReadonlySet<Script> = new Set(['Hani', 'Hang', 'Kana']);

// A Russian word as Polish spells it (Ершов Jerszow): a key to look up and compare, not a class key (Polish w
// is a labial the class keys read as a glide).
function polishOf(word: string, script: Script): string[] {
  const reading = script === 'Cyrl' ? polishReading(word) : undefined;
  return reading === undefined ? [] : [reading];
}

const clean = (romanised: string): string => romanised.replace(/[^\p{L}\p{N}]/gu, '');

function tokenOf(word: string, withAlternatives: boolean, transcription = false): NameToken | undefined {
  const script = detectScript(word);
  const text = clean(romanise(word));
  // Scripts without a romanisation here (Han, Hangul, Thai, ...) still match exactly on the written form.
  const asWritten = script === 'Zyyy' && /\p{L}/u.test(text);
  const plain = asWritten ? text : phoneticKey(text);
  const variant = asWritten ? plain : canonicalVariant(plain);
  const key = script === 'Latn' && variant === plain ? (polishVariant(text) ?? variant) : variant;
  if (key === '') return undefined;
  // A Han word of a name written as a transcription is also read as the transcription tables write it.
  const transcribed = transcription && script === 'Hani' ? hanTranscriptionReadings(word) : undefined;
  const readings = withAlternatives ? [...(transcribed ?? []), ...otherReadings(word, script).map(clean)] : [];
  const alternatives = !withAlternatives
    ? []
    : script === 'Latn'
      ? [...new Set(alternativeKeys(text, word).map(canonicalVariant))].filter((alt) => alt !== key)
      : [
          ...new Set([...readings, ...polishOf(word, script)].map((reading) => canonicalVariant(phoneticKey(reading)))),
        ].filter((alt) => alt !== key && alt !== '');
  // Romanised Han, Hangul and kana syllables are names whatever Latin word they spell (Bin, Abu, He).
  // A number among them is not (루이 7세 Louis VII).
  const role =
    SYLLABIC.has(script) && !/[0-9]/.test(word)
      ? 'name'
      : script === 'Hebr'
        ? hebrewRoleOf(word, key)
        : roleOf(text, key);
  const spellings = withAlternatives && script === 'Hani' ? chineseSpellings(word) : undefined;
  if (spellings && [...word].length === 1) {
    // One syllable also looks for the listed words spelled another way (徐 xu: HSU, TSUI).
    for (const spelling of spellings) {
      const alt = phoneticKey(spelling);
      if (alt !== key && alt !== '' && !alternatives.includes(alt)) alternatives.push(alt);
    }
  }
  const silentH = script === 'Latn' ? silentHSkeleton(text) : undefined;
  const spoken = script === 'Latn' ? spokenSkeleton(text) : undefined;
  return {
    text,
    key,
    skeleton: skeleton(key),
    ...(silentH !== undefined ? { silentH } : {}),
    ...(spoken !== undefined ? { spoken } : {}),
    ...(withAlternatives && mayBeForeign(word, script) ? { foreign: true } : {}),
    alternatives,
    classKeys: transcribed
      ? [...new Set([...classKeys(word, text, script), ...hanTranscriptionKeys(transcribed)])]
      : classKeys(word, text, script, readings),
    script,
    vowelless: isVowelless(script),
    role,
    ...(spellings ? { spellings } : {}),
    ...(withAlternatives && script === 'Hang' && [...word].length === 1
      ? { koreanKeys: koreanSpellings(word, text).map((spelling) => canonicalVariant(phoneticKey(spelling))) }
      : {}),
    ...(transcribed && onlyTranscription(word) ? { transcription: true } : {}),
    ...(transcribed && personalNameShaped(word) ? { personalName: true } : {}),
    ...(transcribed ? { transcribed: [...new Set(transcribed.map(phoneticKey))], han: [...word] } : {}),
    ...(withAlternatives && script === 'Cyrl' ? { cyrillic: { word, keys: transcriptionKeys(word) } } : {}),
  };
}

/** Memo of word -> token, for analysing a whole corpus where the same words recur. */
export type TokenCache = Map<string, NameToken | undefined>;

/** How to analyse a name. */
export interface AnalyseOptions {
  /** Memoises word analysis across calls; tokens are then shared between names and must not be mutated. */
  cache?: TokenCache;
  /** Also compute keys under other Latin readings (for queries; listed names are keyed one way). */
  alternatives?: boolean;
  /** Read Han words as transcriptions of foreign names too (a query written as one, see han-transcription.ts). */
  transcription?: boolean;
}

function cachedTokenOf(word: string, options: AnalyseOptions): NameToken | undefined {
  const { cache, alternatives = false, transcription = false } = options;
  if (!cache) return tokenOf(word, alternatives, transcription);
  // A word read as a transcription is another token than the same word read otherwise.
  const cacheKey = transcription ? `\u0000${word}` : word;
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  const token = tokenOf(word, alternatives, transcription);
  cache.set(cacheKey, token);
  return token;
}

/** The parts of the hyphened words of `lowered` that are joined to a part that is no honorific. */
function hyphenedNameParts(lowered: string, options: AnalyseOptions): Set<string> {
  const out = new Set<string>();
  for (const word of lowered.split(/\s+/)) {
    if (!word.includes('-')) continue;
    const parts = word.split(SEPARATORS).filter((part) => part !== '');
    const titles = parts.map((part) => {
      const token = cachedTokenOf(part, options);
      return token === undefined || isHonorific(token.key, token.vowelless);
    });
    if (titles.some((title) => !title)) for (const part of parts) out.add(part);
  }
  return out;
}

// A Roman numeral of a regnal number, I to XXXIX.
const REGNAL = /^(?=[xvi])x{0,3}(ix|iv|v?i{0,3})$/;

const REALM_WORDS = new WeakMap<NameToken, NameToken>();

/** A word of a realm, marked so (one token per cached token, so the index's memos keyed by token keep it). */
function realmWord(t: { word: string; token: NameToken }): { word: string; token: NameToken } {
  if (t.token.role !== 'name') return t;
  let token = REALM_WORDS.get(t.token);
  if (token === undefined) {
    token = { ...t.token, realm: true };
    REALM_WORDS.set(t.token, token);
  }
  return { word: t.word, token };
}

const SYLLABLES = new WeakMap<NameToken, NameToken>();

/**
 * A vowel letter joined by a hyphen to another part of a name is a syllable of a Korean given name spelled with
 * one letter (Kwon O-min, Jung Tae-u: 오 o, 우 u), not an initial, which stands apart or before a full stop: a
 * name word (one token per cached token, so the index's memos keyed by token keep it).
 */
function syllableOf(t: { word: string; token: NameToken }): { word: string; token: NameToken } {
  if (t.token.role !== 'initial' || t.token.script !== 'Latn' || !/^[aeiou]$/.test(t.token.text)) return t;
  let token = SYLLABLES.get(t.token);
  if (token === undefined) {
    token = { ...t.token, role: 'name' };
    SYLLABLES.set(t.token, token);
  }
  return { word: t.word, token };
}

// Compatibility forms that records carry as they were typed or exported: Arabic presentation forms (the UN list's
// ﺻﺍﻠﺡ ﻤﺣﻤﺩ for صالح محمد), the ligature ﷲ, and halfwidth and fullwidth forms (ｳﾗｼﾞｰﾐﾙ, Ｐｕｔｉｎ).
const COMPATIBILITY_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFC\uFF01-\uFFEE]+/gu;

/**
 * `text` in NFC, with the compatibility forms above in their canonical letters (NFKC of those runs alone: NFKC of the
 * whole text would also take apart what names keep, such as Hangul compatibility jamo or superscript digits).
 */
export function canonicalForms(text: string): string {
  return text.replace(COMPATIBILITY_FORMS, (run) => run.normalize('NFKC')).normalize('NFC');
}

// Patronymic-looking words read as family names, one token each (the same for every name it is met in).
const FAMILY_NAMES = new WeakMap<NameToken, NameToken>();

/**
 * A patronymic stands beside a given name and a family name (Ivan Ivanovich Petrov, PETROV, Ivan Ivanovich). In a
 * name with fewer than two other names the word that looks like one is the family name (Roman Abramovich, Serbian
 * and Croatian surnames in -ović), and weighs as one: as a patronymic it weighed so little that "Roman Abramovich"
 * was held on RAMAN COMPANY by its given name alone.
 */
function familyNamesNotPatronymics<T extends { word: string; token: NameToken }>(words: T[]): T[] {
  if (!words.some((t) => t.token.role === 'patronymic')) return words;
  if (words.filter((t) => t.token.role === 'name').length >= 2) return words;
  return words.map((t) => {
    if (t.token.role !== 'patronymic') return t;
    let token = FAMILY_NAMES.get(t.token);
    if (token === undefined) {
      token = { ...t.token, role: 'name' };
      FAMILY_NAMES.set(t.token, token);
    }
    return { ...t, token };
  });
}

/** Splits `full` into matching tokens. Honorifics are dropped unless nothing else is left. */
export function analyseName(full: string, options: AnalyseOptions = {}): AnalysedName {
  const lowered = canonicalForms(full)
    .toLowerCase()
    .replace(GERSHAYIM, '')
    .replace(LETTER_NAME, (word: string, name: string) => LETTER_NAMES[name.replace(/[\u05f3\u2019]/gu, "'")] ?? word)
    .replace(GERESH, (_, letter: string) => GERESH_LETTER[letter] ?? letter)
    .replace(APOSTROPHES, '');
  const split = lowered.split(SEPARATORS).filter((word) => word !== '');
  const titles: string[] = [];
  const words = joinNameSuffixes(joinDinCompounds(joinAbdCompounds(splitArabicArticle(joinAllah(split))))).map(
    (word) => {
      const glued = CJK_WORD.test(word) ? splitCjkTitle(word) : undefined;
      if (!glued) return word;
      titles.push(glued[1]);
      return glued[0];
    },
  );
  const all: Array<{ word: string; token: NameToken }> = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const token = cachedTokenOf(word, options);
    if (!token) continue;
    const glued = options.alternatives === true && words[i - 1] === ARABIC_AL ? withArticle(token) : token;
    all.push({ word, token: glued });
  }
  // Romanised CJK syllables can spell a Latin title (根 gen); there only the written titles count. So can a
  // syllable of a Korean or Chinese given name joined by a hyphen to a word that is none (Koon-hyon, Wang-gen).
  const joined = lowered.includes('-') ? hyphenedNameParts(lowered, options) : undefined;
  const honorific = ({ word, token }: { word: string; token: NameToken }): boolean =>
    SYLLABIC.has(token.script)
      ? isCjkTitle(word)
      : (isHonorific(token.key, token.vowelless) || (token.script === 'Hebr' && isHebrewTitle(word))) &&
        !(joined?.has(word) ?? false);
  // A title word after a particle that follows a name is a family name (آل الشيخ Al ash-Sheikh, Muhammad al-Sheikh);
  // not a Hebrew royal title after a regnal ordinal (האראלד השלישי, מלך נורווגיה Harald III of Norway).
  const dropped = all.map(
    (t, i) =>
      honorific(t) &&
      !(
        i >= 2 &&
        (all[i - 1] as { token: NameToken }).token.role === 'particle' &&
        !(t.token.script === 'Hebr' && isHebrewTitle(t.word))
      ),
  );
  // A regnal number's realm (Louis VII of France, Henry I of England) is hardly part of the name: other scripts
  // leave it out as often as not (루이 7세, but פליפה הרביעי, מלך ספרד), and then it counts for little.
  const realm = all.findIndex((t, i) => i >= 2 && t.token.text === 'of' && REGNAL.test(all[i - 1]?.token.text ?? ''));
  if (realm > 0) for (let i = realm + 1; i < all.length; i++) all[i] = realmWord(all[i] as (typeof all)[number]);
  const keys = all.map((t) => t.token.key);
  for (let i = 0; i < all.length; i++) {
    let length = titlePhraseAt(keys, i);
    // What the office is of goes with its title (Minister of Defence X, Министр обороны X).
    if (length > 0 || (dropped[i] && isOfficeWord(keys[i] as string))) {
      length = Math.max(length, 1);
      length += officeComplementAt(keys, i + length);
    }
    for (let j = 0; j < length; j++) dropped[i + j] = true;
    i += Math.max(0, length - 1);
  }
  const kept = familyNamesNotPatronymics(
    all.filter((_, i) => !dropped[i]).map((t) => (joined?.has(t.word) ? syllableOf(t) : t)),
  );
  if (kept.length === 0) return { full, script: detectScript(full), tokens: all.map((t) => t.token), titles };
  all.forEach((t, i) => {
    if (dropped[i]) titles.push(t.word);
  });
  return { full, script: detectScript(full), tokens: kept.map((t) => t.token), titles };
}
