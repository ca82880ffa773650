/**
 * The name index: every name and alias of every party, reduced to token keys, with postings (key -> names), a
 * deletion neighbourhood (keys one deletion apart, for misspellings), a skeleton map (for vowelless scripts) and
 * token weights from rarity across the corpus. A query touches only the postings of keys near its own tokens;
 * it never scans the corpus.
 */
import { hanjaReadings } from './hanja.js';
import { analyseName, canonicalForms, type AnalysedName, type NameToken, type TokenCache } from './analyse.js';
import {
  compareDob,
  compareNationality,
  compareTitles,
  corroborate,
  corroborateTitle,
  STRONGEST_EVIDENCE_KEEP,
  TITLE_EVIDENCE_KEEP,
  type DobEvidence,
  type ListedBirthDate,
  type NationalityEvidence,
  type TitleEvidence,
} from './corroborate.js';
import {
  alignAndScore,
  alignedSimilarity,
  describeScore,
  latinLooseShapes,
  MIN_SKELETON,
  tokenSimilarity,
  transcribes,
  type AlignedScore,
  type NameScoreDetail,
  type WeightedToken,
} from './score.js';
import { classDeletions, classKey, MIN_CLASS_KEY, MIN_SHORT_CLASS_KEY } from './cross-script.js';
import { chineseSyllables, chineseWordForms } from './chinese.js';
import { latinWord, transcriptionFilter, transcriptionSimilarity, type LatinWord } from './cyrillic.js';
import { spokenClassKeys } from './kana.js';
import {
  chineseNameForm,
  hanLatinClassKeys,
  hanShape,
  isHanTranscription,
  looseHanShape,
  mayBeTranscription,
} from './han-transcription.js';
import { arabicArticleApart, compoundApart, SHORT_KEYED_WORDS, shortKeyed } from './hangul-loanwords.js';
import { comparesSpoken } from './semitic.js';
import { joinedKoreanGivenName, koreanJoinedName, koreanSyllables } from './korean.js';
import { mandarinForms } from './hangul-mandarin.js';
import { skeleton } from './phonetic.js';
import { romanise, type Script } from './transliterate.js';
import { cjkTitlesApart, type TokenRole } from './vocabulary.js';

/** A name of a party as the index receives it. */
export interface MatchableName {
  full: string;
  /** Given names, when the source splits them: all but the first are middle names and weigh less. */
  given?: string;
  /** The publisher's qualification: weak aliases (nicknames, short forms) count for less. */
  strength: 'strong' | 'weak';
}

/** A party (person, organisation, vessel, ...) with the evidence the matcher uses. */
export interface MatchableParty {
  /** The caller's reference, returned with every match. */
  ref: string;
  names: readonly MatchableName[];
  birthDates?: readonly ListedBirthDate[];
  /** ISO 3166 alpha-2 codes of nationalities and citizenships; other values are ignored. */
  nationalities?: readonly string[];
  /** Titles or positions as published ("President of the Russian Federation"): a query's title can agree. */
  titles?: readonly string[];
}

/** What is searched: one or more names of one person (name plus aliases), with optional evidence. */
export interface NameQuery {
  names: readonly string[];
  /** YYYY-MM-DD or YYYY. */
  dob?: string;
  /** ISO 3166 alpha-2. */
  nationality?: string;
}

/** Search limits. */
export interface SearchOptions {
  /** Matches scoring below this (after evidence) are dropped. Default 0.7. */
  minScore?: number;
  /** At most this many parties are returned. Default 10. */
  limit?: number;
  /** Only parties for which this holds are considered (before the limit is applied). */
  accept?: (party: number) => boolean;
}

/** The features behind a match score. */
export interface MatchFeatures extends NameScoreDetail {
  /** The name score before evidence, after the weak-alias discount. */
  nameScore: number;
  aliasStrength: 'strong' | 'weak';
  /** Titles and honorifics taken off the query name (evidence only; they do not score). */
  queryTitles: readonly string[];
  /** True when the score is that of a family name alone or a name without some listed given names: never blocks. */
  partialName: boolean;
  dob: DobEvidence;
  nationality: NationalityEvidence;
  /** 'match' when a title taken off the query names the listed party's office (президента Путин, PUTIN). */
  title: TitleEvidence;
}

/** One party that matches a query, with its best-matching name. */
export interface NameMatch {
  ref: string;
  /** Position of the party in the array the index was built from. */
  party: number;
  /** The listed name that matched best. */
  listedName: string;
  /** The query name that matched it. */
  queryName: string;
  /** Final score in [0,1]. */
  score: number;
  features: MatchFeatures;
}

interface Entry {
  party: number;
  name: MatchableName;
  analysed: AnalysedName;
  tokens: WeightedToken[];
  /** Key id of each token, for the similarity memo. */
  keyIds: number[];
  /** Sum of the token weights. */
  weight: number;
  /** Per token: true when it is one of the listed given names (the source split them off the family name). */
  given: boolean[];
}

/** One analysed query name, its tokens weighted. */
interface PreparedQuery {
  name: string;
  analysed: AnalysedName;
  tokens: WeightedToken[];
  /** The titles taken off the name, romanised (for comparing with listed titles). */
  titles: string[];
}

/** The best alignment found so far for one party. */
interface Candidate {
  entry: Entry;
  query: PreparedQuery;
  aligned: AlignedScore;
  nameScore: number;
  score: number;
  dob: DobEvidence;
  nationality: NationalityEvidence;
  title: TitleEvidence;
  partialName: boolean;
  /** Found by a form read from the query rather than spelled from it (see SearchedForm.readOnly): never blocks. */
  readOnly?: boolean;
}

const ROLE_FACTOR: Record<TokenRole, number> = {
  name: 1,
  middle: 0.35,
  patronymic: 0.35,
  generic: 0.25,
  particle: 0.1,
  legal: 0.02,
  initial: 0,
};
// An initial says one letter's worth; a fixed small weight, whatever its corpus frequency.
const INITIAL_WEIGHT = 1;
const WEAK_ALIAS_FACTOR = 0.9;
// Candidate generation: tokens in more names than this share of the corpus only generate candidates when
// nothing rarer does.
const FREQUENT_SHARE = 0.02;
const MAX_CANDIDATES = 32;
// A query word that agrees with a listed generic word, legal form or particle accounts for that much less of the
// listed name when candidates are ranked (as the listed word weighs in its score): the words of a name of one word
// (جيانيتى jyanita) agree by skeleton with JOINT or BANK, and hundreds of JOINT STOCK COMPANY names would
// otherwise fill the places of the one-word names it may be.
const LISTED_SHARE: Partial<Record<TokenRole, number>> = {
  generic: ROLE_FACTOR.generic,
  legal: ROLE_FACTOR.legal,
  particle: ROLE_FACTOR.particle,
};
const MAX_SHORT_CANDIDATES = 16;
// One-word listed names added for a one-word kana query by short class keys alone (shortClassCandidates).
const MAX_ONE_WORD_SHORT_CANDIDATES = 8;
const QUERY_WORD_MEMO = 50_000;
// Spellings kept per key id for Cyrillic transcriptions; a key has few in practice.
const MAX_KEY_SPELLINGS = 8;
// Candidates a query may have kept before its one-word names are added, room for which the memo of those keeps.
const MAX_KEPT = 64;
// Spellings of one key compared with a query word to find keys, at most (ALEKSEY, ALEXEI, OLEKSIY, ...).
const MAX_KEY_VARIANTS = 8;
// Partial names: the query's words must be this well explained, the family name match this close and this rare
// (names carrying its key), and a listed given name the query leaves out counts for this share of its weight.
const PARTIAL_QUERY_COVERAGE = 0.85;
const PARTIAL_FAMILY_SIMILARITY = 0.85;
const RARE_FAMILY_NAME = 8;
const MISSING_GIVEN = 0.2;
// A second family name the query leaves out (Spanish and Portuguese names carry two, and people are called by the
// first: Nicolás Maduro for MADURO MOROS, Nicolas) counts for this share of its weight.
const MISSING_SECOND_FAMILY = 0.3;
// Least similarity of a syllable of a split Korean name with its listed word (a spelling, not a class key).
const SPELLED = 0.9;
// The alignment score a form searched `exact` (see SearchedForm.exact) needs: every word agreeing whole.
const EXACT_READING = 0.999;
// Query scripts whose tokens also look for listed tokens by cross-script class key: all but Latin (the lists'
// own script). Cyrillic and Greek candidates found so only count when the spellings stay close (score.ts).
const NOT_CLASS_KEYED: ReadonlySet<Script> = new Set(['Latn', 'Zyyy']);
const FAITHFUL: ReadonlySet<Script> = new Set(['Cyrl', 'Grek']);
// Query scripts whose one-word names also look for one-word listed names by short class key.
const SHORT_CLASS_KEYED: ReadonlySet<Script> = new Set(['Kana']);
const CLASS_KEYED = { has: (script: Script): boolean => !NOT_CLASS_KEYED.has(script) };

