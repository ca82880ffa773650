/**
 * Foreign names written in Hangul, read back by the Korean loanword orthography (외래어 표기법, National Institute
 * of the Korean Language): a consonant that closes a syllable in the source language gets the vowel ㅡ (스 s,
 * 트 t, 프 p or f), Hangul has one letter where Latin has two (ㅂ b and v, ㅍ p and f, ㅈ j, z and a soft g,
 * ㄹ r and l, ㅅ s and th), sh is written 시 or ㅅ before y-vowels (샬럿 Charlotte), a closing t is ㅅ (맷 Matt),
 * an l between vowels is ㄹㄹ (밀러 Miller) and the h of Russian kh or Spanish j is ㅎ (미하일 Mikhail).
 *
 * Each reading makes one of these choices for the whole word; the keys of the readings are alternatives of the
 * word (see analyse.ts), so one of them lies closer to the Latin spelling than the Revised Romanisation does.
 */

import { familyNameSpellings } from './korean.js';
import type { Script } from './transliterate.js';

const BASE = 0xac00;
const LAST = 0xd7a3;

/** The sounds a Hangul letter stands for in the readings below (one choice per reading, for the whole word). */
interface Choice {
  /** ㅈ as z (German s, Italian z: 지몬스 Simons, 자파 Zappa) instead of j. */
  z: boolean;
  /** ㅍ and ㅂ as f and v (프랭큰 Franken, 네빌 Neville) instead of p and b. */
  fv: boolean;
  /** ㅎ as kh (Russian х, Spanish j: 미하일 Mikhail) instead of h. */
  kh: boolean;
  /** ㅅ as th (주디스 Judith) instead of s. */
  th: boolean;
  /** A glide y as the j of German, Scandinavian and Slavic spellings (야스민 Jasmin, 유렉 Jurek, 요한 Johann). */
  jot: boolean;
  /** The English spellings of diphthongs: 에이 a (데이브 Dave), 아이 i (마이크 Mike), 오우 o. */
  english: boolean;
  /** With english: ㅝ as the wa of English (워커 Walker, 워너 Waner) and a final ㅓ as -er (헤더 Heather). */
  wa: boolean;
  /**
   * Italian spellings: ㅈ and ㅊ as g and c before i and e and as gi and ci before the other vowels (조르조 Giorgio,
   * 줄리아 Giulia, 체사레 Cesare), ㅋ as ch before i and e (미켈리니 Michelini).
   */
  italian?: boolean;
  /** Portuguese: a word-initial ㅎ as the r Brazilians say so (후이 Rui, 호나우두 Ronaldo). */
  portuguese?: boolean;
  /** French nasal vowels: a closing ㅇ after a vowel as n, m before a labial (트랑블레 Tremblay, 퐁피두 Pompidou). */
  french?: boolean;
  /**
   * German: ㅎ with ㅣ or ㅡ closing a word or before 트 as ch (하이드리히 Heydrich, 바흐 Bach, 알브레히트 Albrecht),
   * and a final 트 after an n or r as the d German says t (라인하르트 Reinhard, 레오폴트 Leopold).
   */
  german?: boolean;
}

// Initials in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ.
const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
// Medials: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ. ㅐ is the a of English cat (램플링
// Rampling), ㅓ the e of -er and the a of -man (카터 Carter, 셀먼 Selman).
const MEDIALS = [
  'a',
  'a',
  'ya',
  'ya',
  'e',
  'e',
  'ye',
  'ye',
  'o',
  'wa',
  'we',
  'we',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'u',
  'ui',
  'i',
];
// Finals: none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ. Loanwords close
// syllables with ㄱ ㄴ ㄹ ㅁ ㅂ ㅅ ㅇ only; ㅅ is a t (맷 Matt, 스콧 Scott).
const FINALS = [
  '',
  'k',
  'k',
  'k',
  'n',
  'n',
  'n',
  't',
  'l',
  'k',
  'm',
  'l',
  'l',
  'l',
  'p',
  'l',
  'm',
  'p',
  'p',
  't',
  't',
  'ng',
  't',
  't',
  'k',
  't',
  'p',
  't',
];

