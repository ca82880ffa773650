/**
 * Scoring one query name against one listed name: token similarity, a one-to-one alignment of tokens, and a
 * score from how much of each side's weight the alignment explains. Weights come from the index (rarity across
 * the corpus times the token's role), so common words and legal forms cannot carry a match on their own.
 */
import type { NameToken } from './analyse.js';
import { phoneticKey, skeleton } from './phonetic.js';
import { classKey, MIN_CLASS_KEY, oneClassApart } from './cross-script.js';
import { hanAlignment, hanBestFit } from './han-alignment.js';
import {
  hanCharacterReadings,
  hanLatinClassKeys,
  hanShape,
  looseHanShape,
  MIN_HAN_SHAPE,
} from './han-transcription.js';
import { kanaSimilarity, spokenKeys } from './kana.js';
import {
  arabicVowelsAgree,
  comparesSpoken,
  comparesWithoutSilentH,
  hebrewVowelSpelling,
  hebrewVowelsAgree,
  unwrittenFinalU,
  vowelSlots,
} from './semitic.js';
import { transcriptionSimilarity } from './cyrillic.js';
import { jaroWinkler } from './similarity.js';
import type { Script } from './transliterate.js';

/** A token with the weight the index gives it. */
export interface WeightedToken {
  token: NameToken;
  weight: number;
}

/** One aligned pair of tokens and how alike they are. */
export interface TokenPair {
  query: string;
  listed: string;
  similarity: number;
}

/** Everything behind a name score, for analysts and for the decision record. */
export interface NameScoreDetail {
  /** Score in [0,1] before date-of-birth and nationality evidence. */
  score: number;
  /** Share of the query's weight explained by the listed name. */
  coverageQuery: number;
  /** Share of the listed name's weight explained by the query. */
  coverageListed: number;
  pairs: TokenPair[];
  missingQueryTokens: string[];
  missingListedTokens: string[];
  /** False when the aligned tokens appear in a different order (any rotation of the listed name is allowed). */
  orderPreserved: boolean;
  queryScript: Script;
  listedScript: Script;
  /** True when every aligned pair agrees only on a cross-script class key: such a name never blocks. */
  crossScriptKeysOnly: boolean;
}

// Below this Jaro-Winkler similarity two keys are different words; above it, the distance from 1 is
// multiplied by FUZZY_STEEPNESS.
const MIN_JW = 0.85;
const FUZZY_STEEPNESS = 3;
// Keys this short differ in meaning by one letter (Li/Lu, Yang/Liang), so they must match exactly.
const SHORT_KEY = 4;
/** Vowel-only differences only count on skeletons this long, so they do not collide by chance (Putin/Petion). */
export const MIN_SKELETON = 4;
// A key that is another key plus two or more letters is a derived name (Melnik/Melnikov, Ivan/Ivanov).
const DERIVED_CAP = 0.6;
// The two coverages weigh the same: missing a designee's rare surname counts as much as an unexplained word.
const QUERY_EXPONENT = 0.5;
const ORDER_PENALTY = 0.97;

function initialSimilarity(a: NameToken, b: NameToken): number {
  if (a.text[0] !== b.text[0]) return 0;
  return a.role === 'initial' && b.role === 'initial' ? 0.9 : 0.75;
}

function skeletonSimilarity(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 0.85 : 0;
  if (a === b) return 0.9;
  const jw = jaroWinkler(a, b);
  return jw >= 0.9 ? jw * 0.85 : 0;
}

function keySimilarity(a: string, b: string, skeletonA: string, skeletonB: string): number {
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  if (shorter <= SHORT_KEY) return 0;
  const jw = jaroWinkler(a, b);
  // Readings and keys absorb the usual romanisation differences, so what is left counts double.
  let sim = jw >= MIN_JW ? 1 - (1 - jw) * FUZZY_STEEPNESS : 0;
  const longer = a.length > b.length ? a : b;
  if (longer.length - shorter >= 2 && longer.startsWith(a.length > b.length ? b : a)) sim = Math.min(sim, DERIVED_CAP);
  // Vowel-only differences are how Arabic and Persian names vary in Latin (Mohammed/Muhammad, Husayn/Hussein).
  // Shorter skeletons count only when the keys differ in vowels alone, letter for letter (Belal/Bilal).
  const vowelsOnly = a.length === b.length && skeletonA.length >= MIN_SKELETON - 1;
  if (skeletonA === skeletonB && (skeletonA.length >= MIN_SKELETON || vowelsOnly)) return Math.max(sim, 0.8);
  return sim;
}

/**
 * Similarity of two tokens of different scripts that agree only on a cross-script class key: enough to HOLD a
 * name whose every token agrees so, never enough to BLOCK (even an exact date of birth and nationality lift 0.82
 * only to about 0.9); `describeScore` flags such names so the policy can cap them at HOLD whatever its threshold.
 */
export const CLASS_SIMILARITY = 0.85;
// The same for a class key of MIN_SHORT_CLASS_KEY to MIN_CLASS_KEY - 1 classes, and for keys of at least
// MIN_CLASS_KEY classes (on the longer side) that differ by one class (켐퍼 kmb for Kemper kmbr).
const SHORT_CLASS_SIMILARITY = 0.82;
const FUZZY_CLASS_SIMILARITY = 0.81;

