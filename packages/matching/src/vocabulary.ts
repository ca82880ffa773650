/**
 * Words that are part of how names are written but say little about who is named: honorifics (dropped), legal
 * forms (weighted to almost nothing), particles and generic business words (down-weighted). Words are listed in
 * any spelling or script; they are compared by phonetic key, so ООО, OOO and Ooo are the same word.
 *
 * BANK and similar words are generic, not legal forms: "Bank Rossiya" and "Rossiya" are different designees, so
 * the word keeps a little weight, but never enough to make two names with only "bank" in common look alike.
 */
import { phoneticKey } from './phonetic.js';
import { SEMITIC_PARTICLES } from './semitic.js';
import { romanise } from './transliterate.js';

/** What part a token plays in a name; it sets the token's weight. */
export type TokenRole = 'name' | 'middle' | 'initial' | 'patronymic' | 'particle' | 'generic' | 'legal';

/**
 * Titles of office, by what they say: `stems` are romanised word beginnings (compared by prefix, so inflected forms
 * count: prezidenta, الرئيس riis) that name the office in a query's titles or in a listed party's title ("Member of
 * the State Duma"); `words` are the forms, as written, that are dropped from names and kept as evidence (President X
 * is X). A word that is also a common name (وزير Wazir, قائد Qaid, سفير Safir, Sardar, Coronel) is not dropped;
 * Arabic words are listed without the article, which analysis splits off (اللواء: al, لواء). Every word, as analysed and
 * romanised, falls under its office's stems (vocabulary.test.ts), so a dropped title always corroborates.
 */
export const OFFICES: ReadonlyArray<{
  concept: string;
  stems: readonly string[];
  words: readonly string[];
  /** Titles of several words, dropped whole (Supreme Leader X, Верховный лидер X), longest first. */
  phrases?: ReadonlyArray<readonly string[]>;
}> = [
  {
    concept: 'president',
    stems: [
      'president',
      'presidente',
      'prezident',
      'prezydent',
      'praesident',
      'prasident',
      'proedr',
      'riis',
      'nshy',
      'hnshy',
    ],
    words: [
      'president',
      'presidente',
      'prezident',
      'prezydent',
      'praesident',
      'prasident',
      'президент',
      'президента',
      'президенту',
      'президентом',
      'президентові',
      'прэзідэнт',
      'πρόεδρος',
      'προέδρου',
      'رئيس',
      'الرئيس',
      'נשיא',
      'הנשיא',
    ],
  },
  { concept: 'president', stems: ['daetonglyeong', 'datongling', 'zongtong'], words: [] },
  {
    concept: 'minister',
    stems: ['minister', 'ministro', 'ministre', 'ministr', 'wazir', 'wzir', 'janggwan', 'buzhang', 'dachen'],
    words: ['minister', 'ministro', 'ministre', 'министр', 'министра', 'министру', 'министром'],
  },
  {
    concept: 'prime minister',
    stems: ['prime', 'primer', 'premier', 'premer', 'chongli', 'shouxiang', 'zongli'],
    words: ['премьер'],
    phrases: [
      ['prime', 'minister'],
      ['primer', 'ministro'],
      ['premier', 'ministre'],
      ['премьер', 'министр'],
      ['премьер', 'министра'],
    ],
  },
  {
    // A vice-president's title is its own office, never the president's (see SUBORDINATE in corroborate.ts).
    concept: 'vice president',
    stems: ['vice', 'vitse'],
    words: [],
    phrases: [
      ['vice', 'president'],
      ['vice', 'presidente'],
      ['вице', 'президент'],
      ['вице', 'президента'],
    ],
  },
  {
    concept: 'supreme leader',
    stems: ['leader', 'lider', 'rhbr'],
    words: [],
    phrases: [
      ['رهبر', 'معظم', 'انقلاب'],
      ['supreme', 'leader'],
      ['верховный', 'лидер'],
      ['верховного', 'лидера'],
      ['رهبر', 'معظم'],
      ['رهبر', 'انقلاب'],
    ],
  },
  {
    concept: 'general',
    stems: ['general', 'stratig', 'lwa', 'gnrl', 'janggun', 'jiangjun'],
    words: ['general', 'генерал', 'генерала', 'генералом', 'στρατηγός', 'لواء', 'גנרל'],
  },
  {
    concept: 'chairman',
    stems: ['chairman', 'chairperson', 'predsedatel', 'zhuxi', 'wiwonjang', 'weiyuanzhang'],
    words: ['chairman', 'chairperson', 'председатель', 'председателя'],
  },
  {
    // Wikidata labels emperors so (Emperor Kōshō); Korean writes 천황 or 황제 apart (고쇼 천황), Chinese 天皇, 皇帝.
    concept: 'emperor',
    stems: ['emperor', 'empress', 'cheonhwang', 'hwangje', 'tianhuang', 'huangdi'],
    words: ['emperor', 'empress'],
  },
  { concept: 'senator', stems: ['senator', 'senador', 'sntvr'], words: ['senator', 'senador', 'сенатор', 'סנאטור'] },
  {
    // Members of a parliament: OFAC writes "Member of the State Duma", the press депутат, 의원, 议员.
    concept: 'legislator',
    stems: [
      'deputat',
      'duma',
      'parliament',
      'parlament',
      'legislat',
      'congress',
      'senator',
      'senador',
      'uiwon',
      'yiyuan',
    ],
    words: ['депутат', 'депутата', 'депутатом'],
  },
  {
    concept: 'colonel',
    stems: ['colonel', 'polkovnik', 'aqid'],
    words: ['colonel', 'полковник', 'полковника', 'عقيد'],
  },
  {
    concept: 'director',
    stems: ['director', 'direktor', 'directeur', 'direttore', 'mdir'],
    words: ['director', 'директор', 'директора', 'مدير'],
  },
  {
    concept: 'governor',
    stems: ['governor', 'gubernator', 'gobernador', 'gouverneur', 'mhafz', 'astandar', 'shengzhang'],
    words: ['governor', 'gobernador', 'губернатор', 'губернатора', 'محافظ', 'استاندار'],
  },
  {
    concept: 'commander',
    stems: ['commander', 'comandante', 'komandir', 'komanduyushch', 'qayd', 'salyeonggwan', 'siling'],
    words: ['commander', 'comandante', 'командир', 'командира', 'командующий'],
  },
  {
    concept: 'secretary',
    stems: ['secretary', 'secretario', 'sekretar', 'shuji'],
    words: ['secretary', 'secretario', 'секретарь', 'секретаря'],
  },
  {
    concept: 'ambassador',
    stems: ['ambassador', 'embajador', 'ambassadeur', 'posol', 'posla', 'sfir'],
    words: ['ambassador', 'embajador', 'посол', 'посла'],
  },
];