const I_SIOT = 9;
const I_SILENT = 11;
const I_JIEUT = 12;
const I_CHIEUT = 14;
const I_RIEUL = 5;
const I_BIEUP = 7;
const I_PIEUP = 17;
const I_HIEUT = 18;
const I_KHIEUKH = 15;
const F_IEUNG = 21;
// ㅏ ㅐ ㅓ ㅔ ㅗ ㅘ: the vowels French nasalises (an, in, en, on, oin); ㅁ ㅂ ㅍ the labials it writes m before.
const NASAL_MEDIALS = new Set([0, 1, 4, 5, 8, 9]);
const LABIALS = new Set([6, 7, 17]);
// Medials ㅐ ㅔ ㅖ ㅟ ㅣ: the front vowels before which Italian writes g, c and ch for ㅈ ㅊ ㅋ.
const FRONT_MEDIALS = new Set([1, 5, 7, 16, 20]);
const M_EU = 18;
const F_RIEUL = 8;
// Medials that start with the glide y (ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ), and ㅣ: after ㅅ they write sh (샤 sha, 시 shi).
const Y_MEDIALS = new Set([2, 3, 6, 7, 12, 17]);

interface Jamo {
  initial: number;
  medial: number;
  final: number;
}

function jamoOf(word: string): Jamo[] | undefined {
  const out: Jamo[] = [];
  for (const ch of word) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < BASE || code > LAST) return undefined;
    const index = code - BASE;
    out.push({ initial: Math.floor(index / 588), medial: Math.floor((index % 588) / 28), final: index % 28 });
  }
  return out.length > 0 ? out : undefined;
}

function initialOf(j: Jamo, prev: Jamo | undefined, choice: Choice): string {
  const { initial, medial } = j;
  if (choice.italian) {
    const front = FRONT_MEDIALS.has(medial);
    if (initial === I_JIEUT) return front ? 'g' : 'gi';
    if (initial === I_CHIEUT) return front ? 'c' : 'ci';
    if (initial === I_KHIEUKH && front) return 'ch';
  }
  if (choice.portuguese && initial === I_HIEUT && prev === undefined) return 'r';
  // ㄹㄹ is one l (밀러 Miller); the first ㄹ already wrote it.
  if (initial === I_RIEUL) return prev?.final === F_RIEUL ? '' : 'r';
  // French and German write sh ch and sch (샤틀리에 Châtelier): with their other letters.
  if (initial === I_SIOT) return Y_MEDIALS.has(medial) ? (choice.z ? 'ch' : 'sh') : choice.th ? 'th' : 's';
  if (initial === I_JIEUT) return choice.z ? 'z' : 'j';
  if (initial === I_BIEUP) return choice.fv ? 'v' : 'b';
  if (initial === I_PIEUP) return choice.fv ? 'f' : 'p';
  if (initial === I_HIEUT) return choice.kh ? 'kh' : 'h';
  if (initial === I_SILENT && choice.jot && Y_MEDIALS.has(medial)) return 'j';
  return INITIALS[initial] ?? '';
}

function medialOf(j: Jamo, epenthetic: boolean, jot: boolean): string {
  if (epenthetic) return '';
  const vowel = MEDIALS[j.medial] ?? '';
  // The glide after ㅅ became sh, and ㅈ ㅊ carry none of their own (쥬 ju, 쵸 cho); nor does a glide read j.
  const glideless = j.initial === I_SIOT || j.initial === I_JIEUT || j.initial === I_CHIEUT;
  if (Y_MEDIALS.has(j.medial) && (glideless || (jot && j.initial === I_SILENT))) {
    return vowel.slice(1);
  }
  return vowel;
}

const M_A = 0;
const M_EO = 4;
const M_WEO = 14;
const M_E = 5;
const M_O = 8;
const M_U = 13;
const M_I = 20;

const I_TIEUT = 16;