// Scripts whose own romanisation rules are good enough that class keys only add chance collisions.
const OWN_RULES: ReadonlySet<Script> = new Set(['Latn', 'Cyrl', 'Grek']);

// Of CLASS_SIMILARITY, the share that the closeness of the two romanisations adds: names agreeing on a class key
// rank by how alike they are written (帕雷德斯 paleidesi is Paredes before Faratech).
const CLASS_CLOSENESS = 0.1;
// Kana, Hangul and Han romanisations add a vowel to every consonant (마크 에번스 makeu ebeonseu for Mark Evans),
// so how alike they are spelled says less: half as much.
const SYLLABIC: ReadonlySet<Script> = new Set(['Hang', 'Kana', 'Hani']);
const SYLLABIC_CLOSENESS = 0.05;

// A class key agrees by chance with many listed words (a short one with thousands); read back by the loanword
// orthography (hangul-loanwords.ts), a Hangul word that is the listed one is also spelled close to it.
const HANGUL_CLOSENESS = 0.72;

// Cyrillic and Greek romanise faithfully, so between them and Latin a class key counts only for spellings that
// stay close (симода simoda for Shimoda, тафтон for Tufton; not Sokolova for Zacharova).
const FAITHFUL_CLOSENESS = 0.85;

// The shapes (han-transcription.ts) of a Han transcription's readings, and of a listed word's key.
const hanShapes = perToken(
  (token) => new Set((token.transcribed ?? []).map(hanShape).filter((shape) => shape.length >= MIN_HAN_SHAPE)),
);
// Also as Han may hear the word: th as the s Han writes it with (Beckwith 貝克威斯, Othella 奥塞拉; see
// LATIN_AS_HAN), which the key reads as t; without a final letter or an h not said (UNSOUNDED_FINAL, SILENT_H); and a
// ch as k, as Greek, Italian and Dutch spellings say it (Plutarch 普魯塔克, Rebecchi 蕾貝琪, Schuring 史考琳), and as
// kh, as German does (Gersbach 蓋斯巴赫, Wambach 瓦姆巴赫), which the tables write with the h syllables; and, but in
// sch, as sh, as French and the German of Teuchert 托伊歇特 say it.
const latinShapes = perToken((token) => [
  ...new Set(
    [
      token.key,
      ...(token.text.includes('th') ? [phoneticKey(token.text.replace(/th/g, 's'))] : []),
      ...(UNSOUNDED_FINAL.test(token.text) ? [phoneticKey(token.text.replace(UNSOUNDED_FINAL, ''))] : []),
      phoneticKey(token.text.replace(SILENT_H, '')),
      phoneticKey(token.text.replace(SYLLABLE_FINAL_M, 'n')),
      ...(token.text.includes('ch')
        ? [
            phoneticKey(token.text.replace(/ch/g, 'k')),
            phoneticKey(token.text.replace(/ch/g, 'kh')),
            phoneticKey(token.text.replace(/(?<!s)ch/g, 'sh')),
          ]
        : []),
    ].map(hanShape),
  ),
]);
// A final t, s, x or z that French leaves unsaid (Cornet 科爾內, Coupet 库佩, Penikett 潘尼凱) and a final h after a
// vowel (Appiah 阿皮亚, Savannah): Han transcribes the name as said. Not d, which Arabic names end in (Zomoroud),
// but for the d of a final nd, which the tables leave out (Kirkland 柯克兰, Pravind 普拉文).
const UNSOUNDED_FINAL = /(?<=[aeiouy])(?:[tsxz]+|h)$|(?<=[aeiouy]n)d$/;
// An h after a vowel and not before one (Krahn 克拉恩, Boehner, Fährmann 費爾曼), and the h of an initial rh or wh
// (Rhett), is not said, and Han writes none.
// Han syllables end in n, never m: an m after a vowel and not before a vowel or labial is written n (Salem 賽倫).
const SYLLABLE_FINAL_M = /(?<=[aeiouy])m(?![aeiouybpfm])/g;
const SILENT_H = /(?<=[aeiouy])h(?![aeiouy])|(?<=^[rw])h/g;

// The same with vowels of no quality (looseHanShape).
const hanLooseShapes = perToken(
  (token) => new Set((token.transcribed ?? []).map((reading) => looseHanShape(hanShape(reading))).filter(defined)),
);
/** The loose shapes (looseHanShape) of a Latin word, for a Han transcription to agree with. */
export const latinLooseShapes = perToken((token) => [
  ...new Set(latinShapes(token).map(looseHanShape).filter(defined)),
]);

function defined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

// A Han transcription whose reading has the Latin word's consonants and vowel places, its vowels apart, agrees
// just enough to hold, and up to LOOSE_SHAPE_CLOSENESS more by how alike the two are spelled: below what class keys
// give a word alike in spelling, so that it counts only where nothing else agrees (達德 Dod, 纳特 Nutt).
const LOOSE_SHAPE_SIMILARITY = 0.8;
const LOOSE_SHAPE_CLOSENESS = 0.004;

