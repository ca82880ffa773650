/**
 * Kana: romanisation of a katakana (or hiragana) word, and the readings of a katakana word as Japanese writes
 * foreign names with it.
 *
 * any-ascii reads each kana on its own (ファ as fua, ティ as tei, ジャ as jiya); the small kana change the mora
 * before them instead. Small vowels replace its vowel (fa, ti, du, che, wi), small ya/yu/yo its final i (sha, cha,
 * ja, mya), the small tsu doubles the next consonant and the long-vowel mark lengthens (both read as nothing, since
 * keys collapse doubled letters and ignore length).
 *
 * Japanese has fewer sounds than the languages whose names it writes, so one kana spelling stands for several
 * Latin ones; each reading here undoes one of those mergers (see `loanwordReadings`).
 */
import anyAscii from 'any-ascii';
import { classKey } from './cross-script.js';
import { phoneticKey } from './phonetic.js';

const SMALL_VOWEL: Readonly<Record<string, string>> = {
  ァ: 'a',
  ィ: 'i',
  ゥ: 'u',
  ェ: 'e',
  ォ: 'o',
  ぁ: 'a',
  ぃ: 'i',
  ぅ: 'u',
  ぇ: 'e',
  ぉ: 'o',
};
const SMALL_Y: Readonly<Record<string, string>> = { ャ: 'a', ュ: 'u', ョ: 'o', ゃ: 'a', ゅ: 'u', ょ: 'o' };
const LONG = /[ーｰ]/u;
const GEMINATE = /[ッっ]/u;
const SILENT = /[ヽヾゝゞ・＝゠]/u;

/** One mora of a kana word: its romanisation, and whether the long-vowel mark or the small tsu follows it. */
interface Mora {
  text: string;
  long: boolean;
  geminate: boolean;
}

/** The morae of a kana word, romanised (Hepburn-like), small kana folded into the mora before them. */
function kanaMorae(token: string): Mora[] {
  const morae: Mora[] = [];
  for (const ch of token) {
    const prev = morae[morae.length - 1];
    const vowel = SMALL_VOWEL[ch];
    const y = SMALL_Y[ch];
    if (vowel !== undefined && prev !== undefined) {
      // ウィ wi, イェ ye; otherwise the small vowel takes the place of the mora's own vowel.
      if (prev.text === 'u') prev.text = `w${vowel}`;
      else if (prev.text === 'i') prev.text = `y${vowel}`;
      else prev.text = prev.text.replace(/[aeiou]$/, '') + vowel;
    } else if (y !== undefined && prev !== undefined) {
      prev.text = /(?:sh|ch|j)i$/.test(prev.text) ? prev.text.slice(0, -1) + y : prev.text.replace(/i$/, 'y') + y;
    } else if (LONG.test(ch)) {
      if (prev) prev.long = true;
    } else if (GEMINATE.test(ch)) {
      if (prev) prev.geminate = true;
    } else if (!SILENT.test(ch)) {
      const latin = anyAscii(ch).toLowerCase();
      if (latin !== '') morae.push({ text: latin, long: false, geminate: false });
    }
  }
  return morae;
}

// Loanwords write a consonant that closes a syllable in the source language as a mora with the vowel u (o after
// t and d, i after ch and j at the end): ヘンドリックス he-n-do-ri-k-ku-su for Hendrix.
// The o after t and d is as often a vowel of the source (ヴィクトル Viktor) as added (ドリ in Hendrix), so it is a
// reading of its own. A vowel made long (クルーズ) or before a doubled consonant is the source's own.
function epenthetic(mora: Mora, next: Mora | undefined, dropO: boolean): boolean {
  if (mora.long || mora.geminate) return false;
  const closed = next === undefined || !/^[aeiou]/.test(next.text);
  if (!closed) return false;
  if (/^(?:[kgszbpmrf]|sh|ts|v)u$/.test(mora.text)) return true;
  if (dropO && /^[td]o$/.test(mora.text)) return true;
  return next === undefined && /^(?:ch|j)i$/.test(mora.text);
}