/** 트 with nothing after it: the t a closing consonant of a loanword is written with. */
function isEpentheticT(j: Jamo | undefined): boolean {
  return j !== undefined && j.initial === I_TIEUT && j.medial === M_EU && j.final === 0;
}

/** ㅎ with ㅣ or ㅡ and no final, after a syllable, at the end of the word or before 트: German ch. */
function germanCh(j: Jamo, prev: Jamo | undefined, next: Jamo | undefined): boolean {
  if (prev === undefined || j.initial !== I_HIEUT || j.final !== 0) return false;
  if (j.medial !== M_I && j.medial !== M_EU) return false;
  return next === undefined || isEpentheticT(next);
}

/** A final 트 after a closing ㄴ or ㄹ, or after 르: German d (페르디난트 Ferdinand, 라인하르트 Reinhard). */
function germanD(j: Jamo, prev: Jamo | undefined): boolean {
  if (!isEpentheticT(j) || prev === undefined) return false;
  const r = prev.initial === I_RIEUL && prev.medial === M_EU && prev.final === 0;
  return prev.final === F_NIEUN || prev.final === F_RIEUL || r;
}

function read(syllables: readonly Jamo[], choice: Choice): string {
  let out = '';
  syllables.forEach((j, i) => {
    const prev = syllables[i - 1];
    const next = syllables[i + 1];
    // The ㅡ of a syllable without a final is the vowel a closing consonant gets (스 s, 트 t), except after the
    // silent initial (으 is a vowel of its own); so is that of a consonant before an l, which is written ㄹㄹ
    // (클로이 Chloe, 플로 Flo).
    const epenthetic =
      j.medial === M_EU &&
      j.initial !== I_SILENT &&
      (j.final === 0 || (j.final === F_RIEUL && next?.initial === I_RIEUL));
    // The second vowel of a diphthong written as two syllables (데이 day, 마이 my, 노우 no) goes in English.
    const glide =
      choice.english &&
      prev !== undefined &&
      prev.final === 0 &&
      j.initial === I_SILENT &&
      ((j.medial === M_I && (prev.medial === M_E || prev.medial === M_A)) || (j.medial === M_U && prev.medial === M_O));
    if (glide) {
      // At the end of a word 에이 is written ay (레이 Ray, 페이 Fay, 트랑블레이 Tremblay).
      const ay = prev.medial === M_E && next === undefined && j.final === 0;
      out = out.slice(0, -1) + (prev.medial === M_A ? 'i' : ay ? 'ay' : prev.medial === M_E ? 'a' : 'o');
      out += FINALS[j.final] ?? '';
      return;
    }
    // English w after o is not written before a vowel (오언 Owen, 보언 Bowen).
    if (choice.english && prev?.medial === M_O && prev.final === 0 && j.initial === I_SILENT && j.medial === M_EO) {
      out += 'we' + (j.final === F_RIEUL ? 'l' : (FINALS[j.final] ?? ''));
      return;
    }
    // English wa is 워 before a consonant of the next syllable or l (워커 Walker, 월터 Walter); 원 is not wan.
    const wa = choice.wa && j.medial === M_WEO && (j.final === 0 || j.final === F_RIEUL) ? 'wa' : undefined;
    const er = choice.wa && next === undefined && j.medial === M_EO && j.final === 0 ? 'er' : undefined;
    if (choice.german && germanCh(j, prev, next)) {
      out += 'ch';
      return;
    }
    if (choice.german && next === undefined && germanD(j, prev)) {
      out += 'd';
      return;
    }
    const nasal =
      choice.french && j.final === F_IEUNG && NASAL_MEDIALS.has(j.medial)
        ? next !== undefined && LABIALS.has(next.initial)
          ? 'm'
          : 'n'
        : undefined;
    out +=
      initialOf(j, prev, choice) +
      (wa ?? er ?? medialOf(j, epenthetic, choice.jot)) +
      (nasal ?? (j.final === F_RIEUL ? 'l' : (FINALS[j.final] ?? '')));
  });
  return out;
}