// A Han transcription whose reading's shape is one letter from the Latin word's (斯戴宾斯 sdibins, Stebbings
// stibins; 米洛克 miluk, Medlock midluk) agrees this well, and up to NEAR_SHAPE_CLOSENESS more by closeness of
// spelling: below an equal shape, above most agreement of class keys alone. Shapes shorter than MIN_NEAR_SHAPE are
// one letter from too many words.
const NEAR_SHAPE_SIMILARITY = 0.83;
const NEAR_SHAPE_CLOSENESS = 0.01;
const MIN_NEAR_SHAPE = 4;

/** True when two strings differ by one letter replaced, added or left out. */
function oneEditApart(x: string, y: string): boolean {
  if (Math.abs(x.length - y.length) > 1 || x === y) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (x.length === y.length) return x.slice(i + 1) === y.slice(i + 1);
  return x.length > y.length ? x.slice(i + 1) === y.slice(i) : x.slice(i) === y.slice(i + 1);
}

// A listed Latin word's class keys for a Han transcription: also as the transcription may write it (Arnold nt).
const hanListedKeys = perToken((token) => [...new Set([...token.classKeys, ...hanLatinClassKeys(token.text)])]);

// Below CLASS_SIMILARITY, so that a listed word of the transcription's shape ranks first (see tokenSimilarity).
const HAN_SPELLED_NEAR = 0.84;

/** True when both tokens are of the roles a transcription of a person's name agrees across scripts with. */
function namesAlike(a: NameToken, b: NameToken): boolean {
  return a.role === 'name' && (b.role === 'name' || b.role === 'middle' || b.role === 'patronymic');
}

/** `floor`: a similarity the caller has already; when no class key can beat it, 0 without comparing spellings. */
function classSimilarity(a: NameToken, b: NameToken, floor = 0): number {
  if (a.script === b.script || (b.script !== 'Latn' && OWN_RULES.has(a.script) && OWN_RULES.has(b.script))) return 0;
  const faithful = OWN_RULES.has(a.script) && OWN_RULES.has(b.script);
  // Generic words, legal forms and particles are not what a transcription of a person's name agrees with.
  if (!namesAlike(a, b)) return 0;
  let level = 0;
  const listedKeys = a.transcribed !== undefined && b.script === 'Latn' ? hanListedKeys(b) : b.classKeys;
  for (const ka of a.classKeys) {
    for (const kb of listedKeys) {
      if (ka === kb) level = Math.max(level, ka.length >= MIN_CLASS_KEY ? CLASS_SIMILARITY : SHORT_CLASS_SIMILARITY);
      else if (Math.min(ka.length, kb.length) >= MIN_CLASS_KEY - 1 && oneClassApart(ka, kb)) {
        // A long transcription (Grzybowska 葛茲波絲卡) one class apart is as good as a short key that agrees.
        const long = a.transcribed !== undefined && Math.min(ka.length, kb.length) >= MIN_CLASS_KEY;
        level = Math.max(level, long ? SHORT_CLASS_SIMILARITY : FUZZY_CLASS_SIMILARITY);
      }
    }
  }
  if (level === 0 || level <= floor) return 0;
  // A Han transcription is as close as its readings by the tables are (喬伊斯 jois is Joyce before Qais): not its
  // Pinyin, which spells every character as a syllable of its own.
  const readings = a.transcribed ?? closenessReadings(a);
  let close = 0;
  for (const reading of readings) close = Math.max(close, jaroWinkler(reading, b.key));
  if (faithful && close < FAITHFUL_CLOSENESS) return 0;
  // 네빌 nevil is Neville; 호들러 hodler is not DALAH, though both are tr.
  if (a.script === 'Hang' && close < HANGUL_CLOSENESS) return 0;
  return level - (SYLLABIC.has(a.script) && !a.transcribed ? SYLLABIC_CLOSENESS : CLASS_CLOSENESS) * (1 - close);
}

const VOWEL = /[aeiouy]/;
// The Latin vowels an Arabic long vowel (alef, yeh, waw as romanised) is written with.
const LATIN_VOWELS: Readonly<Record<string, string>> = { a: 'aeo', i: 'iey', y: 'iey', u: 'uo', o: 'uo', e: 'eia' };

/**
 * True when an Arabic key (consonants and the long vowels Arabic writes) and a Latin key with the same consonants
 * disagree on a vowel: after some consonant the Arabic writes a long vowel that the Latin spelling has no vowel
 * of the same quality for. The leading slot is not compared (an initial alef carries any vowel).
 */
export function longVowelsDisagree(arabic: string, latin: string): boolean {
  const a = vowelSlots(arabic);
  const l = vowelSlots(latin);
  if (a.length !== l.length) return false;
  if (unwrittenFinalU(a, l)) return true;
  const consonants = skeleton(arabic);
  for (let i = 1; i < a.length; i++) {
    const written = a[i] as string;
    if (written === '') continue;
    // Arabic starts no word with two consonants: it breaks a foreign name's initial cluster with a written vowel
    // (ديمتري for Dmitry, as Dimitri).
    if (i === 1 && l[0] === '' && l[1] === '' && a.length > 2) continue;
    // The alef of an article inside a word is read u, e or not at all (عبدالرحمن Abdul Rahman, حمدالله
    // Hamdullah); a final alef maksura or ta marbuta is as often i or e (حقانى Haqqani).
    if (written === 'a' && consonants[i] === 'l') continue;
    const last = i === a.length - 1;
    const there = l[i] as string;
    // A Latin diphthong (ei, ai, ay) is a written yeh in Arabic (حسین Husein, not احسان Ehsan).
    if (/[aeo][iy]/.test(there) && !/[iy]/.test(written)) return true;
    const agrees = [...written].some((v) =>
      [...(last && v === 'a' ? 'aeoi' : (LATIN_VOWELS[v] ?? v))].some((c) => there.includes(c)),
    );
    if (!agrees) return true;
  }
  return false;
}

