/**
 * Russian transcriptions of foreign names (Пэланс for Palance, Шербюлье for Cherbuliez, Арто for Arthaud): how far
 * a Latin spelling is from one that Russian practice would write as a given Cyrillic word.
 *
 * Russian writes a foreign name by its sound in the source language, not letter by letter, so the romanisation
 * of the Cyrillic (BGN/PCGN, phonetic.ts) misses most of them: э is English a (Пэланс), ю French u
 * (Шербюлье), о French au/eau (Арто), уо English wo (Оллуорти), кв qu, дж j or Italian g(i), ц German z, х
 * Spanish j, and Latin writes letters Russian leaves out (final French -d/-t/-s/-x/-z, h after consonants,
 * doubled consonants, English final e). Chinese names are written in the Palladius system (цзюнь jun, сюй xu,
 * чжи zhi, жэнь ren) and Japanese ones in Polivanov's (си shi, ти chi, дзи ji, цу tsu, сё sho).
 *
 * The comparison is an alignment of the Cyrillic word with the Latin one: each Cyrillic letter or cluster may
 * be written as one of the Latin spellings those conventions give it, at a small cost for the less usual ones;
 * Latin letters that Russian does not write cost little, anything else (a different consonant) costs a whole
 * letter. The rules are tables of the conventions (Russian practical transcription of English, French, German,
 * Italian, Spanish, Polish, Czech, Dutch, Hungarian, Greek, Scandinavian names; Palladius; Polivanov), not of any
 * names.
 */

import { classKey } from './cross-script.js';

/** A Latin spelling of a Cyrillic letter or cluster, and what it costs (0 for the usual one). */
type Spelling = readonly [string, number];