/**
 * What an office's title says it is of, written after the title (Minister of Defence X, Министр обороны X, Secretary
 * of State X): dropped with the title and kept as evidence. Phrases, compared word by word by key, so that a word of
 * them that is also a name (Del, Dal, State) is dropped only inside the phrase and only right after a title.
 */
const OFFICE_COMPLEMENTS: ReadonlyArray<readonly string[]> = [
  ...[
    'defence',
    'defense',
    'finance',
    'justice',
    'energy',
    'health',
    'education',
    'trade',
    'industry',
    'state',
  ].flatMap((what) => [
    ['of', what],
    ['for', what],
  ]),
  ['of', 'foreign', 'affairs'],
  ['for', 'foreign', 'affairs'],
  ['of', 'internal', 'affairs'],
  ['of', 'the', 'interior'],
  ['of', 'interior'],
  ['of', 'the', 'economy'],
  ['of', 'economy'],
  ['of', 'intelligence'],
  // The country an office is of, for the countries whose office holders the lists name most.
  ...[
    ['russia'],
    ['the', 'russian', 'federation'],
    ['iran'],
    ['syria'],
    ['belarus'],
    ['venezuela'],
    ['north', 'korea'],
    ['the', 'dprk'],
    ['cuba'],
    ['nicaragua'],
    ['myanmar'],
    ['burma'],
    ['ukraine'],
  ].map((country) => ['of', ...country]),
  ['россии'],
  ['российской', 'федерации'],
  ['рф'],
  ['беларуси'],
  ['белоруссии'],
  ['украины'],
  ['ирана'],
  ['сирии'],
  ['кндр'],
  ['венесуэлы'],
  ['кубы'],
  ['de', 'defensa'],
  ['de', 'relaciones', 'exteriores'],
  ['del', 'interior'],
  ['de', 'hacienda'],
  ['de', 'la', 'defense'],
  ['des', 'affaires', 'etrangeres'],
  ['обороны'],
  ['иностранных', 'дел'],
  ['внутренних', 'дел'],
  ['финансов'],
  ['юстиции'],
  ['экономики'],
  ['энергетики'],
  ['здравоохранения'],
  ['образования'],
  ['промышленности', 'и', 'торговли'],
  ['оборони'],
  ['закордонних', 'справ'],
  ['внутрішніх', 'справ'],
  ['фінансів'],
];