/** `compute` of a token, once per token: a query token meets hundreds of listed ones. */
function perToken<T>(compute: (token: NameToken) => T): (token: NameToken) => T {
  const memo = new WeakMap<NameToken, T>();
  return (token) => {
    let value = memo.get(token);
    if (value === undefined) {
      value = compute(token);
      memo.set(token, value);
    }
    return value;
  };
}

// The skeletons of a token's alternative readings, and its key and alternatives together.
const skeletonsOf = perToken((token) => token.alternatives.map(skeleton));
const keyAndAlternatives = perToken((token) => [token.key, ...token.alternatives]);
// The readings whose spelling a class key's closeness is taken from: an Arabic reading of two consonants only
// counts spelled alike (see skeletonsSimilarity), so not here.
const closenessReadings = perToken((token) =>
  token.script === 'Arab'
    ? [token.key, ...token.alternatives.filter((_, k) => (skeletonsOf(token)[k] as string).length >= 3)]
    : keyAndAlternatives(token),
);
// Similarities of a vowelless word with listed skeletons, for listed words that start with a consonant and a vowel.
const vowellessMemo = perToken((): [Map<string, number>, Map<string, number>] => [new Map(), new Map()]);

/** Similarity of a vowelless word (under any of its readings) and a word of consonant skeleton `listed`. */
function vowellessSimilarity(a: NameToken, b: NameToken, listed: string): number {
  // It depends on the listed word only through its skeleton and whether it starts with a vowel, and the listed
  // words near a query word share few skeletons: memoised per query token on both.
  const startsWithVowel = VOWEL.test(b.key[0] ?? '');
  const byStart = vowellessMemo(a)[startsWithVowel ? 1 : 0];
  // A Hebrew or Arabic reading of two consonants is compared on its written vowels too: there the listed key matters.
  const memoKey = (a.foreign === true || a.script === 'Arab') && listed.length <= 2 ? `${listed}:${b.text}` : listed;
  let sim = byStart.get(memoKey);
  if (sim === undefined) {
    sim = skeletonsSimilarity(a, startsWithVowel, listed, b);
    byStart.set(memoKey, sim);
  }
  return sim;
}

/**
 * True when an Arabic reading of two consonants is the listed word's: its consonant classes are the Latin
 * word's as written (the key reads h as g: جن gun is not HUN), and its written vowels fit (see arabicVowelsAgree).
 */
function arabicShortAgrees(reading: string, b: NameToken, loosely = false): boolean {
  const classes = classKey(reading);
  if (!b.classKeys.includes(classes) && classKey(b.text) !== classes && germanW(b) !== classes) return false;
  return reading === b.key || arabicVowelsAgree(reading, b.text, b.key, loosely);
}

// The consonant classes of a Latin word with a w that starts a syllable after no vowel read v, as German, Dutch
// and Polish say it and Arabic writes it with ف (فايس Weiß, فيك Wijk); undefined for a word without such a w. The
// class keys read w as the glide of English names, as Latin spellings of Arabic names write it between vowels
// (NAWAY is not نوف).
const GERMAN_W = /(?<![aeiouy])w(?=[aeiouy])/g;
const germanW = perToken((token) => {
  const read = token.text.replace(GERMAN_W, 'v');
  return read === token.text ? undefined : classKey(read);
});

const UNFIT_VOWELS = 0.85;
// A reading ending in yeh and one consonant (aulig).
const CLOSED_LAST = /[iy][^aeiouy]$/;

// How alike a Hebrew reading of two consonants and a Latin key must be spelled to count as more than a short key.
const SPELLED_ALIKE = 0.9;