// '^' and '$' stand for the ends of the Cyrillic word: the spellings of '$' are Latin endings Russian does not
// write (French Arthaud, Arnoux, Cherbuliez; English Jude, Yeboah), of '^' a silent initial h (Holguín Ольгин).
const TABLE: Readonly<Record<string, string>> = {
  '^': ' h:.3',
  $: ' e:.1 h:.1 s:.3 t:.3 d:.3 x:.3 z:.3 es:.3 ts:.4 ds:.4 ls:.5 te:.3 de:.3 se:.3 ce:.3 ne:.3 us:.15 is:.15 os:.4',
  // Latin and Greek names lose their nominative ending (Severus Север, Silvestris Сильвестр, Amnius Амний,
  // Corbulo Корбулон).
  ий$: 'ius:.1 ios:.2 iy ii ij i y ie:.2',
  он$: 'on o:.2',
  // Polish and Czech write the feminine adjective ending -ая as -a (Lubomirska Любомирская, Ochojska Охойская).
  ая$: 'a:.1',
  // English -es after a consonant with its e silent (Gates Гейтс, Hobbes Гоббс), -age unstressed (Turnage
  // Тёрнидж), Scottish and Irish Mc (McCurdy Маккёрди).
  с$: 'es:.1',
  идж$: 'age:.1',
  '^мак': 'mc:.1',
  // Swedish g before a front vowel is й (Göran Йоран, Gösta Йоста); romanised, ö and ä no longer show it.
  '^й': 'g:.2',
  // Russian declines a name in -ец dropping its e (Городец, genitive Городца): a Latin -ets or -ec.
  ца$: 'ets:.2 ec:.2',
  // Turkic and Caucasian Latin spellings write a final voiced stop as it is said, voiceless; Russian keeps the
  // letter of the Arabic or Persian name (Turkish Ahmet Ахмед, Tatar Ğäbdelwahit Габдулвахид, Georgian Davit Давид).
  д$: 'd t:.15',
  б$: 'b p:.15',
  // French -ier, -iers, -ger, -cher, -gner (Bergier Бержье, Duthiers Дютье, Rouger Руже, Seigner Сенье); the
  // final -eh of Persian and Levantine spellings (Tahereh Тахира, Salameh Салама); English final augh (Limbaugh
  // Лимбо); Latin -tius (Martius Марций).
  ье$: 'ier:.1 iers:.2',
  же$: 'ger:.1',
  ше$: 'cher:.1',
  нье$: 'gner:.1',
  а$: 'eh:.2',
  о$: 'augh:.2',
  ций$: 'tius:.2',
  // Vowels. English short u and French/English a are а (Hunter, Palance), English o is often а (Dolly); Dutch ae
  // is а, French eu э or е (Eugène Эжен), English a before a consonant and e ей (James Джеймс).
  а: 'a aa ah u:.3 e:.4 o:.4 ai:.4 ae:.2',
  о: 'o oh oo:.2 au:.1 eau:.1 ao:.2 aw:.1 ow:.1 oa:.1 oe:.2 eo:.2 uo:.1 a:.3 u:.4 ou:.3',
  у: 'u ou oo oe:.1 ew:.2 ue:.2 o:.3 w:.1 wh:.2 uh',
  э: 'e a ae ai:.2 ay:.2 ea:.2 eh i:.5 eu:.2',
  е: 'e ye je:.1 ie ee:.2 ea:.2 a:.4 i:.4 ae:.3 ai:.2 oe:.3 ei:.4 ey:.4 eu:.2 ay:.3 io:.3',
  ё: 'yo o jo:.1 io eu:.2 oe:.2 e:.2 ye:.2 ue:.4 yeo:.3',
  ю: 'yu u:.1 iu ju:.1 you ue:.2 eu:.2 ew:.2 y:.2 uy:.4 yo:.4',
  я: 'ya ja:.1 ia a:.2 ea:.2 yea:.2 ie:.4 e:.4',
  и: 'i y ee:.2 ie:.2 ea:.2 e:.3 ii ey:.2 ih',
  ы: 'y i u:.4',
  // Hungarian ly (Ibolya Ибойя), Greek γι (Panagiotis Панайотис).
  й: 'y i j:.1 ill:.1 ll:.2 ille:.2 ie:.4 :.2 ly:.1 gi:.35',
  // French ill before a is йя (Vaillant Вайян, Dailland Дайян).
  йя: 'illa:.1 lla:.1',
  // Diphthongs Russian spells with й: English i/y/igh, German ei/ai, English a and ay, German eu.
  ай: 'ai ay i:.1 y:.1 igh:.1 ei:.1 ey:.1 ie:.3 aj',
  эй: 'ay ai ei ey a ae:.3 aj',
  ей: 'ei ey ay ai ej eij:.2 ij:.2 ie:.3 e:.3 ee:.3 a:.3',
  ой: 'oy oi oj eu:.1 au:.3 oe:.3',
  уй: 'uy ui wi:.2',
  // Glides: English w before a vowel (Walger Уолгер, Allworthy Оллуорти), French oi (уа).
  уо: 'wo wa:.1 uo wha:.2 who:.2',
  уа: 'wa ua oi:.2 oua:.1 oy:.2',
  уэ: 'we whe:.1 ue wa:.3',
  уи: 'wi ui wee:.1 whi:.1',
  оу: 'ow o ou oa:.1 oe:.3 ough:.2',
  // Dutch ouw (Douwes Дауэс).
  ау: 'au ow aw ou:.3 ouw:.1',
  // Consonants. г is also the h of German and English names in the traditional practice (Hamburg Гамбург).
  б: 'b',
  в: 'v w wh:.1 u:.3 f:.3 b:.3',
  г: 'g gh gu:.1 h:.2 ch:.5',
  д: 'd dh',
  ж: 'zh j g ge:.1 zs:.1 s:.4 z:.4 r:.3 rz:.2',
  з: 'z s:.1 zs x:.4 ts:.5',
  к: 'k c ck ch:.2 q kh:.1 qu:.2 cq:.2 g:.4',
  л: 'l lh gl:.3',
  м: 'm',
  н: 'n gn:.3',
  п: 'p',
  р: 'r rh',
  с: 's c sc:.2 z:.3 sz:.1 ch:.5 x:.5 ss',
  т: 't th dt:.2 d:.4',
  ф: 'f ph v:.2 ff th:.35',
  х: 'h kh ch:.1 j:.2 x:.2 g:.2 jh:.3',
  ц: 'ts tz z c cz:.1 tc:.2 zz ti:.3 s:.4',
  ч: 'ch tch cz c:.1 cs:.2 tsch ci:.2 cc:.2 q:.2 tj:.2 tx:.2',
  ш: 'sh sch ch s:.2 sz x:.3 ss:.4 sj:.2 zs:.4 ci:.2 ti:.35',
  щ: 'shch sch szcz',
  ъ: '',
  і: 'i y',
  ї: 'yi ji i',
  є: 'ye je ie e',
  ґ: 'g',
  ў: 'u w v',
  ь: ' i:.3 y:.4',
  // Clusters.
  дж: 'j g:.1 gi:.1 dj dzh dg:.1 c:.2 gg:.1 dz:.2 zh:.3 drz:.1 xh:.1',
  дз: 'dz z j:.1 dj:.3 tz:.2',
  кс: 'x ks cs xs cks:.1 chs:.1 kx:.2 cc:.3',
  кв: 'qu kv cu:.1 kw cqu:.1 qv:.2',
  гв: 'gu gw',
  шт: 'st:.1 sht scht',
  шп: 'sp:.1 shp schp',
  тс: 'ts tz:.2 ds:.2',
  тч: 'tch',
  // Latin tsch, tsh, tz, cc and ck, one class each in the Latin class keys (Mukhametshin Мухаметшин, Platz Платц,
  // Flaccilla Флацилла, Kawęcki Кавенцкий).
  тш: 'tsch tsh:.1',
  тц: 'tz:.1',
  кц: 'cc:.1',
  цк: 'ck:.1',
  тз: 'tz ts:.2',
  // Polivanov writes the Japanese n before b and p as м (Kanba Камба).
  мб: 'nb:.2',
  мп: 'np:.2',
  // Aspirated consonants of Indian, Korean, Vietnamese and Thai names: a consonant and х for the consonant and h.
  бх: 'bh',
  дх: 'dh',
  гх: 'gh',
  кх: 'kh',
  пх: 'ph',
  тх: 'th',
  // English er, ur, ir, ear (the vowel of Bird, Turtle, Furth) as ё or е before р.
  ер: 'er ur:.2 ir:.2 ear:.2',
  ёр: 'er:.1 ur:.1 ir:.1 ear:.1 or:.2',
  // Dutch ui, uy and sch (Vlieghuis Влигхёйс, Huyghebaert Хёйгебарт, Schiphol Схипхол).
  ёй: 'ui:.1 uy:.1',
  сх: 'sch:.1',
  // Hungarian gy, ty, zs; Czech ř.
  дь: 'd gy:.1 dj:.2',
  рж: 'rzh rz:.1 r:.2',
  // Palladius уэй hui, юэ yue.
  уэй: 'ui:.1 uei wei',
  юэ: 'yue ue:.1',
  // Italian cc, zz before e/i (Vuccino Вуччино).
  чч: 'cc cch:.1 ch tch',
  нн: 'nd:.3 nn n',
  // Polish ę and ą (Zarębski Зарембский).
  ем: 'em e:.2',
  ен: 'en e:.2 in:.1 ain:.1 ein:.1 un:.2 ie:.2 je:.2',
  ом: 'om o:.2 a:.3',
  он: 'on o:.2 a:.3',
  // Palladius writes the final -ng of a syllable as н and its -n as нь: ун ong, ин ing, ан ang, эн eng.
  ун: 'un ong:.2 ung:.2',
  ин: 'in ing:.2',
  ан: 'an ang:.2',
  эн: 'en eng:.2 in:.1 ain:.1 un:.2',
  ян: 'yan ian jan iang:.2 yang:.2',
  юн: 'yun iun jun yong:.2 iong:.2',
  // Palladius (Chinese): цз is j or z, ц q or c, с x or s before i/ю/я, ж r, чж zh, х h, ю/юй u/yu, э e.
  цз: 'j z zi:.2 ts:.3 dz:.2',
  чж: 'zh j:.3',
  си: 'xi shi si',
  сян: 'xiang siang:.2',
  сюн: 'xiong',
  син: 'xing xin:.1 sin shin',
  // Initial Io- is Latin Jo- (Joseph Иосиф).
  '^и': 'yi:.1 i y j:.2',
  чх: 'ch:.1 chh',
  ся: 'xia sha sya',
  сю: 'xiu xu shu syu sju:.2 xiou:.2',
  сюй: 'xu xiu:.2 shui:.2',
  цзю: 'ju jiu zu:.2 zyu:.2',
  цзюй: 'ju jiu:.2',
  ци: 'qi chi:.1 tsi ci ti:.2',
  цю: 'qiu qu chu:.2',
  юй: 'yu u:.1 yui:.1',
  юнь: 'yun un:.2',
  нь: 'n ny:.1 gn:.1 nh:.1 nj ni:.3',
  ль: 'l ll lh:.1 gl:.2 lj ly:.2 li:.3',
  жэ: 're:.1 zhe je ge:.2',
  жу: 'ru:.1 zhu ju gu:.2',
  жа: 'ra:.1 zha ja ga:.2',
  жо: 'ro:.1 zho jo',
  жи: 'ri:.2 zhi ji gi:.2',
  // Polivanov (Japanese): си shi, ти chi, цу tsu, дзи ji, дз z or j, ё/ю/я after a consonant yo/yu/ya.
  ти: 'chi ti ty:.2 tchi:.2',
  тя: 'cha tya',
  тю: 'chu tyu',
  тё: 'cho tyo',
  сё: 'sho syo sjo:.2',
  дзи: 'ji zi dzi',
  дзё: 'jo zyo dzyo',
  дзю: 'ju zyu dzyu',
  дзя: 'ja zya',
  цу: 'tsu tzu',
};