/**
 * How Japanese merges sounds of the languages it writes names from; each is undone by one loanword reading.
 * - `rhotic`: the long-vowel mark after a or o is also a silent r (カーター Carter, ノーサム Northam), a word-final
 *   aー after another mora the English -er (ミラー Miller, ウィナー Winner);
 * - `nasal`: ン before a labial is n as well as m (バーベンベルク Babenberg);
 * - `sibilant`: シ and ジ are si and zi too, which Japanese lacks (シセ Cisse, キジリアン Kizirian);
 * - `fricative`: the ハ row writes the velar fricative (Russian kh, German ch, Spanish j: ハルキアス Chalkias);
 * - `glide`: ュ, ョ and ャ after a consonant also write a plain vowel (キュット Kütt, ニュージェント Nugent);
 * - `diphthong`: エイ writes the English a of ay and ai (ウェイランド Wayland, ベイリー Bayley), オー the au and aw
 *   of English, French and German (ポール Paul);
 * - `final-ie`, `final-ey`: a final iー (or i) writes English -ie and -ee as well as -y, and a final iー or eー
 *   English -ey (トビー Tobe, ジョビー Jobie; ケニー Kenney, フォッセー Fossey);
 * - `dental`: the established spellings, older than ティ and ディ, write ti as チ and di as ジ (マルチーニョ
 *   Martinho, ジムロート Dimroth, ゲンナジー Gennady), de as ジェ (メドヴェージェフ Medvedev), and a v before l or
 *   r as ウ (ウラジオストク Vladivostok).
 */
type Merger =
  'rhotic' | 'nasal' | 'sibilant' | 'fricative' | 'glide' | 'diphthong' | 'final-ie' | 'final-ey' | 'dental';
const MERGERS: readonly Merger[] = [
  'rhotic',
  'nasal',
  'sibilant',
  'fricative',
  'glide',
  'diphthong',
  'final-ie',
  'final-ey',
  'dental',
];

type Closing = 'written' | 'loanword' | 'loanword-o';

function moraText(
  mora: Mora,
  next: Mora | undefined,
  position: { first: boolean; final: boolean },
  merger: Merger | undefined,
): string {
  const { first, final } = position;
  let text = mora.text;
  switch (merger) {
    case 'dental':
      // A short final チ or ジ is the -ch or -dge of the source (ヴィチ -vich), not a ti or di.
      if (next !== undefined || mora.long) text = text.replace(/^chi$/, 'ti').replace(/^j(?=[ie]$)/, 'd');
      if (first && text === 'u' && next !== undefined && /^r[aeiou]$/.test(next.text)) text = 'v';
      break;
    case 'sibilant':
      text = text.replace(/^shi$/, 'si').replace(/^ji$/, 'zi');
      break;
    case 'fricative':
      text = text.replace(/^h(?=[aeio])/, 'kh');
      break;
    case 'glide':
      text = text.replace(/^([^aeiouy]+)y(?=[aeou])/, '$1');
      break;
    case 'final-ie':
      if (final) text = text.replace(/i$/, 'e');
      break;
    case 'final-ey':
      if (final && mora.long) text = text.replace(/[ie]$/, 'ei');
      break;
    case 'diphthong':
      if (mora.long) text = text.replace(/o$/, 'au');
      else if (next?.text === 'i') text = text.replace(/e$/, 'a');
      break;
    default:
      break;
  }
  if (merger === 'rhotic' && mora.long) {
    if (final && text.endsWith('a')) return `${text.slice(0, -1)}er`;
    if (/[ao]$/.test(text)) return `${text}r`;
  }
  return text;
}