/** Marks the tokens of `name` that are given names after the first (Ali *Husseini* Khamenei) as middle names. */
function withMiddleNames(name: AnalysedName, given: string | undefined, cache: TokenCache): AnalysedName {
  if (!given) return name;
  const givenTokens = analyseName(given, { cache }).tokens;
  const first = givenTokens[0]?.key;
  const middle = new Set(givenTokens.slice(1).map((t) => t.key));
  if (middle.size === 0) return name;
  const tokens = name.tokens.map((token) =>
    token.role === 'name' && token.key !== first && middle.has(token.key) ? asMiddle(token) : token,
  );
  return { ...name, tokens };
}

// One middle-name token per cached word, as the word itself is one token: similarities are memoised per token.
const MIDDLE = new WeakMap<NameToken, NameToken>();

function asMiddle(token: NameToken): NameToken {
  let middle = MIDDLE.get(token);
  if (middle === undefined) {
    middle = { ...token, role: 'middle' };
    MIDDLE.set(token, middle);
  }
  return middle;
}

/** True when one family name is the other's feminine form (Ivanov/Ivanova, Lukashenka is neither). */
function feminineOf(a: WeightedToken | undefined, b: WeightedToken | undefined): boolean {
  const x = a?.token.key ?? '';
  const y = b?.token.key ?? '';
  return x === `${y}a` || y === `${x}a`;
}

/**
 * The `limit` ids of highest priority, highest first, ties by lower id: what sorting them all would keep, without
 * sorting them all (a frequent word touches thousands of names).
 */
export function topByPriority(ids: readonly number[], limit: number, priority: (id: number) => number): number[] {
  const top: number[] = [];
  const priorities: number[] = [];
  const before = (p: number, id: number, k: number): boolean =>
    p > (priorities[k] as number) || (p === priorities[k] && id < (top[k] as number));
  for (const id of ids) {
    const p = priority(id);
    if (top.length === limit && !before(p, id, limit - 1)) continue;
    let at = Math.min(top.length, limit - 1);
    while (at > 0 && before(p, id, at - 1)) at--;
    if (top.length === limit) {
      top.pop();
      priorities.pop();
    }
    top.splice(at, 0, id);
    priorities.splice(at, 0, p);
  }
  return top;
}

/** Lists of ids in one typed array: list i is values[starts[i]] to values[starts[i + 1]] (for locality). */
function packed(lists: readonly (readonly number[])[]): { starts: Int32Array; values: Int32Array } {
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => {
    starts[i + 1] = (starts[i] as number) + list.length;
  });
  return { starts, values: Int32Array.from(lists.flat()) };
}

/**
 * A set of ids below a bound, reused from one query word to the next: an id is in it when its slot holds the
 * current stamp, so clearing it is one increment. `ids` keeps them in the order they were added.
 */
class IdSet {
  readonly ids: number[] = [];
  private readonly stamps: Uint32Array;
  private stamp = 0;

  constructor(size: number) {
    this.stamps = new Uint32Array(size);
  }

  cleared(): this {
    this.ids.length = 0;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    return this;
  }

  has(id: number): boolean {
    return this.stamps[id] === this.stamp;
  }

  add(id: number): void {
    if (this.stamps[id] === this.stamp) return;
    this.stamps[id] = this.stamp;
    this.ids.push(id);
  }

  addAll(ids: readonly number[] | undefined): void {
    if (ids !== undefined) for (const id of ids) this.add(id);
  }
}