const SPELLINGS: ReadonlyMap<string, readonly Spelling[]> = new Map(
  Object.entries(TABLE)
    .filter(([, spellings]) => spellings !== '')
    .map(([cyrillic, spellings]) => [
      cyrillic,
      spellings.split(' ').map((entry): Spelling => {
        const [latin = '', cost] = entry.split(':');
        return [latin, cost === undefined ? 0 : Number(cost)];
      }),
    ]),
);
const LONGEST = Math.max(...[...SPELLINGS.keys()].map((k) => k.length));

// Bits of the Latin vowels (a, e, i, o, u, y), as letterBits sets them.
const LATIN_VOWEL_BITS = letterBits('aeiouy');

/** True when the character code is a Latin vowel (a, e, i, o, u or y). */
function isLatinVowel(code: number): boolean {
  return (letterBit(code) & LATIN_VOWEL_BITS) !== 0;
}
const CYRILLIC_VOWEL = /[аеёиоуыэюя]/;

// What a Latin letter costs when nothing on the Cyrillic side writes it: h and doubled letters are silent in
// Latin spellings, e and r after a vowel often so (English Wrigglesworth, Turtle), other vowels less often.
function latinSilentCost(latin: string, j: number): number {
  const code = latin.charCodeAt(j);
  if (j > 0 && latin.charCodeAt(j - 1) === code) return 0.05;
  if (code === H) return 0.2;
  if (code === E) return isConsonantAt(latin, j - 1) && isConsonantAt(latin, j + 1) ? MUTE_E : 0.4;
  // charCodeAt past the end is NaN: no vowel.
  if (code === R && j > 0 && isLatinVowel(latin.charCodeAt(j - 1)) && !isLatinVowel(latin.charCodeAt(j + 1))) {
    return 0.4;
  }
  if (code === W && latin.charCodeAt(j + 1) === R) return 0.1;
  return isLatinVowel(code) ? 0.6 : 1;
}