function skeletonsSimilarity(a: NameToken, listedStartsWithVowel: boolean, listed: string, b: NameToken): number {
  let best = skeletonSimilarity(a.skeleton, listed);
  // One written consonant agrees with a listed word by chance as readily as a short class key (עתי t, ATTIA).
  if (a.vowelless && a.skeleton.length < 2) best = Math.min(best, SHORT_CLASS_SIMILARITY);
  // An Arabic word of two consonants whose written long vowels the Latin word lacks is less likely it than one
  // that has them (بول bul: BULL before BELLA), though still close enough to hold on its own.
  if (a.script === 'Arab' && a.skeleton.length === 2 && listed === a.skeleton) {
    if (!arabicVowelsAgree(a.key, b.text, b.key, true)) best = Math.min(best, UNFIT_VOWELS);
  }
  const skeletons = skeletonsOf(a);
  for (let k = 0; k < a.alternatives.length; k++) {
    const alt = a.alternatives[k] as string;
    if (best >= 0.9) break;
    // A reading with vowels (Hebrew vav and yod) leaves short skeletons that collide easily (נועם noam/naeem).
    // On one consonant, the words must at least both start with a vowel or both with a consonant (לוי loi is
    // not ALI; אורי ori is ORI, ידעיה idya YEDAYA).
    const altSkeleton = skeletons[k] as string;
    if (altSkeleton.length < 2 && VOWEL.test(alt[0] ?? '') !== listedStartsWithVowel) continue;
    // Hebrew writes the vowels of a foreign name (see semitic.ts): on two consonants or one, they must agree too (שור
    // shor is not YASAR, נועה noa not NEW).
    if (altSkeleton.length <= 2 && a.script === 'Hebr' && !hebrewVowelsAgree(alt, b.key)) continue;
    // Two consonants with the vowels written alike are the same short name (בוב Bob, דול Dole, ארסה Arce).
    let spelled =
      altSkeleton.length === 2 &&
      (a.script === 'Hebr'
        ? jaroWinkler(hebrewVowelSpelling(alt), hebrewVowelSpelling(b.key))
        : jaroWinkler(alt, b.key)) >= SPELLED_ALIKE;
    // An Arabic foreign-name reading of two consonants counts only spelled as the Latin key is, on its consonant
    // classes too (the key reads h as g: جن gun is not HUN): بيني pini is PINI, not BENA. Arabic names of
    // two consonants agree with too many listed words otherwise (رجائي rgai and RAGE).
    if (altSkeleton.length === 2 && a.script === 'Arab') {
      if (!arabicShortAgrees(alt, b)) {
        // Arabic writes the short e of a foreign name's closed last syllable with yeh too (أوليغ Oleg, بيتر Peter):
        // such a reading is as close as the written one whose vowels the Latin word lacks (UNFIT_VOWELS). Not in an
        // open syllable, where a yeh is the long i (بينا pina is not PENA).
        if (CLOSED_LAST.test(alt) && arabicShortAgrees(alt, b, true)) best = Math.max(best, UNFIT_VOWELS);
        continue;
      }
      spelled = true;
    }
    const sim = skeletonSimilarity(altSkeleton, listed);
    best = Math.max(best, altSkeleton.length < 3 && !spelled ? Math.min(sim, SHORT_CLASS_SIMILARITY) : sim);
  }
  return best;
}

/**
 * Similarity in [0,1] of a query token and a listed token: 1 for the same key (under any reading of the query
 * token), less for near keys, 0 for different words.
 */
export function tokenSimilarity(a: NameToken, b: NameToken): number {
  if (a.role === 'initial' || b.role === 'initial') return initialSimilarity(a, b);
  // Two letters of a script without written short vowels agree with a Latin word of two letters by chance
  // (עיסא ys and IS, אמה mh and MG): as much as a short class key.
  if (a.key === b.key) return a.key.length <= 2 && a.vowelless && !b.vowelless ? SHORT_CLASS_SIMILARITY : 1;
  if (a.spellings !== undefined && b.script === 'Latn' && a.spellings.includes(b.text)) return 1;
  let best: number;
  if (a.vowelless || b.vowelless) {
    best = vowellessSimilarity(a, b, b.skeleton);
    if (b.silentH !== undefined && comparesWithoutSilentH(a.script, a.foreign, b.silentH))
      best = Math.max(best, vowellessSimilarity(a, b, b.silentH));
    if (b.spoken !== undefined && comparesSpoken(a.script, a.foreign, b.spoken) && best < 0.9)
      best = Math.max(best, vowellessSimilarity(a, b, b.spoken));
  } else {
    best = keySimilarity(a.key, b.key, a.skeleton, b.skeleton);
    const skeletons = a.alternatives.length > 0 ? skeletonsOf(a) : [];
    for (let k = 0; k < a.alternatives.length; k++) {
      if (best === 1) break;
      const alt = a.alternatives[k] as string;
      best = Math.max(best, alt === b.key ? 1 : keySimilarity(alt, b.key, skeletons[k] as string, b.skeleton));
    }
    // Kana writes vowels of its own for a foreign name's (kana.ts).
    if (a.script === 'Kana' && b.script === 'Latn' && best < 1) {
      best = Math.max(best, kanaSimilarity(keyAndAlternatives(a), b.key, spokenKeys(b.text)));
    }
  }
  if (a.cyrillic !== undefined && b.script === 'Latn' && best < 1) return transcribed(a.cyrillic.word, b, best);
  // A Han transcription's readings are the tables' guesses at a foreign spelling, so one spelled near a Latin word,
  // and not as it, agrees no better than by class key (加勒廷 galetin is Gallatin as much as Galletti).
  if (a.transcribed !== undefined && b.script === 'Latn' && best < 1) best = Math.min(best, HAN_SPELLED_NEAR);
  // A Han transcription whose reading has the Latin word's shape agrees as well as an equal class key, whatever
  // its spelling's closeness: it ranks before the many words of like consonant classes (柯蒂斯 Kurtis, not Cortus).
  if (a.transcribed !== undefined && b.script === 'Latn' && best < CLASS_SIMILARITY && namesAlike(a, b)) {
    const shapes = hanShapes(a);
    for (const shape of latinShapes(b)) if (shapes.has(shape)) return CLASS_SIMILARITY;
    // Not for a word that is as well a Chinese personal name (謝麗雪 Xie Lixue is not SYRISS), as below.
    if (a.personalName !== true && best < NEAR_SHAPE_SIMILARITY) {
      let near = false;
      for (const shape of latinShapes(b)) {
        if (shape.length < MIN_NEAR_SHAPE) continue;
        for (const own of shapes) if (own.length >= MIN_NEAR_SHAPE && oneEditApart(own, shape)) near = true;
      }
      if (near) {
        let close = 0;
        for (const reading of a.transcribed) close = Math.max(close, jaroWinkler(reading, b.key));
        best = Math.max(best, NEAR_SHAPE_SIMILARITY + NEAR_SHAPE_CLOSENESS * close);
      }
    }
    const loose = hanLooseShapes(a);
    // Not for a word that is as well a Chinese personal name (苏文 Su Wen is not SARVIN; see NameToken.personalName).
    if (
      a.personalName !== true &&
      best < LOOSE_SHAPE_SIMILARITY + LOOSE_SHAPE_CLOSENESS &&
      latinLooseShapes(b).some((shape) => loose.has(shape))
    ) {
      let close = 0;
      for (const reading of a.transcribed) close = Math.max(close, jaroWinkler(reading, b.key));
      best = Math.max(best, LOOSE_SHAPE_SIMILARITY + LOOSE_SHAPE_CLOSENESS * close);
    }
  }
  return best >= CLASS_SIMILARITY || a.script === b.script ? best : Math.max(best, classSimilarity(a, b, best));
}