const HONORIFICS = [
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'lord',
  'lady',
  'haji',
  'hajji',
  'hadji',
  'hajj',
  'alhaj',
  'alhaji',
  'sheikh',
  'shaykh',
  'sheik',
  'shaikh',
  'mullah',
  'mulla',
  'maulana',
  'mawlana',
  'maulvi',
  'mawlawi',
  'moulvi',
  'imam',
  'sayyid',
  'ayatollah',
  'hojatoleslam',
  'gen',
  'col',
  'capt',
  'captain',
  'major',
  'lt',
  'sgt',
  'adm',
  'admiral',
  'jr',
  'jnr',
  'sr',
  'snr',
  'herr',
  'frau',
  'mme',
  'madame',
  'mlle',
  'monsieur',
  'senor',
  'senora',
  'sra',
  'dipl',
  'ing',
  'phd',
  'esq',
  'rev',
  'reverend',
  'fr',
  'hon',
  // Forms of address in other languages, as written and in their usual inflected forms (titles of office are in
  // OFFICES below); they say nothing about who is named, so they are dropped and kept as evidence (AnalysedName).
  'sheikha',
  'doctor',
  'dottore',
  'signor',
  'signora',
  'mevrouw',
  'meneer',
  'gospodin',
  'gospozha',
  'господин',
  'господина',
  'госпожа',
  'доктор',
  'κύριος',
  'κυρία',
  'شيخ',
  'الشيخ',
  'حاج',
  'الحاج',
  'سيد',
  'السيد',
  'دكتور',
  'الدكتور',
  'آيةالله',
  'ایتالله',
  'آیتالله',
  'حجتالاسلام',
  'مولوی',
  'ملا',
  'מר',
  'ד״ר',
  'гн',
  'гжа',
  ...OFFICES.flatMap((office) => office.words),
];

const LEGAL_FORMS = [
  'llc',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'companies',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sasu',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'as',
  'asa',
  'oy',
  'oyj',
  'kg',
  'ohg',
  'ooo',
  'oao',
  'pao',
  'zao',
  'ao',
  'jsc',
  'ojsc',
  'cjsc',
  'pjsc',
  'tov',
  'tdv',
  'fze',
  'fzco',
  'fzc',
  'fzllc',
  'llp',
  'lp',
  'pte',
  'pty',
  'bhd',
  'sdn',
  'kk',
  'sro',
  'doo',
  'dd',
  'ead',
  'eood',
  'kft',
  'zrt',
  'nyrt',
  'sp',
  'zoo',
  'joint',
  'stock',
  'liability',
  'public',
  'closed',
  'open',
  'obshchestvo',
  'ogranichennoi',
  'ogranichennoy',
  'otvetstvennostyu',
  'aktsionernoe',
  'aktsionernoye',
  'publichnoe',
  'publichnoye',
  'zakrytoe',
  'zakrytoye',
  'otkrytoe',
  'otkrytoye',
  'tovarystvo',
  'obmezhenoyu',
  'vidpovidalnistyu',
  'sherkat',
  'sharikat',
  'şirketi',
  'ltda',
  'cia',
  'sociedad',
  'anonima',
  'societe',
  'anonyme',
  'ооо',
  'оао',
  'пао',
  'зао',
  'ао',
  'тов',
];

const PARTICLES = [
  'al',
  'el',
  'ul',
  // The article before r as Urdu and Persian names write it (Shams ur-Rahman, Habib ur-Rehman).
  'ur',
  'bin',
  'ibn',
  'bint',
  'ben',
  'de',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'da',
  'di',
  'du',
  'dos',
  'das',
  'le',
  'la',
  'y',
  'e',
  'of',
  'the',
  'and',
  'for',
  'и',
  'بن',
  'ابن',
  'بنت',
  'ال',
  ...SEMITIC_PARTICLES,
];