// A French or English e between consonants that Russian leaves out (Richelet Ришле, Blanchefort Бланшфор).
const MUTE_E = 0.3;

function isConsonantAt(latin: string, j: number): boolean {
  return j >= 0 && j < latin.length && letterBit(latin.charCodeAt(j)) !== 0 && !isLatinVowel(latin.charCodeAt(j));
}

const [E, H, R, W] = ['e', 'h', 'r', 'w'].map((ch) => ch.charCodeAt(0)) as [number, number, number, number];

// What a Cyrillic letter costs when the Latin does not write it: Russian doubles consonants and adds й to
// vowels more freely than the source languages do.
function cyrillicSilentCost(cyrillic: string, i: number): number {
  const ch = cyrillic[i] as string;
  if (ch === 'ь' || ch === 'ъ') return 0;
  if (i > 0 && cyrillic[i - 1] === ch) return 0.05;
  if (ch === 'й') return 0.3;
  return CYRILLIC_VOWEL.test(ch) ? 0.6 : 1;
}

/**
 * The least cost of writing the Latin word `latin` (lower-case, romanised as in analyse.ts) so that Russian
 * transcribes it as the Cyrillic word `cyrillic` (lower-case): 0 for a regular transcription, about 1 per
 * letter that does not fit.
 */
export function transcriptionCost(cyrillic: string, latin: string, limit = Infinity): number {
  const plan = cyrillicPlan(cyrillic);
  if (limit < 1 && !mayFit(plan, latin)) return Infinity;
  return alignedCost(plan, latin, limit);
}