// A one-word Han transcription's readings agree with many listed words by class key or shape at about the same
// similarity (a rival's 0.85, the word it transcribes 0.84). How well a Latin word fits the Han word character by
// character (han-alignment.ts, learned from how often each character writes each run of letters) tells them
// apart: a similarity above ALIGN_KEEP loses ALIGN_SLOPE for each unit by which the word's fit falls short of the
// best any word could have (at most ALIGN_MAX_LOSS), never below ALIGN_KEEP. It ranks the words that agree (and
// breaks their ties: the evaluation counts a tie at the top as found, the analyst sees a tie as no ranking), and
// never decides whether one is held: it never raises a similarity, nor lowers one to below HOLD.
const ALIGN_SLOPE = 0.005;
const ALIGN_MAX_LOSS = 0.05;
const ALIGN_KEEP = 0.805;
const ALIGN_TIE = 0.004;

const bestFit = perToken((token) => hanBestFit(token.han ?? [], hanCharacterReadings));
const alignments = perToken((): Map<string, number | undefined> => new Map());

// The Latin word as a Han transcription hears it, which the learned runs do not say (a letter said with no
// character leaves no run): an l or r after a vowel and before a consonant or at the end left out (Kurtis 柯蒂斯),
// a final letter or an h not said (Cornet 科爾內, Krahn 克拉恩), a syllable-final m as n (Salem 賽倫), ch as k
// (Plutarch 普魯塔克). Each fits for ALIGN_SPOKEN less than it would as written.
const ALIGN_SPOKEN = 1;
const POSTVOCALIC_LIQUID = /(?<=[aeiouy])[lr]+(?=[^aeiouyh]|$)/g;
const spokenForms = (text: string): string[] =>
  [
    text.replace(POSTVOCALIC_LIQUID, ''),
    text.replace(UNSOUNDED_FINAL, ''),
    text.replace(SILENT_H, ''),
    text.replace(SYLLABLE_FINAL_M, 'n'),
    text.replace(/ch/g, 'k'),
    text.replace(/th/g, 's'),
  ].filter((form) => form !== text && form !== '');

/** The fit (han-alignment.ts) of a Han transcription with a Latin word, memoised per query token. */
function alignmentOf(a: NameToken, b: NameToken): number | undefined {
  const memo = alignments(a);
  if (memo.has(b.text)) return memo.get(b.text);
  const han = a.han as readonly string[];
  let fit = hanAlignment(han, b.text, hanCharacterReadings);
  if (fit !== undefined) {
    for (const form of spokenForms(b.text)) {
      const spoken = hanAlignment(han, form, hanCharacterReadings);
      if (spoken !== undefined) fit = Math.max(fit, spoken - ALIGN_SPOKEN);
    }
  }
  memo.set(b.text, fit);
  return fit;
}

/**
 * `sim` (tokenSimilarity) of the one word of a query and a listed word, lowered when the query word is a Han
 * transcription the listed word fits badly (see ALIGN_SLOPE).
 */
export function alignedSimilarity(a: NameToken, b: NameToken, sim: number): number {
  if (a.han === undefined || b.script !== 'Latn' || sim <= ALIGN_KEEP) return sim;
  const fit = alignmentOf(a, b);
  const best = bestFit(a);
  if (fit === undefined || best === undefined || fit >= best) return sim;
  // Words lowered as far as ALIGN_KEEP still rank by their fit, within ALIGN_TIE above it: none ties by it.
  const floor = ALIGN_KEEP + ALIGN_TIE * Math.min(1, Math.max(0, (1 + fit / best) / 2));
  return Math.min(sim, Math.max(floor, sim - Math.min(ALIGN_MAX_LOSS, ALIGN_SLOPE * (best - fit))));
}

// A Cyrillic word that no Russian transcription practice writes for a Latin word agrees with it less than
// HOLD, however alike their romanisations are spelled (тетл is not Trell, берто is Berthaut before Berton).
const UNTRANSCRIBED = 0.79;