// Common English and French given names in the forms the loanword orthography fixes for them (the National
// Institute of the Korean Language's examples and usage: 조지 George, 매슈 Matthew, 토머스 Thomas, 루이 Louis),
// which the letter-by-letter readings miss: the spelling has letters the sound has not (the r of George, the h of
// Thomas, the doubled t of Matthew, French final consonants: 루이 Louis, 자크 Jacques) or writes a diphthong the
// Hangul splits (가이 Guy, 이언 Ian).
const ESTABLISHED_NAMES: Readonly<Record<string, readonly string[]>> = {
  가이: ['guy'],
  그레고리: ['gregory'],
  기: ['guy'],
  니컬러스: ['nicholas', 'nicolas'],
  니콜라: ['nicolas'],
  대니얼: ['daniel'],
  데이비드: ['david'],
  디디에: ['didier'],
  로라: ['laura'],
  로렌스: ['lawrence', 'laurence'],
  로버트: ['robert'],
  로베르: ['robert'],
  루이: ['louis', 'luis'],
  르네: ['rene'],
  리처드: ['richard'],
  마거릿: ['margaret'],
  마이클: ['michael'],
  매슈: ['matthew'],
  메리: ['mary'],
  미셸: ['michel', 'michelle'],
  베르나르: ['bernard'],
  벤저민: ['benjamin'],
  샤를: ['charles'],
  세라: ['sarah', 'sara'],
  수전: ['susan'],
  스티브: ['steve'],
  스티븐: ['stephen', 'steven'],
  아서: ['arthur'],
  앙리: ['henri'],
  앙투안: ['antoine'],
  앤드루: ['andrew'],
  앤서니: ['anthony'],
  에두아르: ['edouard'],
  에드워드: ['edward'],
  엘리자베스: ['elizabeth'],
  윌리엄: ['william'],
  이브: ['yves', 'eve'],
  이선: ['ethan'],
  이언: ['ian'],
  자크: ['jacques'],
  장: ['jean'],
  제라르: ['gerard'],
  제인: ['jane'],
  제임스: ['james'],
  조너선: ['jonathan'],
  조르주: ['georges'],
  조제핀: ['josephine'],
  조지: ['george'],
  조지프: ['joseph'],
  존: ['john'],
  쥘: ['jules'],
  찰스: ['charles'],
  캐서린: ['catherine', 'katherine'],
  크리스천: ['christian'],
  크리스토퍼: ['christopher'],
  클로드: ['claude'],
  클로이: ['chloe'],
  토머스: ['thomas'],
  티머시: ['timothy'],
  폴: ['paul'],
  프랑수아: ['francois'],
  프랜시스: ['francis', 'frances'],
  피에르: ['pierre'],
  피터: ['peter'],
  필리프: ['philippe'],
  해럴드: ['harold'],
};

// The -s of a family name made of a given name: 스 after most sounds, 즈 and 츠 in place of a final 드 and 트 (ds
// and ts are one sound: 에드워드 Edward, 에드워즈 Edwards; 로버트 Robert, 로버츠 Roberts).
const PLURAL: ReadonlyArray<readonly [string, string]> = [
  ['스', ''],
  ['즈', '드'],
  ['츠', '트'],
];

/**
 * The spellings of a common English given name in its established Hangul form (ESTABLISHED_NAMES), also as the
 * family name made of it with -s (매슈스 Matthews, 윌리엄스 Williams, 에드워즈 Edwards, 로버츠 Roberts); empty
 * for any other word.
 */
export function establishedNameSpellings(word: string): readonly string[] {
  const found = ESTABLISHED_NAMES[word];
  if (found) return found;
  for (const [ending, stemEnd] of PLURAL) {
    if (!word.endsWith(ending)) continue;
    const stem = ESTABLISHED_NAMES[word.slice(0, -1) + stemEnd];
    if (stem) return stem.map((name) => `${name}s`);
  }
  return [];
}