const GENERIC = [
  'bank',
  'banka',
  'banco',
  'trading',
  'trade',
  'group',
  'holding',
  'holdings',
  'international',
  'industries',
  'industrial',
  'industry',
  'enterprise',
  'enterprises',
  'services',
  'service',
  'investment',
  'investments',
  'general',
  'national',
  'commercial',
  'import',
  'export',
  'development',
  'construction',
  'shipping',
  'technology',
  'technologies',
  'systems',
  'engineering',
  'management',
  'capital',
  'finance',
  'financial',
  'global',
  'state',
  'federal',
  'institute',
  'research',
  'scientific',
  'production',
  'association',
  'foundation',
  'ministry',
  'organization',
  'organisation',
  'center',
  'centre',
  'firma',
  'firm',
  'agency',
  'unitary',
  'plant',
  'factory',
  'bureau',
  'design',
  'union',
  'fund',
  'logistics',
  'marine',
  'petroleum',
  'energy',
  'oil',
  'gas',
  'products',
  'solutions',
  'kompaniya',
  'kholding',
  'gruppa',
  'zavod',
  'predpriyatie',
  'nauchno',
  'proizvodstvennoe',
];

function keySet(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.map((word) => phoneticKey(romanise(word.toLowerCase()))));
}

const HONORIFIC_KEYS = keySet(HONORIFICS);
const TITLE_PHRASES = OFFICES.flatMap((office) => office.phrases ?? []).map((phrase) =>
  phrase.map((word) => phoneticKey(romanise(word))),
);

const OFFICE_WORD_KEYS = keySet(OFFICES.flatMap((office) => office.words));
const COMPLEMENT_PHRASES = OFFICE_COMPLEMENTS.map((phrase) => phrase.map((word) => phoneticKey(romanise(word))));

/** True when a token with this key is a title of office standing on its own (President, министр). */
export function isOfficeWord(key: string): boolean {
  return OFFICE_WORD_KEYS.has(key);
}

/**
 * How many words, from `at` on, say what the office of a title just before them is of (of Defence, обороны,
 * иностранных дел), as many phrases as follow one another; by key.
 */
export function officeComplementAt(keys: readonly string[], at: number): number {
  let length = 0;
  for (let found = true; found;) {
    found = false;
    for (const phrase of COMPLEMENT_PHRASES) {
      if (phrase.every((key, j) => keys[at + length + j] === key)) {
        length += phrase.length;
        found = true;
        break;
      }
    }
  }
  return length;
}

/** How many words, from `at` on, a title of several words takes (0 when none starts there); by key. */
export function titlePhraseAt(keys: readonly string[], at: number): number {
  for (const phrase of TITLE_PHRASES) if (phrase.every((key, j) => keys[at + j] === key)) return phrase.length;
  return 0;
}
const LEGAL_KEYS = keySet(LEGAL_FORMS);
const PARTICLE_KEYS = keySet(PARTICLES);
const GENERIC_KEYS = keySet(GENERIC);

// Slavic patronymics by key: -ovich/-ovych/-owitsch/-avich (m.), -ovna/-evna/-ivna/-ichna (f.).
const PATRONYMIC = /(?:oviq|eviq|aviq|ovna|evna|ivna|iqna|avna)$/;

// Titles written glued onto a Chinese, Japanese or Korean name (習近平主席, プーチン大統領, 김정은위원장), longest
// first so that 국방위원장 goes whole, not as 위원장 after a stray 국방.
const CJK_TITLES = [
  '국방위원장',
  '위원장',
  '대통령',
  '총리',
  '주석',
  '장군',
  '총비서',
  '장관',
  '사령관',
  '의원',
  '국무위원장',
  '씨',
  '님',
  '교황',
  '천황',
  '황제',
  '국왕',
  '여왕',
  '委员长',
  '委員長',
  '总书记',
  '總書記',
  '総書記',
  '大統領',
  '主席',
  '总统',
  '總統',
  '总理',
  '總理',
  '首相',
  '部长',
  '部長',
  '省长',
  '省長',
  '司令',
  '书记',
  '書記',
  '议员',
  '議員',
  '将军',
  '將軍',
  '先生',
  '女士',
  '小姐',
  '同志',
  'さん',
  '様',
  '氏',
  '殿',
].sort((a, b) => b.length - a.length);

// The first and the last code unit of each CJK title.
const CJK_TITLE_FIRSTS: ReadonlySet<string> = new Set(CJK_TITLES.map((title) => title[0] ?? ''));
const CJK_TITLE_LASTS: ReadonlySet<string> = new Set(CJK_TITLES.map((title) => title[title.length - 1] ?? ''));