/** A Cyrillic word against a Latin one: as a Russian transcription of it (Арто Arthaud, Пэланс Palance). */
function transcribed(cyrillic: string, b: NameToken, spelled: number): number {
  const fit = transcribes(b) ? transcriptionSimilarity(cyrillic, b.text) : 0;
  // Close spelling may count a little above a transcription that fits (Сильвестр silvestri), never far above.
  const cap = fit > 0 ? Math.max(UNTRANSCRIBED, fit + SPELLING_MARGIN) : UNTRANSCRIBED;
  return Math.max(Math.min(spelled, cap), fit);
}

const SPELLING_MARGIN = 0.06;

/**
 * True when a listed word is one a Russian transcription may stand for: a name, not a legal form or generic word
 * (BANK, COMPANY), which a Cyrillic name would write as a word of its own (Банк).
 */
export function transcribes(listed: NameToken): boolean {
  return listed.role === 'name' || listed.role === 'middle' || listed.role === 'patronymic';
}

/** One aligned pair by position: query token `q` with listed token `l`. */
export interface AlignedPair {
  q: number;
  l: number;
  sim: number;
}

/** The numbers of one alignment, before they are dressed up as features. */
export interface AlignedScore {
  score: number;
  coverageQuery: number;
  coverageListed: number;
  orderPreserved: boolean;
  pairs: AlignedPair[];
}

function align(
  query: readonly WeightedToken[],
  listed: readonly WeightedToken[],
  similarity: (q: number, l: number) => number,
): AlignedPair[] {
  const candidates: Array<AlignedPair & { weight: number }> = [];
  for (let q = 0; q < query.length; q++) {
    for (let l = 0; l < listed.length; l++) {
      const sim = similarity(q, l);
      if (sim > 0) candidates.push({ q, l, sim, weight: (query[q]?.weight ?? 0) + (listed[l]?.weight ?? 0) });
    }
  }
  // Greedy by similarity, then by weight; positions break the remaining ties so the result is deterministic.
  candidates.sort((x, y) => y.sim - x.sim || y.weight - x.weight || x.q - y.q || x.l - y.l);
  let usedQ = 0;
  let usedL = 0;
  const pairs: AlignedPair[] = [];
  for (const c of candidates) {
    // Names have far fewer than 31 tokens that matter; later ones simply stay unaligned.
    if (c.q > 30 || c.l > 30 || usedQ & (1 << c.q) || usedL & (1 << c.l)) continue;
    usedQ |= 1 << c.q;
    usedL |= 1 << c.l;
    pairs.push({ q: c.q, l: c.l, sim: c.sim });
  }
  return pairs.sort((a, b) => a.q - b.q);
}

/** True when listed positions, read in query order, rise except for at most one wrap-around. */
function orderPreserved(byQuery: readonly AlignedPair[]): boolean {
  let descents = 0;
  for (let i = 1; i < byQuery.length; i++) {
    if ((byQuery[i] as AlignedPair).l < (byQuery[i - 1] as AlignedPair).l) descents++;
  }
  if (descents === 0) return true;
  const first = byQuery[0];
  const last = byQuery[byQuery.length - 1];
  return descents === 1 && first !== undefined && last !== undefined && last.l < first.l;
}

// The share of its weight a listed realm word counts for when the query leaves it out (NameToken.realm).
const REALM_SHARE = 0.1;

/** The weight the listed realm words the query leaves out do not count for. */
function unpairedRealmWeight(listed: readonly WeightedToken[], pairs: readonly AlignedPair[]): number {
  let out = 0;
  listed.forEach((t, l) => {
    if (t.token.realm === true && !pairs.some((p) => p.l === l)) out += t.weight * (1 - REALM_SHARE);
  });
  return out;
}

function totalWeight(tokens: readonly WeightedToken[]): number {
  let sum = 0;
  for (const t of tokens) sum += t.weight;
  return sum;
}

// A name matched across scripts by approximate agreement alone must carry at least this many consonant classes
// on the listed side, so that two short names do not agree by chance (נועם מור and NAEEM Umair: nm, mr).
const MIN_NAME_CLASSES = 5;
const APPROXIMATE = 0.9;
const THIN_PENALTY = 0.9;

function thinCrossScript(
  pairs: readonly AlignedPair[],
  query: readonly WeightedToken[],
  listed: readonly WeightedToken[],
): boolean {
  if (pairs.length === 0) return false;
  // A Han transcription of one word and a listed name of one word are compared on their keys however short (喬伊斯
  // JOYCE): the one-word names are few, and closeness ranks them.
  if (query.length === 1 && listed.length === 1 && query[0]?.token.transcription === true) return false;
  let classes = 0;
  for (const p of pairs) {
    const qt = (query[p.q] as WeightedToken).token;
    const lt = (listed[p.l] as WeightedToken).token;
    if (p.sim >= APPROXIMATE || qt.script === lt.script || OWN_RULES.has(qt.script)) return false;
    let longest = lt.skeleton.length;
    for (const key of lt.classKeys) longest = Math.max(longest, key.length);
    classes += longest;
  }
  // One token on its own needs a key of its own length (李娜 lina is not LENA: rn).
  return classes < (pairs.length > 1 ? MIN_NAME_CLASSES : MIN_CLASS_KEY - 1);
}