/** transcriptionCost of a Cyrillic word by its plan, without the filters of mayFit. */
function alignedCost(plan: CyrillicPlan, latin: string, limit: number, word = latinWord(latin)): number {
  if (limit !== Infinity && unwrittenCost(plan, latin, limit, word) > limit) return Infinity;
  const { moves, silent, vowel } = plan;
  const n = moves.length;
  const m = latin.length;
  const width = m + 1;
  const { silent: latinSilent, vowel: latinVowel } = word;
  const size = (n + 1) * width;
  if (scratch.length < size) scratch = new Float64Array(size * 2);
  const dp = scratch;
  dp.fill(Infinity, 0, size);
  dp[0] = 0;
  for (let i = 0; i <= n; i++) {
    let rowMin = Infinity;
    for (let j = 0; j <= m; j++) {
      const here = dp[i * width + j] as number;
      // Costs only grow: a cell beyond the limit leads to no alignment within it.
      if (here > limit) continue;
      if (here < rowMin) rowMin = here;
      // A Latin letter nothing Cyrillic writes.
      if (j < m) relax(dp, i * width + j + 1, here + (latinSilent[j] as number));
      if (i === n) continue;
      // A Cyrillic letter the Latin does not write (the end markers are free).
      relax(dp, (i + 1) * width + j, here + (silent[i] as number));
      const at = moves[i] as PositionMoves;
      for (const move of at.empty) relax(dp, (i + move.len) * width + j, here + move.cost);
      if (j < m) {
        for (const move of at.byFirst[firstSlot(latin.charCodeAt(j))] ?? NO_MOVES) {
          const { text } = move;
          if (text.length <= m - j && latin.startsWith(text, j)) {
            const extra = move.letter === undefined ? 0 : hardOrSoft(move.letter, text, latin, j);
            relax(dp, (i + move.len) * width + j + text.length, here + move.cost + extra);
          }
        }
      }
      // A letter for another letter: a vowel for another vowel costs less than a consonant for another.
      const kind = vowel[i] as number;
      if (j < m && kind !== END) {
        const vowels = kind === VOWEL && latinVowel[j] === 1;
        relax(dp, (i + 1) * width + j + 1, here + (vowels ? 0.5 : 1));
      }
    }
    // Costs only grow: once no cell of a row is within the limit, no later one is (each comes from a row before).
    if (rowMin > limit && noneWithin(dp, i + 1, Math.min(n, i + LONGEST), width, limit)) return Infinity;
  }
  return dp[n * width + m] as number;
}

// The alignment's table, reused from call to call (the work is synchronous).
let scratch = new Float64Array(256);

function noneWithin(dp: Float64Array, from: number, to: number, width: number, limit: number): boolean {
  for (let at = from * width; at < (to + 1) * width; at++) if ((dp[at] as number) <= limit) return false;
  return true;
}

/** What the alignment and its filters need of a Latin word, computed once per word (listed words recur). */
export interface LatinWord {
  /** latinSilentCost of each letter. */
  silent: Float64Array;
  /** 1 where the letter is a vowel (isLatinVowel). */
  vowel: Uint8Array;
  /** 1 where the letter is a written consonant (see writtenConsonants). */
  written: Uint8Array;
  /** letterBits of the word. */
  letters: number;
  /** writtenConsonants of the word. */
  consonants: number;
}

const LATIN_MEMO = 100_000;
let latinWords = new Map<string, LatinWord>();

/** The LatinWord of a Latin word (lower-case, romanised as in analyse.ts), memoised. */
export function latinWord(latin: string): LatinWord {
  const known = latinWords.get(latin);
  if (known) return known;
  const m = latin.length;
  const word: LatinWord = {
    silent: new Float64Array(m),
    vowel: new Uint8Array(m),
    written: new Uint8Array(m),
    letters: letterBits(latin),
    consonants: 0,
  };
  for (let j = 0; j < m; j++) {
    word.silent[j] = latinSilentCost(latin, j);
    word.vowel[j] = isLatinVowel(latin.charCodeAt(j)) ? 1 : 0;
    if (isWrittenConsonant(latin, j)) {
      word.written[j] = 1;
      word.consonants |= letterBit(latin.charCodeAt(j));
    }
  }
  // Dropping the whole memo when full keeps memory bounded; results never depend on what it holds.
  if (latinWords.size >= LATIN_MEMO) latinWords = new Map();
  latinWords.set(latin, word);
  return word;
}

/**
 * One way to go on from a position of a Cyrillic word: a unit of `len` letters written as the Latin `text`, at
 * `cost`; `letter` is the unit's first letter when the Latin c's reading must be checked (see hardOrSoft).
 */
interface Move {
  len: number;
  text: string;
  cost: number;
  letter: string | undefined;
}

/** The moves from one position, by the first Latin letter they write (slot 26 for any other character). */
interface PositionMoves {
  empty: Move[];
  byFirst: Array<Move[] | undefined>;
}

const NO_MOVES: readonly Move[] = [];

function firstSlot(code: number): number {
  const at = code - 97;
  return at >= 0 && at < 26 ? at : 26;
}

interface CyrillicPlan {
  moves: PositionMoves[];
  silent: Float64Array;
  vowel: Uint8Array;
  /** Latin letters (a to z, bit 0 for a) some spelling of some unit of the word writes. */
  letters: number;
  /**
   * For each consonant of the word that costs a whole letter unwritten (no unit over it has an empty spelling):
   * the letters of the spellings that may write it. A Latin word within a limit below 1 has one of each.
   */
  required: number[];
  /** For the same consonants, in order: the letters the spellings over each start with. */
  requiredStarts: number[];
  /** For each letter of the word with its end markers: the letters of the spellings of the units over it. */
  covering: number[];
  /** Length of the word in characters. */
  length: number;
  /** Similarities already computed with Latin words (see transcriptionSimilarity). */
  fits: Map<string, number>;
}

