/**
 * Cross-script keys: what is left of a romanised name when only the consonant classes that every script can
 * write are kept. Arabic has no p or v (ب and ف stand for them), Hebrew and Arabic leave most vowels out, kana and
 * Hangul add vowels Latin does not have (gorudofusuki for Goldovsky), Chinese transcriptions pick syllables
 * (SaiWaLueSi for Cevallos), and none of them tells l from r the way Latin does. The key drops vowels, glides and
 * h and maps each consonant onto one class: b (labials b p f v), t (t d th), k (velars k g q c kh and the
 * affricate j), s (sibilants s z ts sh ch zh), m, n, r (liquids l r).
 *
 * Such a key is coarse, so it only counts between tokens of different scripts, only when it is long enough
 * (MIN_CLASS_KEY classes), and only for a similarity below what could block on its own (see score.ts).
 */
import { phoneticKey, skeleton } from './phonetic.js';
import type { Script } from './transliterate.js';

/** Shorter class keys collide by chance across a list of tens of thousands of names. */
export const MIN_CLASS_KEY = 4;
/** At most this many class keys for one query token (the readings of ambiguous letters). */
const MAX_READINGS = 4;
// Hangul has one letter for several Latin consonants of different classes (ㅈ j or z, ㅅ s or th, ㅎ h or kh),
// in every combination (see hangul-loanwords.ts).
const MAX_HANGUL_READINGS = 8;
// Kana merges more of the sounds of the names it writes (see kana.ts), so a kana word has more readings.
const MAX_KANA_READINGS = 8;

type Rule = readonly [RegExp, string];

// Multi-letter consonants first, written as upper-case class letters so later rules leave them alone.
const DIGRAPHS: readonly Rule[] = [
  [/[^a-z]/g, ''],
  [/sch|sh|ch|zh|ts|tz|dz|cz|sz|zs|cs/g, 'S'],
  [/ph/g, 'B'],
  [/th|dh/g, 'T'],
  [/kh|gh|ck|qu/g, 'K'],
  [/x/g, 'KS'],
  [/c(?=[eiy])/g, 'S'],
];

const CLASS: Readonly<Record<string, string>> = {
  b: 'b',
  p: 'b',
  f: 'b',
  v: 'b',
  t: 't',
  d: 't',
  k: 'k',
  g: 'k',
  q: 'k',
  c: 'k',
  j: 'k',
  s: 's',
  z: 's',
  m: 'm',
  n: 'n',
  l: 'r',
  r: 'r',
  B: 'b',
  T: 't',
  K: 'k',
  S: 's',
};

/** The class key of one romanised (lower-case Latin) token; '' when it has no consonant. */
export function classKey(romanised: string): string {
  let text = romanised;
  for (const [pattern, replacement] of DIGRAPHS) text = text.replace(pattern, replacement);
  let out = '';
  for (const ch of text) {
    const cls = CLASS[ch];
    if (cls !== undefined && !out.endsWith(cls)) out += cls;
  }
  return out;
}

// Pinyin x is the sound sh/s (西 xi for si), not ks.
const PINYIN_X = /x/g;

/**
 * The class keys of a query token written in `script` (romanised as `romanised`, from `word` as written): the
 * default key, plus the readings where a letter is a consonant or a vowel (Hebrew ו, Arabic و: v/w or o/u).
 * Only keys of at least MIN_CLASS_KEY classes are returned.
 */
export function classKeys(word: string, romanised: string, script: Script, others: readonly string[] = []): string[] {
  // Arabic foreign-name readings of two consonants count only spelled alike (see score.ts), not by class.
  const readings = [romanised, ...(script === 'Arab' ? others.filter(hasThreeConsonants) : others)];
  // Latin sch and ch are k in Italian, Dutch and Greek-derived spellings (Schiavone, Christian, Chiara).
  if (script === 'Latn' && /ch/.test(romanised)) readings.push(romanised.replace(/ch/g, 'k'));
  // English r after a vowel is silent, and kana, Hangul and Han transcriptions leave it out (Carter カーター,
  // 카터 kateo; Kemper 켐퍼 kempeo).
  if (script === 'Latn' && POSTVOCALIC_R.test(romanised)) readings.push(romanised.replace(POSTVOCALIC_R, ''));
  // Polish ę and ą are nasal: other scripts write them with an n, or m before a labial (Świętochowski
  // Свентоховский, Zarębski Зарембский), which romanisation drops.
  if (script === 'Latn' && /[ęą]/.test(word)) {
    const nasal = polishNasals(word, romanised);
    if (nasal !== undefined) readings.push(nasal);
  }
  if (script === 'Hani') readings[0] = romanised.replace(PINYIN_X, 's');
  if (script === 'Hebr' || script === 'Arab') {
    const vav = script === 'Hebr' ? /\u05d5/ : /\u0648/;
    if (vav.test(word)) {
      // Romanised v/w/u of the vav, as a consonant v: the key with it as a labial as well as without it.
      readings.push(romanised.replace(script === 'Hebr' ? /v/g : /[wu]/g, 'v'));
      readings.push(romanised.replace(/v/g, ''));
    }
  }
  const keys = new Set<string>();
  for (const reading of readings) {
    const key = classKey(reading);
    if (key.length >= MIN_SHORT_CLASS_KEY) keys.add(key);
    if (keys.size >= (script === 'Hang' ? MAX_HANGUL_READINGS : script === 'Kana' ? MAX_KANA_READINGS : MAX_READINGS))
      break;
  }
  return [...keys];
}

/** `romanised` with the n (m before b, p) of each Polish nasal vowel of `word`, when letters match one to one. */
function polishNasals(word: string, romanised: string): string | undefined {
  const letters = [...word.normalize('NFC')];
  if (letters.length !== romanised.length) return undefined;
  let out = '';
  letters.forEach((letter, i) => {
    out += romanised[i];
    if (letter === 'ę' || letter === 'ą') out += /[bp]/.test(romanised[i + 1] ?? '') ? 'm' : 'n';
  });
  return out;
}

function hasThreeConsonants(reading: string): boolean {
  return skeleton(phoneticKey(reading)).length >= 3;
}

const POSTVOCALIC_R = /(?<=[aeiouy])r+(?![aeiouy])/g;

/**
 * Class keys this short only count for a token of a name that another, longer key already ties to the listed
 * name (Paul in פול ניומן once Newman agreed); they never find candidates on their own.
 */
export const MIN_SHORT_CLASS_KEY = 2;

/**
 * True when `b` is `a` with one class more or one class less, not the first: transcriptions drop or add a
 * consonant (Kemper 켐퍼 kmb, Nothstein ノースタイン nstn) but keep the first one, and a substituted class is as
 * often another name (Krishna krsn is not Prison brsn).
 */
export function oneClassApart(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1 || short[0] !== long[0]) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** The keys one class shorter than `key` (its deletion neighbourhood), for fuzzy class-key lookups. */
export function classDeletions(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}