function romanised(morae: readonly Mora[], closing: Closing, merger?: Merger): string {
  let out = '';
  morae.forEach((mora, i) => {
    const next = morae[i + 1];
    const drop = closing !== 'written' && epenthetic(mora, next, closing === 'loanword-o');
    // A final unstressed syllable (-er, -ar, -or) is aー; a stressed one is aール (カタール Qatar), or the only one.
    const text = moraText(mora, next, { first: i === 0, final: i > 0 && next === undefined }, merger);
    const kept = drop ? text.replace(/[aeiou]$/, '') : text;
    // ン before a labial is m (ランプ lamp, ハンバーグ).
    const labial = kept === 'n' && merger !== 'nasal' && next !== undefined && /^[bpm]/.test(next.text);
    out += labial ? 'm' : kept;
  });
  return out;
}

/** A kana word romanised as written (Hepburn-like): ヴェクセリベルク vekuseriberuku. */
export function romaniseKana(token: string): string {
  return romanised(kanaMorae(token), 'written');
}

/**
 * Readings of a kana word as a transcribed foreign name: without the vowels Japanese adds to close syllables
 * (Hendrix for ヘンドリックス, with and without a closing o after t and d), and those with each merger undone
 * (see `Merger`). May include the written romanisation.
 */
export function loanwordReadings(token: string): string[] {
  const morae = kanaMorae(token);
  const out = new Set<string>();
  for (const closing of ['loanword', 'loanword-o'] as const) {
    out.add(romanised(morae, closing));
    for (const merger of MERGERS) out.add(romanised(morae, closing, merger));
  }
  return [...out];
}

// Consonants of the phonetic key (phonetic.ts) that kana writes alike or that transcriptions swap: a
// substitution within a group costs half.
const CONSONANT_GROUPS = ['bpfv', 'td', 'kgqx', 'szcjwq', 'lr', 'mn'];
const VOWEL_SUBSTITUTION = 0.25;
const VOWEL_INDEL = 0.5;

// Per character code below 128: VOWEL_BIT for a vowel, else one bit for each of the CONSONANT_GROUPS the letter is
// in (q is in two); Latin phonetic keys hold nothing else.
const VOWEL_BIT = 1 << CONSONANT_GROUPS.length;
const CODE_CLASS = new Uint8Array(128);
for (const v of 'aeiou') CODE_CLASS[v.charCodeAt(0)] = VOWEL_BIT;
CONSONANT_GROUPS.forEach((group, g) => {
  for (const c of group) CODE_CLASS[c.charCodeAt(0)] = (CODE_CLASS[c.charCodeAt(0)] as number) | (1 << g);
});
const classOf = (code: number): number => (code < 128 ? (CODE_CLASS[code] as number) : 0);
const LIQUID = 1 << CONSONANT_GROUPS.indexOf('lr');
const LIQUID_SUBSTITUTION = 0.1;
const [B, V] = [98, 118];

function substitution(a: number, b: number): number {
  if (a === b) return 0;
  const ca = classOf(a);
  const cb = classOf(b);
  const va = ca === VOWEL_BIT;
  if (va !== (cb === VOWEL_BIT)) return 1;
  if (va) return VOWEL_SUBSTITUTION;
  // Kana has one liquid: its l for a Latin r (or r for l) says nothing.
  if (ca === LIQUID && cb === LIQUID) return LIQUID_SUBSTITUTION;
  // Nor does バ for a Latin v: kana wrote v with the b row before ヴ, and still often does (ガビラ Gavira); but ヴ
  // is a v.
  if (a === B && b === V) return LIQUID_SUBSTITUTION;
  return (ca & cb) !== 0 ? 0.5 : 1;
}

const indel = (code: number): number => (classOf(code) === VOWEL_BIT ? VOWEL_INDEL : 1);

// The two rows of kanaCloseness, reused from call to call (the work is synchronous).
let rowA = new Float64Array(32);
let rowB = new Float64Array(32);

/**
 * How alike a reading of a kana word and a Latin phonetic key are, in [0,1]: one less an edit distance over the
 * longer length, where r for l (kana has one liquid) and b for v cost a tenth, a vowel written for another vowel
 * a quarter (kana writes the English u of Tubbs and Purton with a: タッブス, パートン), a vowel more or less a half,
 * and a consonant for a near one a half. When `least` is given, 0 as soon as the closeness is sure to fall below
 * it (the usual case, and cheap).
 */