/**
 * A foreign name in Hangul, which writes the parts of a hyphened name as one word (장클로드 Jean-Claude, 키건마이클
 * Keegan-Michael, 제타존스 Zeta-Jones): each word of three syllables or more apart at the first place where one
 * part is a common given name (establishedNameSpellings) and the other of two syllables or more. So is the
 * particle no of a classical Japanese name, which Hangul joins to the clan name before it (아베노 세이메이 Abe no
 * Seimei, 기노 쓰라유키 Ki no Tsurayuki). Undefined when no word is apart. Searched besides the name as written
 * (크리스토퍼 is Christopher, 오노 요코 Ono Yoko).
 */
export function compoundApart(name: string): string | undefined {
  const words = name.trim().split(/\s+/);
  let found = false;
  const apart = words.map((word, w) => {
    const syllables = [...word];
    if (w < words.length - 1 && syllables.length >= 2 && word.endsWith('노') && japaneseReading(word)) {
      found = true;
      return `${syllables.slice(0, -1).join('')} 노`;
    }
    if (syllables.length < 3 || !jamoOf(word)) return word;
    for (let i = 1; i < syllables.length; i++) {
      const left = syllables.slice(0, i).join('');
      const right = syllables.slice(i).join('');
      const named =
        (establishedNameSpellings(left).length > 0 && syllables.length - i >= 2) ||
        (establishedNameSpellings(right).length > 0 && i >= 2);
      if (named) {
        found = true;
        return `${left} ${right}`;
      }
    }
    return word;
  });
  return found ? apart.join(' ') : undefined;
}

/**
 * Readings of a Hangul word as a foreign name (see the module comment), the plain one first: each a lower-case
 * Latin spelling. Undefined when the word is not all Hangul syllables.
 */