const END = 2;
const VOWEL = 1;
const PLAN_MEMO = 20_000;
// Similarities kept in all plans together, at most.
const FIT_MEMO = 500_000;
let plans = new Map<string, CyrillicPlan>();
let fitCount = 0;

/** What the alignment needs of a Cyrillic word (with its end markers), computed once per word. */
function cyrillicPlan(cyrillic: string): CyrillicPlan {
  const known = plans.get(cyrillic);
  if (known) return known;
  const cyr = `^${cyrillic}$`;
  const moves: PositionMoves[] = [];
  let letters = 0;
  const silent = new Float64Array(cyr.length);
  const vowel = new Uint8Array(cyr.length);
  for (let i = 0; i < cyr.length; i++) {
    const ch = cyr[i] as string;
    const end = ch === '^' || ch === '$';
    silent[i] = end ? 0 : cyrillicSilentCost(cyr, i);
    vowel[i] = end ? END : CYRILLIC_VOWEL.test(ch) ? VOWEL : 0;
    const here: PositionMoves = { empty: [], byFirst: [] };
    for (let len = 1; len <= LONGEST && i + len <= cyr.length; len++) {
      const spellings = SPELLINGS.get(cyr.slice(i, i + len));
      if (!spellings) continue;
      for (const [text, cost] of spellings) {
        letters |= letterBits(text);
        const contextual = (text === 'c' && 'сцк'.includes(ch)) || (text === 'g' && ch === 'ж');
        const move = { len, text, cost, letter: contextual ? ch : undefined };
        if (text === '') here.empty.push(move);
        else (here.byFirst[firstSlot(text.charCodeAt(0))] ??= []).push(move);
      }
    }
    moves.push(here);
  }
  // The letters that may write each letter of the word (those of the spellings of every unit over it), and the
  // letters those spellings start with.
  const covering = new Array<number>(cyr.length).fill(0);
  const starting = new Array<number>(cyr.length).fill(0);
  const silentlyCovered = new Array<boolean>(cyr.length).fill(false);
  moves.forEach((here, i) => {
    for (const move of [...here.empty, ...here.byFirst.flat()]) {
      if (move === undefined) continue;
      for (let k = i; k < i + move.len; k++) {
        covering[k] = (covering[k] as number) | letterBits(move.text);
        starting[k] = (starting[k] as number) | letterBits(move.text.slice(0, 1));
        if (move.text === '') silentlyCovered[k] = true;
      }
    }
  });
  const strict = (i: number): boolean => silent[i] === 1 && vowel[i] === 0 && !silentlyCovered[i];
  const plan = {
    moves,
    silent,
    vowel,
    letters,
    length: [...cyrillic].length,
    required: covering.filter((_, i) => strict(i)),
    requiredStarts: starting.filter((_, i) => strict(i)),
    covering,
    fits: new Map<string, number>(),
  };
  // Dropping the whole memo when full keeps memory bounded; results never depend on what it holds.
  if (plans.size >= PLAN_MEMO || fitCount >= FIT_MEMO) {
    plans = new Map();
    fitCount = 0;
  }
  plans.set(cyrillic, plan);
  return plan;
}

/** Bits of the Latin letters a to z in `text` (bit 0 for a); other characters set none. */
export function letterBits(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits |= letterBit(text.charCodeAt(i));
  return bits;
}

/**
 * False when a Latin word, of letters `latinLetters` (letterBits) and written consonants `consonants`
 * (writtenConsonants), cannot be a transcription of the Cyrillic word within any limit below 1: a consonant of
 * either has nothing on the other side to write it. Exact, cheap, and false for most words a short key finds.
 */
export function mayTranscribe(cyrillic: string, latinLetters: number, consonants: number): boolean {
  return transcriptionFilter(cyrillic)(latinLetters, consonants);
}

/** mayTranscribe for one Cyrillic word and many Latin ones: the word's plan is looked up once. */
export function transcriptionFilter(cyrillic: string): (latinLetters: number, consonants: number) => boolean {
  const plan = cyrillicPlan(cyrillic);
  return (latinLetters, consonants) => lettersAgree(plan, latinLetters, consonants);
}

function lettersAgree(plan: CyrillicPlan, latinLetters: number, consonants: number): boolean {
  if ((consonants & ~plan.letters) !== 0) return false;
  for (const needed of plan.required) if ((needed & latinLetters) === 0) return false;
  return true;
}