export function kanaCloseness(reading: string, key: string, least = 0): number {
  const n = reading.length;
  const m = key.length;
  if (n === 0 || m === 0) return 0;
  const longer = Math.max(n, m);
  // Beyond this distance the closeness is below `least` (with room for rounding); a letter more or less costs
  // at least VOWEL_INDEL.
  const within = (1 - least) * longer + 1e-9;
  if (least > 0 && Math.abs(n - m) * VOWEL_INDEL > within) return 0;
  if (rowA.length <= m) {
    rowA = new Float64Array(2 * (m + 1));
    rowB = new Float64Array(2 * (m + 1));
  }
  let prev = rowA;
  let row = rowB;
  prev[0] = 0;
  for (let j = 1; j <= m; j++) prev[j] = (prev[j - 1] as number) + indel(key.charCodeAt(j - 1));
  for (let i = 1; i <= n; i++) {
    const a = reading.charCodeAt(i - 1);
    const indelA = indel(a);
    row[0] = (prev[0] as number) + indelA;
    let rowMin = row[0] as number;
    for (let j = 1; j <= m; j++) {
      const b = key.charCodeAt(j - 1);
      const cell = Math.min(
        (prev[j - 1] as number) + substitution(a, b),
        (prev[j] as number) + indelA,
        (row[j - 1] as number) + indel(b),
      );
      row[j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    // Costs only grow from row to row.
    if (least > 0 && rowMin > within) return 0;
    [prev, row] = [row, prev];
  }
  return Math.max(0, 1 - (prev[m] as number) / longer);
}

// Below this closeness a reading and a key are different names; above it, the distance from 1 counts this much.
const MIN_KANA_CLOSENESS = 0.85;
const KANA_STEEPNESS = 1.5;
// Readings are guesses, so a near reading stays below a spelled match (score.ts: APPROXIMATE).
const MAX_KANA_SIMILARITY = 0.89;
// A reading that is the Latin word as kana would write it agrees above any near one, below the word's own key.
const SPOKEN_SIMILARITY = 0.95;
const MIN_SPOKEN_KEY = 3;
// Keys this short must agree exactly (as in score.ts).
const MIN_KANA_KEY = 4;

type Rule = readonly [RegExp, string];

// How Japanese hears the spellings of the languages whose names it writes, one list of rewrites a language
// group; each rewrites the Latin word into letters that read (in the phonetic key's English conventions) as the
// kana would write it. A group's rewrites apply together; a word its rules leave alone gets no reading from it.
const SPOKEN: readonly (readonly Rule[])[] = [
  // English: a vowel before a consonant and a final silent e is long, i and y then ai (ライム Lyme, ワイン Wine), a
  // ei (テイト Tate); th is written with サ and ザ (サッカレー Thackray, リザーランド Litherland), ee and ea are i
  // (イートン Eaton), igh ai, ew u and a final -es after a consonant s (クルーズ Crewes), ds z (リーズ Leeds),
  // -tion and -sion shon (ネイション Nation), wh w, ow before a consonant au (タウン Towne); er, ir, ur and yr before
  // a consonant are the vowel kana writes aー (シャーウッド Sherwood, バーンズ Byrnes); Mc is Mac (マッキム McKim,
  // マッキャン McCann).
  [
    [/(?<=^[^aeiouy]*)[iy](?=[^aeiouy]e$)/, 'ai'],
    [/(?<=^[^aeiouy]*)a(?=[^aeiouy]e$)/, 'ei'],
    [/(?<=[^aeiou])[eiuy]r(?=[^aeiouy])/g, 'ar'],
    [/^mc/, 'mac'],
    [/^wh/, 'w'],
    [/[ts]ion$/, 'shon'],
    [/ds$/, 'z'],
    [/th/g, 's'],
    [/ee|ea/g, 'i'],
    [/igh/g, 'ai'],
    [/ew/g, 'u'],
    [/ow(?![aeiou])/g, 'au'],
    [/(?<=[^aeiouy]|u)es$/, 's'],
    [/(?<=[^aeiouy])e$/, ''],
    [/gu(?=[eiy])/g, 'g'],
  ],
  // French: eau, au and final aux are o (マリヴォー Marivaux, カルトー Carteaux), ai and ei e (マドレーヌ
  // Madeleine), eu and ou u (ドンシュー Doncieux), oi wa (ゴドフロワ Godefroit), ch sh (シャプラン Chaplain), gu and
  // qu before e and i g and k, a final -er, -ier, -ez e; final consonants after a vowel or a nasal are silent
  // (サボ Sabot, マレ Maret, ジュラン Jeuland), and so is a final e.
  [
    [/eaux$|aux$|eux$|oux$/, 'o'],
    [/eau|au/g, 'o'],
    [/ai|ei/g, 'e'],
    [/oeu|eu|oe/g, 'u'],
    [/ou/g, 'u'],
    [/oi/g, 'wa'],
    [/ch/g, 'sh'],
    [/gu(?=[eiy])/g, 'g'],
    [/qu/g, 'k'],
    [/(?<=[^aeiou])e$/, ''],
    [/ent$/, 'an'],
    [/(?<=[aeiou])(?:lt|ts|t|ds|d|s|x|z)$|(?<=[aeiou]n)(?:ts|t|ds|d)$/, ''],
    [/(?<=[^aeiou])(?:i?er|ez)$/, 'e'],
  ],
  // German, Dutch, Scandinavian and Slavic: ei and ey are ai (ヴァイヒライン Weichlein, マイゼル Meysel), eu and
  // äu oi, ie i (ジークハルト Sieghart), an initial st and sp sht and shp (シュトルツ Storz), h after a vowel
  // silent (ルーマン Luhmann), ch after a vowel the ハ row (バハラー Bachler), z ts (ムンツァー Münzer), s before
  // a vowel z (レージング Lösing), j before a vowel y (ヤーガー Jääger, イェリッチ Jelić), Dutch oe u and ij ei
  // (ホードマン Hoedeman), w v.
  [
    [/ei|ey/g, 'ai'],
    [/eu|aeu/g, 'oi'],
    [/ie/g, 'i'],
    [/^s(?=[tp])/, 'sh'],
    [/(?<=[aeiouy])h(?![aeiouy])/g, ''],
    [/(?<=[aeiouy])ch/g, 'h'],
    [/t?z/g, 'ts'],
    [/(?<=^|[aeiouy])s(?=[aeiouy])/g, 'z'],
    [/j(?=[aeiou])/g, 'y'],
    [/oe/g, 'u'],
    [/ij/g, 'ei'],
    [/w/g, 'v'],
  ],
  // Polish: rz is zh (グジェゴシュ Grzegorz), w v, j y.
  [
    [/rz/g, 'zh'],
    [/w/g, 'v'],
    [/j(?=[aeiou])/g, 'y'],
  ],
  // Italian: ch is k (ニコール Nicholle), c and g before e and i ch and j (リッチ Ricci, アルチェオ Alceo,
  // ジャンピエロ Gianpiero), gli ri and gn ny.
  [
    [/ch/g, 'k'],
    [/gli/g, 'ri'],
    [/gn/g, 'ny'],
    [/c{1,2}(?=[ei])/g, 'ch'],
    [/gi(?=[aou])|g(?=[ei])/g, 'j'],
  ],
  // Spanish and Portuguese: ll before a vowel is j or y (ボニージャ Bonilla, ガジェゴ Gallego), z s (ジャスミン
  // Jazmin), gu and qu before e and i g and k, nh ny, a final ão on, Portuguese and Catalan x sh (シャナナ Xanana).
  [
    [/ll(?=[aeiou])/g, 'j'],
    [/z/g, 's'],
    [/gu(?=[ei])/g, 'g'],
    [/qu(?=[ei])/g, 'k'],
    [/nh/g, 'ny'],
    [/ao$/, 'on'],
    [/x/g, 'sh'],
  ],
];
// Whether any rule of a group applies: most words meet few of them (one test instead of a group's rewrites).
const SPOKEN_TRIGGERS = SPOKEN.map((rules) => new RegExp(rules.map(([pattern]) => pattern.source).join('|')));
const SPOKEN_MEMO = 50_000;
const spokenMemo = new Map<string, { spellings: readonly string[]; keys: readonly string[] }>();

function spoken(latin: string): { spellings: readonly string[]; keys: readonly string[] } {
  let out = spokenMemo.get(latin);
  if (out === undefined) {
    const own = phoneticKey(latin);
    const spellings = new Set<string>();
    const keys = new Set<string>();
    for (const [g, rules] of SPOKEN.entries()) {
      if (!(SPOKEN_TRIGGERS[g] as RegExp).test(latin)) continue;
      let text = latin;
      for (const [pattern, replacement] of rules) text = text.replace(pattern, replacement);
      if (text === latin) continue;
      spellings.add(text);
      const key = phoneticKey(text);
      if (key !== own && key !== '') keys.add(key);
    }
    out = { spellings: [...spellings], keys: [...keys] };
    if (spokenMemo.size >= SPOKEN_MEMO) spokenMemo.clear();
    spokenMemo.set(latin, out);
  }
  return out;
}

/**
 * A Latin word respelled as kana would write it, by the spelling rules of the languages whose names kana writes
 * (see `SPOKEN`): Marivaux read as French is marivo (マリヴォー). Only spellings other than the word.
 */
export function spokenSpellings(latin: string): readonly string[] {
  return spoken(latin).spellings;
}

/** The cross-script class keys of `spokenSpellings` (see cross-script.ts) other than `own`. */
export function spokenClassKeys(latin: string, own: readonly string[]): string[] {
  const out = new Set<string>();
  for (const spelling of spokenSpellings(latin)) {
    const key = classKey(spelling);
    if (key !== '' && !own.includes(key)) out.add(key);
  }
  return [...out];
}

/** The phonetic keys of `spokenSpellings` other than the word's own key, memoised per word. */
export function spokenKeys(latin: string): readonly string[] {
  return spoken(latin).keys;
}

/**
 * Similarity of a kana word, by its readings' phonetic keys, to a Latin word's key (and the keys of the word as
 * kana would write it, `spoken`) when the two differ in vowels and near consonants as kana transcriptions do
 * (ルーネル lunel for Luenell); 0 when they are further apart.
 */
export function kanaSimilarity(readings: readonly string[], key: string, spoken: readonly string[] = []): number {
  for (const latin of spoken) if (latin.length >= MIN_SPOKEN_KEY && readings.includes(latin)) return SPOKEN_SIMILARITY;
  let close = closest(readings, key, 0);
  for (let k = 0; k < spoken.length && close < CAPPED_CLOSENESS; k++)
    close = closest(readings, spoken[k] as string, close);
  return close < MIN_KANA_CLOSENESS ? 0 : Math.min(MAX_KANA_SIMILARITY, 1 - (1 - close) * KANA_STEEPNESS);
}

// Closeness beyond which the similarity is MAX_KANA_SIMILARITY whatever it is.
const CAPPED_CLOSENESS = 1 - (1 - MAX_KANA_SIMILARITY) / KANA_STEEPNESS;

/** The greatest of `best` and the closeness of a reading to `latin` (above MIN_KANA_CLOSENESS, else 0). */
function closest(readings: readonly string[], latin: string, best: number): number {
  if (latin.length < MIN_KANA_KEY) return best;
  let close = best;
  for (const reading of readings) {
    if (close >= CAPPED_CLOSENESS) break;
    // Only a closer reading matters: the least closeness lets the distance stop early.
    if (reading.length >= MIN_KANA_KEY)
      close = Math.max(close, kanaCloseness(reading, latin, Math.max(MIN_KANA_CLOSENESS, close)));
  }
  return close;
}