export function loanwordReadings(word: string): string[] | undefined {
  const syllables = jamoOf(word.normalize('NFC'));
  if (!syllables) return undefined;
  const has = (initial: number): boolean => syllables.some((j) => j.initial === initial);
  const plain: Choice = { z: false, fv: false, kh: false, th: false, jot: false, english: false, wa: false };
  const choices: Choice[] = [plain];
  const labial = has(I_BIEUP) || has(I_PIEUP);
  // The letters that change a word's consonant classes (ㅈ k or s, ㅎ none or k, ㅅ s or t), in every
  // combination; ㅂ ㅍ as v f, which only changes the spelling, goes with ㅈ as z (continental spellings).
  const axes: Array<keyof Choice> = [];
  if (has(I_JIEUT) || labial) axes.push('z');
  if (has(I_HIEUT)) axes.push('kh');
  if (has(I_SIOT)) axes.push('th');
  if (syllables.some((j) => j.initial === I_SILENT && Y_MEDIALS.has(j.medial))) axes.push('jot');
  for (let mask = 1; mask < 1 << axes.length; mask++) {
    const choice = { ...plain };
    axes.forEach((axis, i) => {
      if (mask & (1 << i)) choice[axis] = true;
    });
    choice.fv = choice.z;
    choices.push(choice);
  }
  // English diphthongs change no class key, only the spelling: with the plain letters and the continental ones.
  choices.push({ ...plain, english: true }, { ...plain, z: true, fv: true, english: true });
  const broad =
    syllables.some((j) => j.medial === M_WEO && (j.final === 0 || j.final === F_RIEUL)) ||
    (syllables[syllables.length - 1]?.medial === M_EO && syllables[syllables.length - 1]?.final === 0);
  if (broad) choices.push({ ...plain, english: true, wa: true });
  // Italian and Portuguese spellings change no class key either (ㅈ j and g are both velar).
  const italian = has(I_JIEUT) || has(I_CHIEUT) || has(I_KHIEUKH);
  const portuguese = syllables[0]?.initial === I_HIEUT;
  const french = syllables.some((j) => j.final === F_IEUNG && NASAL_MEDIALS.has(j.medial));
  const german = syllables.some((j, i) => germanCh(j, syllables[i - 1], syllables[i + 1]));
  const devoiced = germanD(syllables[syllables.length - 1] as Jamo, syllables[syllables.length - 2]);
  const romance: Choice[] = [
    ...(german || devoiced
      ? [
          { ...plain, german: true },
          { ...plain, german: true, z: true, fv: true },
        ]
      : []),
    ...(french
      ? [
          { ...plain, french: true },
          { ...plain, french: true, fv: true },
        ]
      : []),
    ...(italian
      ? [
          { ...plain, italian: true },
          { ...plain, italian: true, fv: true },
        ]
      : []),
    ...(portuguese ? [{ ...plain, portuguese: true }] : []),
  ];
  const readings = choices.map((choice) => read(syllables, choice));
  // A final 이 after a consonant is also English -ie (엘리 Ellie, 애니 Annie, 리치 Ritchie), in the English
  // readings.
  const last = syllables[syllables.length - 1] as Jamo;
  const english = readings.slice(broad ? -3 : -2);
  if (syllables.length > 1 && last.medial === M_I && last.final === 0 && last.initial !== I_SILENT) {
    for (const reading of english) readings.push(`${reading}e`);
  }
  // A closing consonant after a long vowel is English consonant and silent e (제이크 Jake, 스티브 Steve).
  const closing = last.medial === M_EU && last.final === 0 && last.initial !== I_SILENT;
  if (syllables.length > 1 && closing) for (const reading of english) readings.push(`${reading}e`);
  // A final 스 is as often English th (세스 Seth, 스미스 Smith, 키스 Keith) with the other ㅅ left s.
  if (syllables.length > 1 && closing && last.initial === I_SIOT) {
    for (const reading of [readings[0] as string, ...english]) readings.push(`${reading.slice(0, -1)}th`);
  }
  // A final a is also written ah, the h silent (웨아 Weah, 올라 Olah, 노아 Noah, 레아 Leah).
  if (syllables.length > 1 && last.medial === M_A && last.final === 0) readings.push(`${readings[0] as string}h`);
  // A word-initial ㄹ is the l of as many names as the r (루이 Louis, 레나 Lena).
  if (syllables[0]?.initial === I_RIEUL) for (const reading of english) readings.push(`l${reading.slice(1)}`);
  for (const choice of romance) readings.push(read(syllables, choice));
  readings.push(...establishedNameSpellings(word.normalize('NFC')));
  return [...new Set(readings)];
}

/**
 * An Arabic name in Hangul, which writes the article joined to the name it goes with (알자와히리 al-Zawahiri,
 * 알아즈미 Al Ajmi): the name with 알 apart from every word of three syllables or more that starts with it, or
 * undefined when none does. Searched besides the name as written (알렉산더 is Alexander).
 */
export function arabicArticleApart(name: string): string | undefined {
  const words = name.trim().split(/\s+/);
  let found = false;
  const apart = words.map((word) => {
    const syllables = [...word];
    if (syllables.length < 3 || syllables[0] !== '알' || !jamoOf(word)) return word;
    found = true;
    return `알 ${syllables.slice(1).join('')}`;
  });
  return found ? apart.join(' ') : undefined;
}

/** Names of more words than this never look for candidates by short class keys (see shortKeyed). */
export const SHORT_KEYED_WORDS = 3;

/**
 * True when a Hangul name of two or three words may look for listed names by class keys shorter than
 * MIN_CLASS_KEY, every word agreeing with one listed word (게리 네빌 Gary Neville: kr nbr): foreign names in
 * Hangul keep few consonant classes a word. Not a name that could be Korean (words of one or two syllables, one
 * of them a family name: 현준 민서 김), whose short words agree with listed Korean names by chance.
 */
export function shortKeyed(name: string, script: Script): boolean {
  if (script !== 'Hang') return false;
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || words.length > SHORT_KEYED_WORDS) return false;
  const korean =
    words.every((w) => [...w].length <= 2) && words.some((w) => [...w].length === 1 && familyNameSpellings(w));
  return !korean;
}