/** lettersAgree and inOrder of one Latin word: false when it cannot fit within any limit below 1. */
function mayFit(plan: CyrillicPlan, latin: string, word = latinWord(latin)): boolean {
  return lettersAgree(plan, word.letters, word.consonants) && inOrder(plan, latin, word);
}

/**
 * False when the Latin word cannot be a transcription of the Cyrillic one (of plan `plan`) within any limit below
 * 1, for want of order: the word's consonants that must be written (see required) need, in their order, Latin
 * letters that start one of their spellings, and the Latin word's written consonants (writtenConsonants) need, in
 * their order, Cyrillic letters with a spelling that writes them. An alignment writes both in order.
 */
function inOrder(plan: CyrillicPlan, latin: string, word: LatinWord): boolean {
  const m = latin.length;
  let j = 0;
  for (const starts of plan.requiredStarts) {
    while (j < m && (starts & letterBit(latin.charCodeAt(j))) === 0) j++;
    if (j === m) return false;
  }
  const { covering } = plan;
  let i = 0;
  for (let k = 0; k < m; k++) {
    if (word.written[k] === 0) continue;
    const bit = letterBit(latin.charCodeAt(k));
    while (i < covering.length && ((covering[i] as number) & bit) === 0) i++;
    if (i === covering.length) return false;
  }
  return true;
}

function letterBit(code: number): number {
  const at = code - 97;
  return at >= 0 && at < 26 ? 1 << at : 0;
}

/** True when the letter at `j` of a Latin word is one of its written consonants (see writtenConsonants). */
function isWrittenConsonant(latin: string, j: number): boolean {
  const code = latin.charCodeAt(j);
  if (letterBit(code) === 0 || isLatinVowel(code) || code === H || code === R || code === W) return false;
  return !(j > 0 && latin.charCodeAt(j - 1) === code);
}

/**
 * The consonants of a Latin word that cost a whole letter when no Cyrillic spelling writes them (all but h, r and
 * w, which may be silent cheaply; see latinSilentCost), as letter bits; a second of two equal letters does not count.
 */
export function writtenConsonants(latin: string): number {
  return latinWord(latin).consonants;
}

/**
 * A lower bound of transcriptionCost: what the Latin letters no spelling of the Cyrillic word writes cost at
 * least, each either silent (latinSilentCost) or read for some Cyrillic letter (a vowel for a vowel 0.5, else 1).
 * Cheap, and above the limit for most Latin words a short class key finds.
 */
function unwrittenCost(plan: CyrillicPlan, latin: string, limit: number, word: LatinWord): number {
  const { silent, vowel } = word;
  let cost = 0;
  for (let j = 0; j < latin.length; j++) {
    if (plan.letters & letterBit(latin.charCodeAt(j))) continue;
    cost += Math.min(silent[j] as number, vowel[j] === 1 ? 0.5 : 1);
    if (cost > limit) return cost;
  }
  return cost;
}

// Latin c is с or ц before e, i, y (Acy Эйси, Necci Неччи) and к elsewhere (Cowie Кауи); the other reading
// costs MISREAD_C, except ц for a hard c, which is how Polish, Czech and Croatian write ц (Kawęcki Кавенцкий,
// Chejfec Хейфец). French g is ж before e, i, y only (Eugène Эжен, Bergier Бержье).
function hardOrSoft(letter: string, spelling: string, latin: string, j: number): number {
  const soft = /[eiy]/.test(latin[j + 1] ?? '');
  if (spelling === 'g') return soft ? 0 : MISREAD_G;
  if (letter === 'ц') return soft ? 0 : WEST_SLAVIC_C;
  return (letter === 'к') === soft ? MISREAD_C : 0;
}

const MISREAD_C = 0.4;
const WEST_SLAVIC_C = 0.15;
const MISREAD_G = 0.4;

function relax(dp: Float64Array, at: number, value: number): void {
  if (value < (dp[at] as number)) dp[at] = value;
}

// A transcription that fits costs nothing and is as strong as a close class key (it never blocks on its own,
// see CLASS_SIMILARITY in score.ts); each letter's worth of misfit takes it further below the HOLD threshold.
const BEST = 0.9;
const PER_COST = 0.15;
const MAX_COST = 2 / 3;

/**
 * Similarity in [0, BEST] of a Cyrillic word and a Latin one (both lower-case; the Latin romanised as in
 * analyse.ts) as a Russian transcription of it: BEST for a regular one, 0 beyond MAX_COST.
 */