/**
 * Splits a title glued before or after a CJK name off the word: [name, title], or undefined when there is none
 * (or nothing but the title). The name keeps at least two characters, so one-syllable names are not cut.
 */
export function splitCjkTitle(word: string): [string, string] | undefined {
  // A title is at one end of the word: most words (every Latin one) start and end with no title's letter.
  if (!CJK_TITLE_FIRSTS.has(word[0] ?? '') && !CJK_TITLE_LASTS.has(word[word.length - 1] ?? '')) return undefined;
  for (const title of CJK_TITLES) {
    const rest = word.endsWith(title)
      ? word.slice(0, -title.length)
      : word.startsWith(title)
        ? word.slice(title.length)
        : '';
    if ([...rest].length >= 2) return [rest, title];
  }
  return undefined;
}

/**
 * The words of `name` without the CJK titles standing on their own or glued onto a word (김정은위원장, 위원장
 * 김정은), and those titles: the name as a Korean or Chinese personal name is read from what is left.
 */
export function cjkTitlesApart(name: string): { name: string; titles: string[] } {
  const words: string[] = [];
  const titles: string[] = [];
  for (const word of name.trim().split(/\s+/)) {
    const glued = splitCjkTitle(word);
    if (isCjkTitle(word)) titles.push(word);
    else if (glued) {
      words.push(glued[0]);
      titles.push(glued[1]);
    } else words.push(word);
  }
  return { name: words.join(' '), titles };
}

/** True when `word` (as written) is a CJK title standing on its own. */
export function isCjkTitle(word: string): boolean {
  return CJK_TITLES.includes(word);
}

// Arabic and Hebrew words key to a few consonants that collide with Latin honorifics (אלטע lt and Lt): for words
// of those scripts only the honorifics written in them count.
const VOWELLESS_HONORIFIC_KEYS = keySet(HONORIFICS.filter((word) => /[\u0590-\u06ff]/u.test(word)));

/**
 * True when a token with this key is an honorific that says nothing about identity (Mr, Dr, Haji, ...); for a
 * word of a script without written short vowels, only an honorific written in Arabic or Hebrew letters.
 */
export function isHonorific(key: string, vowelless = false): boolean {
  return (vowelless ? VOWELLESS_HONORIFIC_KEYS : HONORIFIC_KEYS).has(key);
}

// Hebrew words are particles as written (בן and אבן bin, the Hebrew ones of SEMITIC_PARTICLES), or when they key as
// a Latin particle does (די di). Not by the key of a particle written otherwise: Arabic بنت bnt is בנט Bennett
// (Hebrew writes "daughter of" בת), Hebrew דה d is אד Ed; nor when a silent initial alef or ayin is all that
// keeps the word from a Latin particle's key (אדי Eddie is not di).
const HEBREW_PARTICLE_WORDS: ReadonlySet<string> = new Set(['בן', 'אבן', ...SEMITIC_PARTICLES]);
const LATIN_PARTICLE_KEYS = keySet(PARTICLES.filter((word) => !/[\u0590-\u06ff]/u.test(word)));

/**
 * The role of a Hebrew word (`written`, with phonetic key `key`): an initial only when one letter is written (אד
 * Ed romanises to one letter, its alef being silent), never a Latin legal form (גמבה Genba keys as GmbH, נו Ngo
 * as NV: Hebrew writes legal forms as words of its own), a particle as HEBREW_PARTICLE_WORDS says.
 */
export function hebrewRoleOf(written: string, key: string): TokenRole {
  if ([...written].length === 1) return 'initial';
  if (HEBREW_PARTICLE_WORDS.has(written) || (LATIN_PARTICLE_KEYS.has(key) && !/^[\u05d0\u05e2]/u.test(written))) {
    return 'particle';
  }
  if (GENERIC_KEYS.has(key)) return 'generic';
  if (key.length >= 7 && PATRONYMIC.test(key)) return 'patronymic';
  return 'name';
}

/** The role of a token with romanised form `romanised` and phonetic key `key`. */
export function roleOf(romanised: string, key: string): TokenRole {
  if (romanised.length === 1) return 'initial';
  if (LEGAL_KEYS.has(key)) return 'legal';
  if (PARTICLE_KEYS.has(key)) return 'particle';
  if (GENERIC_KEYS.has(key)) return 'generic';
  if (key.length >= 7 && PATRONYMIC.test(key)) return 'patronymic';
  return 'name';
}