function deletions(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

function withDeletions(key: string): string[] {
  return key.length > 3 ? [key, ...deletions(key)] : [key];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** True when two listed tokens of one key compare alike with any query word: one spelling, and roles alike. */
function sameSpelling(a: NameToken, b: NameToken): boolean {
  return a.text === b.text && (a.role === b.role || (transcribes(a) && transcribes(b)));
}

/** Name index over parties; build once with `buildNameIndex`, search many times. */
export class NameIndex {
  private readonly entries: Entry[] = [];
  private readonly keyIds = new Map<string, number>();
  /** One token per key id, as first seen. */
  private readonly keyTokens: NameToken[] = [];
  /**
   * The listed words of each key id, one token per spelling (IGOR, IHOR; at most MAX_KEY_VARIANTS): what query
   * words are compared with to find keys, so that which spelling the list happens to give first does not matter.
   */
  private readonly keyVariants: NameToken[][] = [];
  /** What was registered in which lookup, while the index is built (tag, lookup key, key id). */
  private readonly registered = new Set<string>();
  /** Entry ids by key id, while the index is built; then in postingStarts and postingEntries. */
  private readonly postings: number[][] = [];
  /** Postings in a row (key id k's entries are at postingStarts[k] to postingStarts[k + 1]), for locality. */
  private readonly postingStarts: Int32Array;
  private readonly postingEntries: Int32Array;
  private readonly neighbours = new Map<string, number[]>();
  private readonly skeletons = new Map<string, number[]>();
  /** Skeletons of Latin words without their silent h (John jn), for Arabic and Hebrew query words. */
  private readonly silentH = new Map<string, number[]>();
  /** Skeletons of Latin words as they are said (Louis l, Wright rt), for Hebrew query words. */
  private readonly spoken = new Map<string, number[]>();
  /** Cross-script class key -> key ids, for query tokens in another script than the listed ones. */
  private readonly classes = new Map<string, number[]>();
  /** Class keys one class shorter than a listed one -> key ids (fuzzy class-key lookups). */
  private readonly classDeletions = new Map<string, number[]>();
  /**
   * Class keys shorter than MIN_CLASS_KEY -> key ids, of names of one word only: a one-word query written as a Han
   * or kana transcription (喬伊斯 ks, フレアー br) looks these up for the one-word name it may be (JOYCE, FLOER).
   */
  private readonly shortClasses = new Map<string, number[]>();
  /**
   * Class keys of Latin words as a Han transcription may write them (hanLatinClassKeys: arnold nt, matheus ms) ->
   * key ids: those of MIN_CLASS_KEY - 1 classes or more, and shorter ones of names of one word only (as
   * shortClasses), for Han transcriptions alone.
   */
  private readonly hanClasses = new Map<string, number[]>();
  private readonly hanShortClasses = new Map<string, number[]>();
  /** Loose shapes of Latin words (score.ts latinLooseShapes: nut for Nutt) -> key ids, for Han transcriptions. */
  private readonly hanLooseShapes = new Map<string, number[]>();
  /**
   * Class keys of Latin words as kana would write them (spokenClassKeys: marivaux mrb, thackray skr) -> key
   * ids, when other than the word's own: those of MIN_CLASS_KEY - 1 classes or more, and shorter ones of names of
   * one word only (as shortClasses), for kana queries alone.
   */
  private readonly kanaClasses = new Map<string, number[]>();
  private readonly kanaShortClasses = new Map<string, number[]>();
  private readonly nearShortMemo = new WeakMap<NameToken, Array<{ id: number; sim: number }>>();
  /**
   * Class keys of every listed word, short ones too -> key ids: for names whose every word agrees (shortKeyed), and
   * for the other words of Arabic and Hebrew query names.
   */
  private readonly allClasses = new Map<string, number[]>();
  /** The class keys already posted for each key id (build time only). */
  private readonly registeredClasses = new Map<number, Set<string>>();
  /** Class keys of one to three classes of Latin words -> key ids, for Cyrillic transcriptions only (cyrillic.ts). */
  private readonly latinShortClasses = new Map<string, number[]>();
  /**
   * The first entry of the Korean names indexed with the given name joined (see joinedKoreanGivenName): they come
   * after every listed name. For Latin and kana queries that join it: never for a name searched syllable by
   * syllable, which meets the name apart, and whose joined spellings would agree with it by key where a syllable
   * differs (김 정훈 jonghun is not KIM, Jong Un).
   */
  private readonly firstJoined: number;
  /** The key ids a query word's lookups found, and those its Cyrillic transcription keys fitted (findNearKeys). */
  private readonly nearIds: IdSet;
  private readonly triedIds: IdSet;
  // Per-query scratch space, one slot per entry, left all zero between queries.
  private readonly scratch: Float64Array;
  /** The weight of each entry, apart from the entries for locality (candidate ranking reads thousands). */
  private readonly entryWeights: Float64Array;
  /** The key ids of every entry's tokens in a row: entry e's are at entryKeyStarts[e] to entryKeyStarts[e + 1]. */
  private readonly entryKeys: Int32Array;
  private readonly entryKeyStarts: Int32Array;
  private readonly tokenScratch: Float64Array;
  /** The same for the listed side: how much of each touched entry's weight the query words account for. */
  private readonly listedScratch: Float64Array;
  private readonly listedTokenScratch: Float64Array;
  /** Per entry, what a query word's rare keys gave it, while its frequent keys are added (see addFrequentKeys). */
  private readonly metScratch: Float64Array;
  private readonly metListedScratch: Float64Array;
  /**
   * Beside postingEntries, the share of a query word's weight that the posted entry's word of that key accounts
   * for in the entry (see LISTED_SHARE).
   */
  private readonly postingShares: Float64Array;
  // Words of recent queries: customers' names repeat, and analysing a word, finding the corpus keys near it and
  // comparing it with them is most of a query's cost. Tokens from this memo are the keys of the two below, so
  // dropping it (when full) releases them too; results never depend on what the memos hold.
  private queryWords: TokenCache = new Map();
  private readonly nearMemo = new WeakMap<NameToken, Array<{ id: number; sim: number }>>();
  /** One-word names nearest a one-word Han transcription, in order (see oneWordCandidates). */
  private readonly oneWordMemo = new WeakMap<NameToken, { ids: number[]; complete: boolean }>();
  private readonly similarities = new WeakMap<NameToken, Map<NameToken, number>>();
  /**
   * The Latin spellings of each key id (FOURTH and FURTH share a key): a Cyrillic transcription fits each
   * differently (Ферт is Furth, not Fourth).
   */
  private readonly keySpellings: string[][] = [];
  /** What the transcription fit needs of each of those spellings, computed with the index (latinWord). */
  private readonly keyLatinWords: LatinWord[][] = [];
  /**
   * Per key id, -1 for a word of another script than Latin: the consonants that every one of its spellings writes
   * and only a Cyrillic spelling can account for (LatinWord.consonants): a Cyrillic word that writes none of one
   * of them transcribes none of the spellings.
   */
  private readonly latinConsonantBits: Int32Array;
  /** Per key id, -1 for a word of another script than Latin: the letters of all its spellings together. */
  private readonly latinLetterBits: Int32Array;
  private readonly frequentPostings: number;
  /** Number of indexed names, fixed before any weight is computed. */
  private readonly nameCount: number;
  private readonly maxWeight: number;

  constructor(readonly parties: readonly MatchableParty[]) {
    const analysed: Array<{ party: number; name: MatchableName; analysed: AnalysedName }> = [];
    const joinedNames: typeof analysed = [];
    const cache: TokenCache = new Map();
    parties.forEach((party, index) => {
      for (const name of party.names) {
        const a = withMiddleNames(analyseName(name.full, { cache }), name.given, cache);
        if (a.tokens.length > 0) analysed.push({ party: index, name, analysed: a });
        // A Korean given name of two syllables listed apart is indexed joined too (KIM, Jong Un as Kim Jongun).
        const joined = a.script === 'Latn' ? joinedKoreanGivenName(a.tokens.map((t) => t.text)) : undefined;
        if (joined) joinedNames.push({ party: index, name, analysed: analyseName(joined, { cache }) });
      }
    });
    // After every listed name, so that the names keep their places (candidates of equal rank are kept in order).
    this.firstJoined = analysed.length;
    analysed.push(...joinedNames);
    analysed.forEach((item, entryId) => this.addPostings(entryId, item.analysed.tokens));
    ({ starts: this.postingStarts, values: this.postingEntries } = packed(this.postings));
    this.postings.length = 0;
    this.registeredClasses.clear();
    this.registered.clear();
    for (const item of analysed) if (item.analysed.tokens.length === 1) this.addShortClasses(item.analysed.tokens);
    const n = Math.max(1, analysed.length);
    this.nameCount = n;
    this.maxWeight = Math.log(1 + n);
    for (const item of analysed) {
      const tokens = item.analysed.tokens.map((token) => ({ token, weight: this.weightOf(token) }));
      const keyIds = item.analysed.tokens.map((token) => this.keyIds.get(token.key) as number);
      const weight = tokens.reduce((sum, t) => sum + t.weight, 0);
      const givenKeys = new Set(
        item.name.given ? analyseName(item.name.given, { cache }).tokens.map((t) => t.key) : [],
      );
      const given = item.analysed.tokens.map((token) => givenKeys.has(token.key));
      this.entries.push({ ...item, tokens, keyIds, weight, given });
    }
    this.keyTokens.forEach(({ key }, id) => {
      for (const variant of new Set([key, ...deletions(key)])) pushTo(this.neighbours, variant, id);
    });
    for (const id of this.neighbours.values()) id.sort((a, b) => a - b);
    this.nearIds = new IdSet(this.keyTokens.length);
    this.triedIds = new IdSet(this.keyTokens.length);
    this.scratch = new Float64Array(this.entries.length);
    this.entryWeights = Float64Array.from(this.entries, (entry) => entry.weight);
    ({ starts: this.entryKeyStarts, values: this.entryKeys } = packed(this.entries.map((entry) => entry.keyIds)));
    const latinOf = (id: number): LatinWord[] => this.keyLatinWords[id] ?? [];
    this.latinLetterBits = Int32Array.from(this.keyTokens, (_, id) =>
      latinOf(id).length === 0 ? -1 : latinOf(id).reduce((bits, word) => bits | word.letters, 0),
    );
    this.latinConsonantBits = Int32Array.from(this.keyTokens, (_, id) =>
      latinOf(id).length === 0 ? -1 : latinOf(id).reduce((bits, word) => bits & word.consonants, ~0),
    );
    this.tokenScratch = new Float64Array(this.entries.length);
    this.listedScratch = new Float64Array(this.entries.length);
    this.listedTokenScratch = new Float64Array(this.entries.length);
    this.metScratch = new Float64Array(this.entries.length);
    this.metListedScratch = new Float64Array(this.entries.length);
    this.postingShares = new Float64Array(this.postingEntries.length);
    this.entries.forEach((entry, entryId) => {
      entry.keyIds.forEach((id, l) => {
        const k = this.postingIndex(id, entryId);
        const share = LISTED_SHARE[(entry.tokens[l] as WeightedToken).token.role] ?? 1;
        if (share > (this.postingShares[k] as number)) this.postingShares[k] = share;
      });
    });
    this.frequentPostings = Math.max(50, Math.floor(n * FREQUENT_SHARE));
  }

  /** Number of indexed names (names and aliases). */
  get size(): number {
    return this.entries.length;
  }

  private addPostings(entryId: number, tokens: readonly NameToken[]): void {
    const seen = new Set<number>();
    for (const token of tokens) {
      let id = this.keyIds.get(token.key);
      if (id === undefined) {
        id = this.keyTokens.length;
        this.keyIds.set(token.key, id);
        this.keyTokens.push(token);
        this.keyVariants.push([]);
        this.postings.push([]);
      }
      const variants = this.keyVariants[id] as NameToken[];
      if (variants.length < MAX_KEY_VARIANTS && !variants.some((v) => sameSpelling(v, token))) {
        variants.push(token);
        this.registerLookups(token, id);
      }
      // Words of one key may differ in class keys (HARRY has none, GARY kr): every word's count here.
      const registered = this.registeredClasses.get(id) ?? new Set<string>();
      this.registeredClasses.set(id, registered);
      for (const classKey of token.classKeys) {
        if (!registered.has(classKey)) pushTo(this.allClasses, classKey, id);
        registered.add(classKey);
      }
      if (token.script === 'Latn') {
        const spellings = (this.keySpellings[id] ??= []);
        if (spellings.length < MAX_KEY_SPELLINGS && !spellings.includes(token.text)) {
          spellings.push(token.text);
          (this.keyLatinWords[id] ??= []).push(latinWord(token.text));
        }
      }
      if (!seen.has(id)) (this.postings[id] as number[]).push(entryId);
      seen.add(id);
    }
  }

  /** Puts key id `id` under the lookups of `token`, one of its spellings (each lookup key holds an id once). */
  private registerLookups(token: NameToken, id: number): void {
    const put = (tag: string, map: Map<string, number[]>, key: string): void => {
      const mark = `${tag}\u0001${key}\u0001${id}`;
      if (this.registered.has(mark)) return;
      this.registered.add(mark);
      pushTo(map, key, id);
    };
    put('skeleton', this.skeletons, token.skeleton);
    if (token.silentH !== undefined) put('silentH', this.silentH, token.silentH);
    if (token.spoken !== undefined) put('spoken', this.spoken, token.spoken);
    if (token.script === 'Latn') {
      for (const short of new Set([classKey(token.text), ...token.classKeys])) {
        if (short !== '' && short.length < MIN_CLASS_KEY) put('latinShort', this.latinShortClasses, short);
      }
      for (const han of hanLatinClassKeys(token.text)) {
        if (han.length >= MIN_CLASS_KEY - 1) put('han', this.hanClasses, han);
      }
      for (const loose of latinLooseShapes(token)) put('hanLoose', this.hanLooseShapes, loose);
      for (const kana of spokenClassKeys(token.text, token.classKeys)) {
        if (kana.length >= MIN_CLASS_KEY - 1) put('kana', this.kanaClasses, kana);
      }
    }
    for (const classKey of token.classKeys) {
      if (classKey.length < MIN_CLASS_KEY) continue;
      put('class', this.classes, classKey);
      for (const shorter of classDeletions(classKey)) put('classDeletion', this.classDeletions, shorter);
    }
  }

  /** The best similarity of a query word with the spellings of key id `id`. */
  private variantSimilarity(token: NameToken, id: number): number {
    let best = 0;
    for (const variant of this.keyVariants[id] as NameToken[]) {
      best = Math.max(best, tokenSimilarity(token, variant));
      if (best === 1) break;
    }
    return best;
  }

  private addShortClasses(tokens: readonly NameToken[]): void {
    for (const token of tokens) {
      const id = this.keyIds.get(token.key) as number;
      for (const han of token.script === 'Latn' ? hanLatinClassKeys(token.text) : []) {
        if (han.length < MIN_CLASS_KEY - 1 && !this.hanShortClasses.get(han)?.includes(id))
          pushTo(this.hanShortClasses, han, id);
      }
      for (const kana of token.script === 'Latn' ? spokenClassKeys(token.text, token.classKeys) : []) {
        if (
          kana.length >= MIN_SHORT_CLASS_KEY &&
          kana.length < MIN_CLASS_KEY - 1 &&
          !this.kanaShortClasses.get(kana)?.includes(id)
        )
          pushTo(this.kanaShortClasses, kana, id);
      }
      for (const classKey of token.classKeys) {
        if (classKey.length >= MIN_CLASS_KEY) continue;
        const ids = this.shortClasses.get(classKey);
        if (ids?.includes(id)) continue;
        pushTo(this.shortClasses, classKey, id);
      }
    }
  }

  /**
   * Corpus keys of one-word listed names that agree with a one-word query's `token` on a short class key only
   * (フレアー br for FLOER): a kana transcription of a one-word name keeps few consonants, and a one-word query
   * meets one-word listed names alone on coverage. Memoised per query word.
   */
  private nearShortKeys(token: NameToken): Array<{ id: number; sim: number }> {
    let near = this.nearShortMemo.get(token);
    if (!near) {
      const ids = new Set<number>();
      for (const classKey of token.classKeys) {
        for (const id of this.shortClasses.get(classKey) ?? []) ids.add(id);
        if (token.script === 'Kana') for (const id of this.kanaShortClasses.get(classKey) ?? []) ids.add(id);
      }
      near = [];
      for (const id of ids) {
        const sim = this.variantSimilarity(token, id);
        if (sim > 0) near.push({ id, sim });
      }
      this.nearShortMemo.set(token, near);
    }
    return near;
  }

  /** Rarity weight of a token: log inverse document frequency over indexed names, times its role factor. */
  private weightOf(token: NameToken): number {
    if (token.role === 'initial') return INITIAL_WEIGHT;
    const id = this.keyIds.get(token.key);
    const df = id === undefined ? 0 : this.postingCount(id);
    const idf = df === 0 ? this.maxWeight : Math.log(1 + this.nameCount / df);
    return idf * ROLE_FACTOR[token.role];
  }

  /** Corpus keys near `token`, with their similarity (memoised per query word). */
  private nearKeys(token: NameToken): Array<{ id: number; sim: number }> {
    let near = this.nearMemo.get(token);
    if (!near) {
      near = this.findNearKeys(token);
      this.nearMemo.set(token, near);
    }
    return near;
  }

  private findNearKeys(token: NameToken): Array<{ id: number; sim: number }> {
    const ids = this.nearIds.cleared();
    // A vowelless word's skeleton may carry a consonant more than the listed one (vav read as v: נובאק nvbk for
    // Nowak): its one-deletion skeletons of at least three consonants are looked up too.
    if (token.vowelless) {
      for (const s of new Set([token.skeleton, ...token.alternatives.map(skeleton)].flatMap(withDeletions))) {
        ids.addAll(this.skeletons.get(s));
        if (token.foreign === true) ids.addAll(this.silentH.get(s));
        if (comparesSpoken(token.script, token.foreign, s)) ids.addAll(this.spoken.get(s));
      }
    } else {
      for (const key of [token.key, ...token.alternatives]) {
        ids.addAll(this.neighbours.get(key));
        for (const variant of deletions(key)) ids.addAll(this.neighbours.get(variant));
      }
    }
    if (!token.vowelless && token.skeleton.length >= MIN_SKELETON) {
      for (const id of this.skeletons.get(token.skeleton) ?? []) ids.add(id);
    }
    if (CLASS_KEYED.has(token.script)) {
      // Equal class keys, and keys one class apart (a class more or less on the listed side; see
      // oneClassApart). Cyrillic and Greek, romanised faithfully, look up equal keys only.
      const faithful = FAITHFUL.has(token.script);
      for (const classKey of token.classKeys) {
        if (classKey.length < (faithful ? MIN_CLASS_KEY : token.vowelless ? 2 : MIN_CLASS_KEY - 1)) continue;
        const lookups = [this.classes.get(classKey)];
        if (token.vowelless && classKey.length < MIN_CLASS_KEY) lookups.push(this.allClasses.get(classKey));
        if (!faithful) lookups.push(this.classDeletions.get(classKey));
        if (!faithful && classKey.length >= MIN_CLASS_KEY) {
          for (const shorter of classDeletions(classKey)) lookups.push(this.classes.get(shorter));
        }
        for (const list of lookups) for (const id of list ?? []) ids.add(id);
      }
    }
    if (token.script === 'Kana') {
      for (const classKey of token.classKeys) {
        if (classKey.length < MIN_CLASS_KEY - 1) continue;
        for (const id of this.kanaClasses.get(classKey) ?? []) ids.add(id);
      }
    }
    if (token.transcription) {
      for (const classKey of token.classKeys) {
        if (classKey.length >= MIN_SHORT_CLASS_KEY && classKey.length < MIN_CLASS_KEY) {
          for (const id of this.shortClasses.get(classKey) ?? []) ids.add(id);
        }
      }
    }
    if (token.transcribed !== undefined) {
      for (const classKey of token.classKeys) {
        const long = classKey.length >= MIN_CLASS_KEY - 1;
        if (!long && !token.transcription) continue;
        for (const id of (long ? this.hanClasses : this.hanShortClasses).get(classKey) ?? []) ids.add(id);
      }
      // Words of the readings' consonants and vowel places, whatever their vowels (達德 dad for Dod), for a word
      // too short in consonants for its class keys to find any.
      for (const reading of token.classKeys.length > 0 ? [] : token.transcribed) {
        const loose = looseHanShape(hanShape(reading));
        for (const id of (loose && this.hanLooseShapes.get(loose)) || []) ids.add(id);
      }
    }
    if (token.cyrillic !== undefined) {
      // Listed words found by a transcription key alone count by their fit only: those that cannot fit
      // (mayTranscribe) or do not are left out before anything else is compared.
      const { word } = token.cyrillic;
      const mayTranscribe = transcriptionFilter(word);
      // A listed word is under several of the word's keys: each is fitted once.
      const tried = this.triedIds.cleared();
      for (const key of token.cyrillic.keys) {
        for (const id of (key.length < MIN_CLASS_KEY ? this.latinShortClasses : this.classes).get(key) ?? []) {
          if (ids.has(id) || tried.has(id)) continue;
          const latin = this.latinLetterBits[id] as number;
          if (latin !== -1 && !mayTranscribe(latin, this.latinConsonantBits[id] as number)) continue;
          tried.add(id);
          if (latin === -1 || this.bestFit(word, id) > 0) ids.add(id);
        }
      }
    }
    const out: Array<{ id: number; sim: number }> = [];
    for (const id of ids.ids) {
      const sim = this.nearSimilarity(token, id);
      if (sim > 0) out.push({ id, sim });
    }
    return out;
  }

  /**
   * Entry ids worth scoring for one query name, best first: those whose accumulated similarity-weighted overlap
   * with the query could still reach `minCoverage` of the query's weight.
   */
  private candidates(query: readonly WeightedToken[], minCoverage: number, shortKeys = false): number[] {
    const generators = query.filter((t) => ['name', 'middle', 'patronymic'].includes(t.token.role));
    const near = generators.map((t) => ({ t, keys: this.nearKeys(t.token) }));
    const isRare = (id: number): boolean => this.postingCount(id) <= this.frequentPostings;
    const rare = near.filter(({ keys }) => keys.some(({ id }) => isRare(id)));
    const used = rare.length > 0 ? rare : near;
    let total = 0;
    for (const t of query) total += t.weight;
    // Weight no generator can account for (initials, particles, skipped frequent tokens) may still match.
    let unaccounted = total;
    for (const { t } of used) unaccounted -= t.weight;
    const touched: number[] = [];
    const acc = this.scratch;
    const tokenBest = this.tokenScratch;
    // What the query words account for of each entry's own weight (see LISTED_SHARE).
    const accListed = this.listedScratch;
    const tokenBestListed = this.listedTokenScratch;
    for (const { t, keys } of used) {
      // A token counts once per name, with its best similarity there, so `acc` bounds the query coverage.
      const touchedByToken = this.bestByEntry(keys, tokenBest, tokenBestListed, rare.length > 0 ? isRare : undefined);
      for (const entryId of touchedByToken) {
        if (acc[entryId] === 0) touched.push(entryId);
        acc[entryId] = (acc[entryId] as number) + (tokenBest[entryId] as number) * t.weight;
        accListed[entryId] = (accListed[entryId] as number) + (tokenBestListed[entryId] as number) * t.weight;
        tokenBest[entryId] = 0;
        tokenBestListed[entryId] = 0;
      }
    }
    if (rare.length > 0) this.addFrequentKeys(used, isRare);
    const floor = total * minCoverage - unaccounted;
    // Rank by an estimate of the score, overlap squared over both sides' weight, so that among many names
    // sharing the query's words the ones with least else in them come first (ALI, Muhammad before ALI, Muhammad
    // Hassan Abdallah).
    // Several query words may agree with one listed word (two Hebrew words with FOREST's class key); the listed
    // side's share is capped at all of it, so that such a name does not outrank one agreeing word for word.
    const weights = this.entryWeights;
    const priority = (id: number): number =>
      ((acc[id] as number) / total) * Math.min(1, (accListed[id] as number) / (weights[id] as number));
    // Names found by short class keys are ranked by how well each query word agrees with one of their words, and
    // have places of their own: their words are rarer than the single words that agree with one query word.
    const short: number[] = [];
    if (shortKeys) {
      for (const id of this.shortKeyCandidates(near.map(({ t }) => t.token))) {
        const entry = this.entries[id] as Entry;
        let overlap = 0;
        for (const { t } of used) {
          let best = 0;
          entry.tokens.forEach((lt) => {
            best = Math.max(best, this.memoSimilarity(t.token, lt.token));
          });
          overlap += best * t.weight;
        }
        if (overlap <= (acc[id] as number)) continue;
        if (acc[id] === 0) touched.push(id);
        acc[id] = overlap;
        accListed[id] = overlap;
        short.push(id);
      }
    }
    // A Korean given name joined (firstJoined) is for queries that join it beside the family name: for a one-word
    // query it would only take places from the names its word agrees with.
    const joinedOut = query.length < 2;
    const best = (ids: number[], limit: number): number[] =>
      topByPriority(
        ids.filter((id) => (acc[id] as number) >= floor && !(joinedOut && id >= this.firstJoined)),
        limit,
        priority,
      );
    const kept = best(touched, MAX_CANDIDATES);
    if (short.length > 0) kept.push(...best(short, MAX_SHORT_CANDIDATES).filter((id) => !kept.includes(id)));
    for (const id of touched) {
      acc[id] = 0;
      accListed[id] = 0;
    }
    const oneWord = query.length === 1 ? generators[0] : undefined;
    if (oneWord && SHORT_CLASS_KEYED.has(oneWord.token.script)) kept.push(...this.shortClassCandidates(oneWord, kept));
    if (oneWord?.token.transcribed !== undefined) kept.push(...this.oneWordCandidates(oneWord.token, kept));
    return kept;
  }

  /**
   * For every entry posted under `keys` (those `keyFilter` keeps, if given; entries `skipEntry` drops left out): the
   * best similarity of a key there into `into`, and of its listed share (postingShares) into `listedInto`, where
   * it betters what they hold. Returns the entries whose slot in `into` was zero before, each once.
   */
  private bestByEntry(
    keys: ReadonlyArray<{ id: number; sim: number }>,
    into: Float64Array,
    listedInto: Float64Array,
    keyFilter?: (id: number) => boolean,
    skipEntry?: (entryId: number) => boolean,
  ): number[] {
    const found: number[] = [];
    const entries = this.postingEntries;
    const shares = this.postingShares;
    for (const { id, sim } of keys) {
      if (keyFilter !== undefined && !keyFilter(id)) continue;
      for (let k = this.postingStarts[id] as number; k < (this.postingStarts[id + 1] as number); k++) {
        const entryId = entries[k] as number;
        if (skipEntry !== undefined && skipEntry(entryId)) continue;
        if (into[entryId] === 0) found.push(entryId);
        if (sim > (into[entryId] as number)) into[entryId] = sim;
        const listed = sim * (shares[k] as number);
        if (listed > (listedInto[entryId] as number)) listedInto[entryId] = listed;
      }
    }
    return found;
  }

  /**
   * Adds to the overlap of the `touched` entries what each Arabic query word accounts for by its frequent near
   * keys, which found no entries (see candidates): Arabic names are made of a few very common given names beside
   * rarer ones, and the common one the query shares (محمد for MOHAMMAD AHMADI) tells the name from the hundreds
   * sharing the rare word alone. An entry that the word already met by a rare key gets the better of the two
   * similarities. (For every script, one Hebrew ordinary name more was held: מוחמד דוד on DAWOUD, Muhammad.)
   */
  private addFrequentKeys(
    used: ReadonlyArray<{ t: WeightedToken; keys: ReadonlyArray<{ id: number; sim: number }> }>,
    isRare: (id: number) => boolean,
  ): void {
    const acc = this.scratch;
    const accListed = this.listedScratch;
    const tokenBest = this.tokenScratch;
    const tokenBestListed = this.listedTokenScratch;
    const met = this.metScratch;
    const metListed = this.metListedScratch;
    const isFrequent = (id: number): boolean => !isRare(id);
    // Only entries the rare keys touched.
    const untouched = (entryId: number): boolean => acc[entryId] === 0;
    for (const { t, keys } of used) {
      if (t.token.script !== 'Arab') continue;
      if (!keys.some(({ id }) => isFrequent(id))) continue;
      // What the word's rare keys gave each entry, which the frequent ones may better.
      const metByRare = this.bestByEntry(keys, met, metListed, isRare, untouched);
      for (const entryId of this.bestByEntry(keys, tokenBest, tokenBestListed, isFrequent, untouched)) {
        const gain = (tokenBest[entryId] as number) - (met[entryId] as number);
        const gainListed = (tokenBestListed[entryId] as number) - (metListed[entryId] as number);
        if (gain > 0) acc[entryId] = (acc[entryId] as number) + gain * t.weight;
        if (gainListed > 0) accListed[entryId] = (accListed[entryId] as number) + gainListed * t.weight;
        tokenBest[entryId] = 0;
        tokenBestListed[entryId] = 0;
      }
      for (const entryId of metByRare) {
        met[entryId] = 0;
        metListed[entryId] = 0;
      }
    }
  }

  /**
   * Entries with as many words as the query (or one more) in which every query word agrees with some word on a
   * class key, short ones included (게리 네빌 kr nbr for GARY Neville). One short key alone matches thousands of
   * listed words, so the names are gathered from the query word whose keys match fewest, then checked word by word.
   */
  private shortKeyCandidates(tokens: readonly NameToken[]): number[] {
    if (tokens.length < 2 || tokens.length > SHORT_KEYED_WORDS) return [];
    // The key ids of a query word's class keys, and their postings counted per class key, as the lookups go (an
    // id under two of the word's keys counts twice).
    const lookups = tokens.map((token) => {
      const ids = new Set<number>();
      let postings = 0;
      for (const key of token.classKeys) {
        for (const id of this.allClasses.get(key) ?? []) {
          ids.add(id);
          postings += this.postingCount(id);
        }
      }
      return { token, ids, postings };
    });
    lookups.sort((a, b) => a.postings - b.postings);
    const [fewest, ...others] = lookups;
    if (!fewest) return [];
    // Some word of the entry has a class key of the query word. The key ids of the query word's class keys hold
    // the key id of every such word, so an entry none of whose key ids is among them has none (mayAgree, first).
    const keys = this.entryKeys;
    const starts = this.entryKeyStarts;
    const mayAgree = (query: { ids: Set<number> }, entryId: number): boolean => {
      for (let k = starts[entryId] as number; k < (starts[entryId + 1] as number); k++) {
        if (query.ids.has(keys[k] as number)) return true;
      }
      return false;
    };
    const agrees = (query: { token: NameToken }, entry: Entry): boolean => {
      for (const { token } of entry.tokens) {
        for (const key of token.classKeys) if (query.token.classKeys.includes(key)) return true;
      }
      return false;
    };
    const out = new Set<number>();
    for (const id of fewest.ids) {
      for (const entryId of this.postingsOf(id)) {
        // Words in the entry, read off the key ids (an entry has a key id a token) so as not to fetch the entry.
        const words = (starts[entryId + 1] as number) - (starts[entryId] as number);
        if (words < tokens.length || words > tokens.length + 1 || out.has(entryId)) continue;
        if (!others.every((other) => mayAgree(other, entryId))) continue;
        const entry = this.entries[entryId] as Entry;
        if (others.every((other) => agrees(other, entry))) out.add(entryId);
      }
    }
    return [...out];
  }

  /**
   * One-word listed names that agree with a one-word query only on a short class key, best similarity first, at
   * most MAX_ONE_WORD_SHORT_CANDIDATES besides the `kept` candidates (so they never crowd out the usual ones).
   */
  private shortClassCandidates(query: WeightedToken, kept: readonly number[]): number[] {
    const seen = new Set(kept);
    const found: Array<{ id: number; sim: number }> = [];
    for (const { id, sim } of this.nearShortKeys(query.token)) {
      for (const entryId of this.postingsOf(id)) {
        if (seen.has(entryId) || (this.entries[entryId] as Entry).tokens.length !== 1) continue;
        seen.add(entryId);
        found.push({ id: entryId, sim });
      }
    }
    return found
      .sort((a, b) => b.sim - a.sim || a.id - b.id)
      .slice(0, MAX_ONE_WORD_SHORT_CANDIDATES)
      .map(({ id }) => id);
  }

  /**
   * One-word listed names nearest a one-word Han transcription (埃普雷努 EPUREANU), whatever their rarity: the
   * candidates' ranking puts names of common words first (it estimates how much of a listed name one word
   * explains by the query word's weight), and a transcription agrees with hundreds of listed words by class key
   * at about the same similarity, so the one listed word it transcribes, rare as most are, was left out.
   */
  private oneWordCandidates(token: NameToken, kept: readonly number[]): number[] {
    // The one-word names in that order are the word's alone (memoised): a query leaves out those it has already.
    let memo = this.oneWordMemo.get(token);
    if (!memo) {
      memo = this.oneWordNames(token, new Set(), MAX_ONE_WORD_SHORT_CANDIDATES + MAX_KEPT);
      this.oneWordMemo.set(token, memo);
    }
    const skip = new Set(kept);
    const found: number[] = [];
    for (const entryId of memo.ids) {
      if (skip.has(entryId)) continue;
      found.push(entryId);
      if (found.length >= MAX_ONE_WORD_SHORT_CANDIDATES) return found;
    }
    // More of the first names were kept already than the memo has room for: looked up afresh.
    return memo.complete ? found : this.oneWordNames(token, skip, MAX_ONE_WORD_SHORT_CANDIDATES).ids;
  }

  /** One-word listed names nearest `token` (see oneWordCandidates) other than `seen`, at most `limit`. */
  private oneWordNames(token: NameToken, seen: Set<number>, limit: number): { ids: number[]; complete: boolean } {
    const ids: number[] = [];
    const near = [...this.nearKeys(token)].sort((a, b) => b.sim - a.sim || a.id - b.id);
    for (const { id } of near) {
      for (const entryId of this.postingsOf(id)) {
        if (seen.has(entryId) || (this.entries[entryId] as Entry).tokens.length !== 1) continue;
        seen.add(entryId);
        ids.push(entryId);
        if (ids.length >= limit) return { ids, complete: false };
      }
    }
    return { ids, complete: true };
  }

  /** The entry ids of key id `id` (a view, not a copy). */
  private postingsOf(id: number): Int32Array {
    return this.postingEntries.subarray(this.postingStarts[id] as number, this.postingStarts[id + 1] as number);
  }

  /** Where entry `entryId` is among the postings of key id `id`. */
  private postingIndex(id: number, entryId: number): number {
    // Postings are in entry order: a binary search.
    let lo = this.postingStarts[id] as number;
    let hi = (this.postingStarts[id + 1] as number) - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.postingEntries[mid] as number) < entryId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many entries carry key id `id`. */
  private postingCount(id: number): number {
    return (this.postingStarts[id + 1] as number) - (this.postingStarts[id] as number);
  }

  /** How many query words are memoised (with what was found for them). */
  get memoisedQueryWords(): number {
    return this.queryWords.size;
  }

  /**
   * Forgets every query word seen so far, and with them what was memoised for each (near keys, similarities):
   * after a warm-up on made-up names, the memos hold only real queries. Results never depend on the memos.
   */
  forgetQueries(): void {
    this.queryWords = new Map();
  }

  private prepare(name: string, transcription = false): PreparedQuery {
    // Dropping the whole memo when full keeps memory bounded; results never depend on what it holds.
    if (this.queryWords.size > QUERY_WORD_MEMO) this.queryWords = new Map();
    const analysed = analyseName(name, { alternatives: true, cache: this.queryWords, transcription });
    const tokens = analysed.tokens.map((token) => ({ token, weight: this.weightOf(token) }));
    return { name, analysed, tokens, titles: analysed.titles.map((title) => romanise(title)) };
  }

  /** Similarity of a query token with a key id: for a Cyrillic word, with the best fitting of its spellings. */
  private nearSimilarity(token: NameToken, id: number): number {
    const sim = this.variantSimilarity(token, id);
    const word = token.cyrillic?.word;
    return word === undefined ? sim : Math.max(sim, this.bestFit(word, id));
  }

  /** The best transcription fit of a Cyrillic word (lower-case) with the Latin spellings of a key id. */
  private bestFit(word: string, id: number): number {
    if (!transcribes(this.keyTokens[id] as NameToken)) return 0;
    let fit = 0;
    const spellings = this.keySpellings[id] ?? [];
    const words = this.keyLatinWords[id] ?? [];
    spellings.forEach((text, k) => {
      fit = Math.max(fit, transcriptionSimilarity(word, text, words[k]));
    });
    return fit;
  }

  private similarity(query: PreparedQuery, q: number, entry: Entry, l: number): number {
    const qt = (query.tokens[q] as WeightedToken).token;
    const lt = (entry.tokens[l] as WeightedToken).token;
    // Initials compare by their written first letter, which one key id does not pin down; they are cheap anyway.
    if (qt.role === 'initial' || lt.role === 'initial') return tokenSimilarity(qt, lt);
    const sim = this.memoSimilarity(qt, lt);
    // A one-word Han transcription agrees with many listed words alike; how well each fits it ranks them.
    return query.tokens.length === 1 ? alignedSimilarity(qt, lt, sim) : sim;
  }

  /**
   * tokenSimilarity of a query token and a listed token, memoised per query word and listed token. Not per key id:
   * words of one key may compare differently (이고리 is IGOR, not IHOR), and a memo by key would keep whichever was
   * compared first, so that a decision would depend on the screens before it and not replay alike.
   */
  private memoSimilarity(qt: NameToken, lt: NameToken): number {
    let memo = this.similarities.get(qt);
    if (!memo) {
      memo = new Map();
      this.similarities.set(qt, memo);
    }
    let sim = memo.get(lt);
    if (sim === undefined) {
      sim = tokenSimilarity(qt, lt);
      memo.set(lt, sim);
    }
    return sim;
  }

  /** Parties whose names match the query, best first (ties by ref), each with its best name and features. */
  search(query: NameQuery, options: SearchOptions = {}): NameMatch[] {
    const minScore = options.minScore ?? 0.7;
    const limit = options.limit ?? 10;
    // score = sqrt(coverageQuery * coverageListed) <= sqrt(coverageQuery), before evidence lifts it.
    const best = new Map<number, Candidate>();
    const evidence = new Map<number, { dob: DobEvidence; nationality: NationalityEvidence }>();
    // A Hangul name that could be Korean is searched syllable by syllable instead (이서진 as Lee Seo-jin), where
    // every syllable must agree in one of its usual spellings: whole, its short words would agree with listed
    // Korean and Chinese names on class keys alone.
    // A Chinese personal name (明宏 高) is searched syllable by syllable and word by word, both spelled: its
    // syllables have fixed spellings, and class keys would tie it to any listed name of as many syllables.
    // Either is read from the name without its CJK titles (김정은위원장), which are kept as words of their own
    // for analysis to take off as evidence.
    const names: SearchedForm[] = query.names.map(canonicalForms).flatMap((name): SearchedForm[] => {
      const apart = cjkTitlesApart(name);
      const core = apart.name;
      const titled = (text: string): string => [text, ...apart.titles].join(' ');
      // A Chinese name transcribed into Hangul (류치바오 Liu Qibao) is searched in its Pinyin readings too, however
      // it reads as a Korean name or a loanword.
      const mandarin = mandarinForms(core).map((text) => ({
        name,
        text: titled(text),
        spelled: true,
        transcription: false,
        readOnly: true,
      }));
      const korean = koreanSyllables(core);
      if (korean) {
        const joined = koreanJoinedName(core);
        // Written as one word, it may be listed as one (현아 Hyuna, 최일도 Choeildo): searched whole too, spelled.
        // Spelled, no class key could count: looked up by its readings alone, which is cheap.
        const whole = isOneWord(core)
          ? [{ name, text: titled(core), spelled: true, transcription: false, readingsOnly: true }]
          : [];
        return [
          { name, text: titled(korean), spelled: true, transcription: false },
          ...(joined ? [{ name, text: titled(joined), spelled: true, transcription: false }] : []),
          ...whole,
          ...mandarin,
        ];
      }
      const chinese = chineseSyllables(core);
      // A Korean name written in Han characters (金正恩 Kim Jong Un) is searched in its Sino-Korean readings too, as
      // the Hangul name is: read, not spelled, so never BLOCK on its own (see hanja.ts).
      const hanja = hanjaReadings(core).flatMap((hangul): SearchedForm[] => {
        const korean = koreanSyllables(hangul);
        if (!korean) return [];
        const joined = koreanJoinedName(hangul);
        return [korean, ...(joined ? [joined] : [])].map((text) => ({
          name,
          text: titled(text),
          spelled: true,
          transcription: false,
          readOnly: true,
          exact: true,
        }));
      });
      if (chinese)
        return [
          { name, text: titled(chinese), spelled: true, transcription: false },
          { name, text: name, spelled: true, transcription: false },
          ...hanja,
        ];
      // One Han word is as often a foreign name transcribed (塞瓦略斯 Cevallos): searched as such too, read as the
      // transcription tables write it (see han-transcription.ts).
      const transcription = isHanTranscription(core);
      const forms = chineseWordForms(core).map((text) => ({
        name,
        text: titled(text),
        spelled: true,
        transcription: false,
      }));
      // Whole and spelled, it is a Chinese name's word too: a given name alone (允禮 Yunli), a family name alone
      // (陈 Chan), or written as one word in the list (葉彌 Yemi).
      if (!mayBeTranscription(core))
        return [...forms, { name, text: titled(core), spelled: true, transcription: false }, ...hanja];
      // Of the form of a Chinese personal name, it transcribes a person's name, not an organisation's (卢敏丽华 is
      // not LUMINOR OY).
      const person = chineseNameForm(core);
      const article = arabicArticleApart(core);
      const articleApart = article ? [{ name, text: titled(article), spelled: false, transcription: false }] : [];
      // Hangul writes a hyphened name as one word (장클로드 Jean-Claude): apart too, where a part is a common name.
      const compound = compoundApart(core);
      const compoundForms = compound ? [{ name, text: titled(compound), spelled: false, transcription: false }] : [];
      return [
        ...forms,
        { name, text: name, spelled: false, transcription, person },
        ...mandarin,
        ...articleApart,
        ...compoundForms,
        ...hanja,
      ];
    });
    const queries = names.map(({ name, text, spelled, transcription, person, readOnly, readingsOnly, exact }) => ({
      query: readingsOnly
        ? withoutClassKeys({ ...this.prepare(text, transcription), name })
        : { ...this.prepare(text, transcription), name },
      spelled,
      person: person ?? false,
      readOnly: readOnly ?? false,
      exact: exact ?? false,
    }));
    const hasEvidence = query.dob !== undefined || query.nationality !== undefined;
    const hasTitle = queries.some((q) => q.query.titles.length > 0);
    let keep = hasEvidence ? STRONGEST_EVIDENCE_KEEP : 1;
    if (hasTitle) keep *= TITLE_EVIDENCE_KEEP;
    const minBase = 1 - (1 - minScore) / keep;
    const minCoverage = Math.max(0, minBase) ** 2;
    for (const { query: prepared, spelled, person, readOnly, exact } of queries) {
      if (prepared.tokens.length === 0) continue;
      const short = !spelled && shortKeyed(prepared.name, prepared.analysed.script);
      for (const entryId of this.candidates(prepared.tokens, minCoverage, short)) {
        const entry = this.entries[entryId] as Entry;
        if (options.accept && !options.accept(entry.party)) continue;
        // A name searched syllable by syllable meets the listed given name apart, syllable for syllable.
        if (spelled && entryId >= this.firstJoined) continue;
        const aligned = alignAndScore(prepared.tokens, entry.tokens, (q, l) => this.similarity(prepared, q, entry, l));
        // Syllables are short and common: split, a name counts only when every syllable and listed word agree in
        // spelling, in order (Kim Jeong-sik is KIM Jong Sik; 은경 김 is not KIM Jong Un by class keys, nor 은정 김
        // by its syllables reversed; 高 gao is not HAO).
        if (spelled && !this.spelledWhole(prepared, entry, aligned)) continue;
        if (exact && aligned.score < EXACT_READING) continue;
        if (person && entry.tokens.some((t) => t.token.role === 'legal')) continue;
        // A one-word weak alias (OFAC's quoted a.k.a.s: 'SAM', 'AMB') names no one by itself: it counts only when it
        // is the whole query, never as one word of a longer name (Sam Lee is not SARAYA AL-MUKHTAR, a.k.a. 'SAM').
        if (entry.name.strength === 'weak' && entry.tokens.length === 1 && prepared.tokens.length > 1) continue;
        const partial = this.partialScore(prepared, entry, aligned);
        const base = Math.max(aligned.score, partial);
        const nameScore = entry.name.strength === 'weak' ? base * WEAK_ALIAS_FACTOR : base;
        // Evidence is looked at only for names that it could lift to the threshold.
        if (nameScore < minBase) continue;
        const found = evidence.get(entry.party) ?? this.evidenceFor(entry.party, query);
        evidence.set(entry.party, found);
        const title = compareTitles(prepared.titles, (this.parties[entry.party] as MatchableParty).titles);
        const score = corroborateTitle(corroborate(nameScore, found.dob, found.nationality), title);
        const previous = best.get(entry.party);
        if (!previous || score > previous.score) {
          const partialName = partial > aligned.score;
          best.set(entry.party, {
            entry,
            query: prepared,
            aligned,
            nameScore,
            score,
            partialName,
            title,
            ...found,
            ...(readOnly ? { readOnly } : {}),
          });
        }
      }
    }
    return [...best.values()]
      .filter((c) => c.score >= minScore)
      .map((c) => this.describe(c))
      .sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
      .slice(0, limit);
  }

  /**
   * True when every query token and every listed token are paired, each pair agreeing in spelling (a Han
   * syllable or word spelled as one of its Latin spellings), and the pairs keep the written order (the family
   * name may move from one end to the other).
   */
  private spelledWhole(query: PreparedQuery, entry: Entry, aligned: AlignedScore): boolean {
    if (aligned.pairs.length !== query.tokens.length || aligned.pairs.length !== entry.tokens.length) return false;
    if (!aligned.orderPreserved) return false;
    return aligned.pairs.every((p) => {
      if (p.sim < SPELLED) return false;
      const { spellings, koreanKeys } = (query.tokens[p.q] as WeightedToken).token;
      const listed = (entry.tokens[p.l] as WeightedToken).token;
      if (koreanKeys !== undefined && listed.script === 'Latn' && !koreanKeys.includes(listed.key)) return false;
      return spellings === undefined || listed.script !== 'Latn' || spellings.includes(listed.text);
    });
  }

  /**
   * The score of a query that names a listed person by family name only, or leaves out given names or a second
   * family name the list has (Lukashenka for LUKASHENKA, Alyaksandr Hryhoryavich; Nicolas Maduro for MADURO MOROS,
   * Nicolas): every query word agrees with a listed word, a family name among them rare in the lists (at most
   * RARE_FAMILY_NAME names carry it), and the listed given names left out weigh MISSING_GIVEN of their weight, a
   * second family name MISSING_SECOND_FAMILY. 0 when the query is not such a name. Such a match never blocks.
   */
  private partialScore(query: PreparedQuery, entry: Entry, aligned: AlignedScore): number {
    if (!entry.given.some(Boolean) || aligned.pairs.length === 0) return 0;
    if (aligned.coverageQuery < PARTIAL_QUERY_COVERAGE) return 0;
    const paired = new Set(aligned.pairs.map((p) => p.l));
    let rareFamily = false;
    for (const p of aligned.pairs) {
      const id = entry.keyIds[p.l] as number;
      const family = !entry.given[p.l] && p.sim >= PARTIAL_FAMILY_SIMILARITY;
      if (family && !feminineOf(query.tokens[p.q], entry.tokens[p.l]) && this.postingCount(id) <= RARE_FAMILY_NAME) {
        rareFamily = true;
      }
    }
    // Left-out middle names and patronymics already weigh little; this is for a missing first given name, or a
    // missing second family name: a listed family word right after one the query has.
    const missingFirst = entry.tokens.some((t, l) => !paired.has(l) && entry.given[l] && t.token.role === 'name');
    const secondFamily = (l: number): boolean =>
      l > 0 && !entry.given[l] && !entry.given[l - 1] && paired.has(l - 1) && entry.given.some(Boolean);
    const missingSecond = entry.tokens.some((t, l) => !paired.has(l) && secondFamily(l) && t.token.role === 'name');
    if (!rareFamily || (!missingFirst && !missingSecond)) return 0;
    let matched = 0;
    let total = 0;
    entry.tokens.forEach((t, l) => {
      if (paired.has(l)) {
        total += t.weight;
        return;
      }
      // Only given names and a second family name may be missing; another listed word left out is another name.
      total += entry.given[l]
        ? t.weight * MISSING_GIVEN
        : secondFamily(l)
          ? t.weight * MISSING_SECOND_FAMILY
          : t.weight;
    });
    for (const p of aligned.pairs) matched += p.sim * (entry.tokens[p.l] as WeightedToken).weight;
    if (total === 0) return 0;
    const coverageListed = matched / total;
    let score = Math.sqrt(aligned.coverageQuery * coverageListed);
    if (!aligned.orderPreserved) score *= 0.97;
    return Math.min(1, score);
  }

  private evidenceFor(partyIndex: number, query: NameQuery): { dob: DobEvidence; nationality: NationalityEvidence } {
    const party = this.parties[partyIndex] as MatchableParty;
    return {
      dob: compareDob(query.dob, party.birthDates),
      nationality: compareNationality(query.nationality, party.nationalities),
    };
  }

  private describe(c: Candidate): NameMatch {
    const { entry, query } = c;
    const detail = describeScore(c.aligned, query.tokens, entry.tokens, query.analysed.script, entry.analysed.script);
    return {
      ref: (this.parties[entry.party] as MatchableParty).ref,
      party: entry.party,
      listedName: entry.name.full,
      queryName: query.name,
      score: c.score,
      features: {
        ...detail,
        // A Pinyin reading of a Hangul word is as far from its spelling as a class key: a lead, never a block.
        crossScriptKeysOnly: detail.crossScriptKeysOnly || c.readOnly === true,
        nameScore: c.nameScore,
        aliasStrength: entry.name.strength,
        queryTitles: query.analysed.titles,
        partialName: c.partialName,
        dob: c.dob,
        nationality: c.nationality,
        title: c.title,
      },
    };
  }
}

function isOneWord(name: string): boolean {
  return !/\s/.test(name.trim());
}

/** One way a query name is searched: its text, spelled syllable by syllable or not, read as a transcription or not. */
interface SearchedForm {
  name: string;
  text: string;
  spelled: boolean;
  transcription: boolean;
  /** A Han word of the form of a Chinese personal name: it names a person (see han-transcription.ts). */
  person?: boolean;
  /** A reading of the query in another script (a Hangul word's Pinyin, see hangul-mandarin.ts), not its spelling. */
  readOnly?: boolean;
  /** Searched by the keys of its words' readings only, not by class keys (a spelled form they could not satisfy). */
  readingsOnly?: boolean;
  /**
   * Counts only where every word agrees whole, in one of its usual spellings: a Korean name read from Han characters
   * (金正恩 김정은), since Chinese names read so would meet listed Korean names by near syllables (李明 리명 is not RYO
   * MYONG).
   */
  exact?: boolean;
}

/**
 * The query with its tokens' class keys left out: other tokens, so no memo keyed by a token mixes the two, made
 * once per token, so the memos keep what was found for them from one screen to the next.
 */
function withoutClassKeys(query: PreparedQuery): PreparedQuery {
  return { ...query, tokens: query.tokens.map((t) => ({ ...t, token: withoutClassKeysToken(t.token) })) };
}

const CLASSLESS = new WeakMap<NameToken, NameToken>();

function withoutClassKeysToken(token: NameToken): NameToken {
  let classless = CLASSLESS.get(token);
  if (classless === undefined) {
    classless = { ...token, classKeys: [] };
    CLASSLESS.set(token, classless);
  }
  return classless;
}

/** Builds the name index over `parties` (their order is kept; pass them sorted for reproducible tie order). */
export function buildNameIndex(parties: readonly MatchableParty[]): NameIndex {
  return new NameIndex(parties);
}