/**
 * True when an aligned Arabic query word and a Latin listed word agree on their consonants but not on the long
 * vowels the Arabic writes (حسين Husayn and HASSAN, سارا Sara and SURI). Within a name of several words that is
 * another name; a single word is compared on its consonants alone, as Arabic transcribes foreign names with
 * vowels of its own (أثانيسيوس Athanasius).
 */
function vowelsDisagree(p: AlignedPair, query: readonly WeightedToken[], listed: readonly WeightedToken[]): boolean {
  const qt = (query[p.q] as WeightedToken).token;
  const lt = (listed[p.l] as WeightedToken).token;
  return (
    qt.script === 'Arab' &&
    lt.script === 'Latn' &&
    p.sim < 1 &&
    qt.skeleton === lt.skeleton &&
    longVowelsDisagree(qt.key, lt.key)
  );
}

/**
 * True for an Arabic or Hebrew query word that agrees with its listed word only on consonant classes one apart
 * (عسكري askri and SUNGKAR, שמעוני and SCHIAVONE): beside a word that agrees closely, in a name of several words,
 * it is little evidence, so its similarity counts squared. A single word is still compared so (both scripts
 * transcribe foreign names loosely).
 */
// Below this, an Arabic word agrees with the listed one only on class keys one class apart or far apart in
// spelling (an equal short class key between close spellings scores up to SHORT_CLASS_SIMILARITY).
const LOOSE = 0.81;

function looseArabic(p: AlignedPair, query: readonly WeightedToken[]): boolean {
  return (query[p.q] as WeightedToken).token.vowelless && p.sim < LOOSE;
}

/**
 * Aligns `query` with `listed` one to one, greedily by `similarity(q, l)` (positions), and scores the result:
 * the geometric mean of the weight shares each side has explained, less a little when the order differs.
 */
export function alignAndScore(
  query: readonly WeightedToken[],
  listed: readonly WeightedToken[],
  similarity: (q: number, l: number) => number,
): AlignedScore {
  const pairs = align(query, listed, similarity)
    .filter((p) => query.length < 2 || !vowelsDisagree(p, query, listed))
    .map((p) => (query.length >= 2 && looseArabic(p, query) ? { ...p, sim: p.sim * p.sim } : p));
  let matchedQ = 0;
  let matchedL = 0;
  for (const p of pairs) {
    matchedQ += p.sim * (query[p.q] as WeightedToken).weight;
    matchedL += p.sim * (listed[p.l] as WeightedToken).weight;
  }
  const wq = totalWeight(query);
  const wl = totalWeight(listed) - unpairedRealmWeight(listed, pairs);
  const coverageQuery = wq > 0 ? matchedQ / wq : 0;
  const coverageListed = wl > 0 ? matchedL / wl : 0;
  const preserved = orderPreserved(pairs);
  let score = coverageQuery ** QUERY_EXPONENT * coverageListed ** (1 - QUERY_EXPONENT);
  if (!preserved) score *= ORDER_PENALTY;
  if (thinCrossScript(pairs, query, listed)) score *= THIN_PENALTY;
  return { score: Math.min(1, Math.max(0, score)), coverageQuery, coverageListed, orderPreserved: preserved, pairs };
}

/** Turns an alignment into the features an analyst reads (token texts instead of positions). */
export function describeScore(
  aligned: AlignedScore,
  query: readonly WeightedToken[],
  listed: readonly WeightedToken[],
  queryScript: Script,
  listedScript: Script,
): NameScoreDetail {
  const pairedQ = new Set(aligned.pairs.map((p) => p.q));
  const pairedL = new Set(aligned.pairs.map((p) => p.l));
  return {
    score: aligned.score,
    coverageQuery: aligned.coverageQuery,
    coverageListed: aligned.coverageListed,
    pairs: aligned.pairs.map((p) => ({
      query: (query[p.q] as WeightedToken).token.text,
      listed: (listed[p.l] as WeightedToken).token.text,
      similarity: p.sim,
    })),
    missingQueryTokens: query.filter((_, i) => !pairedQ.has(i)).map((t) => t.token.text),
    missingListedTokens: listed.filter((_, i) => !pairedL.has(i)).map((t) => t.token.text),
    orderPreserved: aligned.orderPreserved,
    queryScript,
    listedScript,
    crossScriptKeysOnly:
      aligned.pairs.length > 0 &&
      aligned.pairs.every((p) => {
        const qt = (query[p.q] as WeightedToken).token;
        const lt = (listed[p.l] as WeightedToken).token;
        return p.sim <= CLASS_SIMILARITY && qt.script !== lt.script && qt.key !== lt.key;
      }),
  };
}

/** Scores `query` against `listed` (both weighted by the index) and describes how. */
export function scoreName(
  query: readonly WeightedToken[],
  listed: readonly WeightedToken[],
  queryScript: Script,
  listedScript: Script,
): NameScoreDetail {
  const aligned = alignAndScore(query, listed, (q, l) => {
    const [a, b] = [(query[q] as WeightedToken).token, (listed[l] as WeightedToken).token];
    const sim = tokenSimilarity(a, b);
    return query.length === 1 ? alignedSimilarity(a, b, sim) : sim;
  });
  return describeScore(aligned, query, listed, queryScript, listedScript);
}