// Japanese names in Hangul (the same orthography's table for Japanese kana): a voiceless k, t, ch at the start
// of a word is written with the plain letter (구도 Kudo, 다카하시 Takahashi), inside it with the aspirated one;
// つ is 쓰 or 츠, す 스, ず 즈, ふ 후, and a final ㅅ is the small tsu doubling the next consonant (핫타 Hatta).
// Medials of the kana vowels: ㅏ a, ㅑ ya, ㅔ e, ㅗ o, ㅘ wa, ㅛ yo, ㅜ u, ㅠ yu, ㅡ u (in 스 즈 쓰 츠), ㅣ i.
const KANA_MEDIALS: Readonly<Record<number, string>> = {
  0: 'a',
  2: 'ya',
  5: 'e',
  8: 'o',
  9: 'wa',
  12: 'yo',
  13: 'u',
  17: 'yu',
  18: 'u',
  20: 'i',
};
const F_NIEUN = 4;
const F_SIOT = 19;
// Initials at the start of a word (ㄱ k, ㄷ t, ㅈ j) and inside it.
const KANA_FIRST = ['k', '', 'n', 't', '', 'r', 'm', 'b', '', 's', 's', '', 'j', '', 'ch', 'k', 't', 'p', 'h'];
const KANA_INNER = ['g', '', 'n', 'd', '', 'r', 'm', 'b', '', 's', 's', '', 'j', '', 'ch', 'k', 't', 'p', 'h'];

/**
 * The word read as a Japanese name in Hepburn spelling (스즈키 Suzuki, 미쓰하루 Mitsuharu, 쇼이치 Shoichi), or
 * undefined when some syllable cannot write a kana (a closing consonant other than ㄴ and ㅅ, a vowel Japanese
 * has not: 네빌, 프랭큰).
 */
export function japaneseReading(word: string): string | undefined {
  const syllables = jamoOf(word.normalize('NFC'));
  if (!syllables) return undefined;
  let out = '';
  for (const [i, j] of syllables.entries()) {
    let vowel = KANA_MEDIALS[j.medial];
    const table = i === 0 ? KANA_FIRST : KANA_INNER;
    let consonant = table[j.initial];
    if (
      vowel === undefined ||
      consonant === undefined ||
      (j.final !== 0 && j.final !== F_NIEUN && j.final !== F_SIOT)
    ) {
      return undefined;
    }
    if (consonant === '' && j.initial !== I_SILENT) return undefined;
    // ㅡ only after ㅅ ㅆ ㅈ ㅊ (す つ ず つ).
    if (j.medial === M_EU && ![I_SIOT, 10, I_JIEUT, I_CHIEUT].includes(j.initial)) return undefined;
    if (j.initial === I_SIOT && (j.medial === 20 || Y_MEDIALS.has(j.medial))) consonant = 'sh';
    if ((j.initial === 10 || j.initial === I_CHIEUT) && j.medial === M_EU) consonant = 'ts';
    if (j.initial === I_JIEUT && j.medial === M_EU) consonant = 'z';
    if (j.initial === I_HIEUT && j.medial === 13) consonant = 'f';
    if (consonant === 'sh' || consonant === 'j' || consonant === 'ch') vowel = vowel.replace(/^y/, '');
    out += consonant + vowel + (j.final === F_NIEUN ? 'n' : '');
  }
  return out;
}

const ROMAN: ReadonlyArray<readonly [number, string]> = [
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/**
 * A regnal number written in Hangul (루이 7세 Louis VII, 헨리 1세 Henry I: the number and 세, 世) as the Roman
 * numeral the Latin name writes, lower-case; undefined for any other word.
 */
export function regnalNumeral(word: string): string | undefined {
  const match = /^([1-9][0-9]?)세$/.exec(word.normalize('NFC'));
  if (!match) return undefined;
  let n = Number(match[1]);
  if (n >= 40) return undefined;
  let out = '';
  for (const [value, numeral] of ROMAN) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}