export function transcriptionSimilarity(cyrillic: string, latin: string, word?: LatinWord): number {
  if (latin === '') return 0;
  const plan = cyrillicPlan(cyrillic);
  if (Math.abs(plan.length - latin.length) > Math.max(3, latin.length / 2)) return 0;
  // The index and the scorer compare the same pairs: each is fitted once (while its plan is kept); only pairs
  // that pass mayFit are kept.
  const { fits } = plan;
  const known = fits.get(latin);
  if (known !== undefined) return known;
  const facts = word ?? latinWord(latin);
  if (!mayFit(plan, latin, facts)) return 0;
  const cost = alignedCost(plan, latin, MAX_COST, facts);
  const sim = cost > MAX_COST ? 0 : BEST - PER_COST * cost;
  fits.set(latin, sim);
  fitCount++;
  return sim;
}

// Consonant classes (as in cross-script.ts) of the Latin spellings a Cyrillic letter or cluster may stand for,
// for finding candidates: the spellings up to CANDIDATE_COST, the cheapest MAX_KEYS keys of the whole word, each
// also with the consonant classes of a silent Latin ending (French -d, -t, -s, -x: t, s, ks).
const CANDIDATE_COST = 0.3;
const MAX_KEYS = 48;
const SILENT_ENDINGS = ['', 't', 's', 'ks'];

function spellingClasses(unit: string, spelling: string): string {
  // Latin c before e/i/y (Cyrillic с, ц) is a sibilant; classKey would read it alone as hard.
  if (spelling === 'c' && (unit === 'с' || unit === 'ц')) return 's';
  if (spelling === 'cc' && unit === 'чч') return 'ks';
  return classKey(spelling);
}

/** The class strings a Cyrillic unit's candidate spellings give, each with its least cost. */
function unitClasses(unit: string): ReadonlyMap<string, number> {
  const known = unitClassMemo.get(unit);
  if (known) return known;
  const out = new Map<string, number>();
  const spellings = SPELLINGS.get(unit) ?? [];
  for (const [spelling, cost] of spellings) {
    if (cost > CANDIDATE_COST || unit === '$') continue;
    const classes = spellingClasses(unit, spelling);
    out.set(classes, Math.min(cost, out.get(classes) ?? Infinity));
    // A West Slavic c is ц before a, o, u too, where classKey reads it as hard (Topolovec Тополовец).
    if (unit === 'ц' && spelling === 'c') out.set('k', Math.min(WEST_SLAVIC_C, out.get('k') ?? Infinity));
  }
  unitClassMemo.set(unit, out);
  return out;
}

const NO_CLASSES: ReadonlyMap<string, number> = new Map([['', 0]]);

// unitClasses of each unit of the table, as words ask for them (a few hundred at most).
const unitClassMemo = new Map<string, ReadonlyMap<string, number>>();

/**
 * The cross-script class keys (see cross-script.ts) of the cheapest Latin spellings behind a Cyrillic word
 * (lower-case), for looking up listed Latin words it may transcribe: дж as j or g (k), х as h (no class) or kh,
 * ц as z (s), a final silent French consonant, ... Every way of cutting the word into the table's letters and
 * clusters counts; the cheapest MAX_KEYS keys, each with and
 * without a silent ending.
 */
export function transcriptionKeys(word: string): string[] {
  const cyr = `^${word}$`;
  // At each position, the keys of the spellings of what comes before it, with their least cost.
  const at: Array<Map<string, number>> = Array.from({ length: cyr.length + 1 }, () => new Map());
  (at[0] as Map<string, number>).set('', 0);
  for (let i = 0; i < cyr.length; i++) {
    const here = [...(at[i] as Map<string, number>)].sort((a, b) => a[1] - b[1]).slice(0, MAX_KEYS * 2);
    for (let len = 1; len <= LONGEST && i + len <= cyr.length; len++) {
      const unit = cyr.slice(i, i + len);
      // A letter the table does not have (ъ, a foreign letter) adds nothing.
      const classes = SPELLINGS.has(unit) && unit !== '$' ? unitClasses(unit) : len === 1 ? NO_CLASSES : undefined;
      if (!classes) continue;
      const next = at[i + len] as Map<string, number>;
      for (const [key, cost] of here) {
        for (const [option, extra] of classes) {
          let joined = key;
          for (const cls of option) if (!joined.endsWith(cls)) joined += cls;
          const total = cost + extra;
          if (total < (next.get(joined) ?? Infinity)) next.set(joined, total);
        }
      }
    }
  }
  const cheapest = [...(at[cyr.length] as Map<string, number>)]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_KEYS)
    .map(([key]) => key);
  const out = new Set<string>();
  for (const ending of SILENT_ENDINGS) {
    for (const key of cheapest) out.add(key.endsWith(ending) ? key : key + ending);
  }
  out.delete('');
  return [...out];
}
