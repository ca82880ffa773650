/**
 * Phonetic-ish keys: one key per romanised token, identical for the usual romanisations of the same Cyrillic
 * spelling (BGN/PCGN, ICAO passport, ISO 9 without diacritics, Ukrainian and Belarusian national systems) as
 * far as they can be told apart from the Latin letters alone. German, French, Polish and Belarusian spellings
 * read some letters differently; `alternativeKeys` gives their keys.
 *
 * The key alphabet is lower-case Latin with some letters re-purposed for one sound class each:
 * `w` = ш/щ (sh, sch, shch, sz), `q` = ч (ch, tch, tsch, cz), `x` = х (kh), `c` = ц (ts, tz, soft c),
 * `j` = ж/дж (zh, dzh, dj, English j), `y` = the glide before a vowel (y, i, й), `g` = г in both its Russian (g)
 * and Ukrainian/Belarusian (h) readings. Doubled letters collapse. Ukrainian/Russian given-name pairs that
 * differ by more than spelling (Volodymyr/Vladimir) are joined afterwards by `variants.ts`.
 */

type Rule = readonly [RegExp, string] | readonly [RegExp, (match: string, ...groups: string[]) => string];

// Order matters: each rule sees the output of the previous ones.
const RULES: readonly Rule[] = [
  [/[^a-z0-9]/g, ''],
  // A j after a vowel and not before one is a final й in scholarly and German spelling (Dmitrij, Andrej).
  [/(?<=[aeiou])j(?![aeiou])/g, 'y'],
  [/q/g, 'k'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  // Hard and soft signs romanised as apostrophes are already gone; now the multi-letter consonants.
  [/schtsch|shtch|shch|szcz/g, 'w'],
  [/tsch|tch/g, 'q'],
  [/sch|sh|sz/g, 'w'],
  [/ch|cz/g, 'q'],
  [/dzh|dj|zh|zs/g, 'j'],
  [/kh/g, 'x'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/gh/g, 'g'],
  // A hard Latin c is k; only then do ts/tz become c (ц), which must not be read as hard.
  [/ck/g, 'k'],
  [/c(?![eiy])/g, 'k'],
  [/ts|tz/g, 'c'],
  [/h/g, 'g'],
  [/ou|oo/g, 'u'],
  // ё after a consonant: Fyodor/Fedor, Pyotr/Petr, Semyon/Semen.
  [/([^aeiouy])yo/g, '$1e'],
  // A y not before a vowel is the vowel ы or a final й (Dmitry, Yuriy, Aleksey).
  [/y(?![aeou])/g, 'i'],
  // French adds a final e after n (Poutine, Prigojine).
  [/(.{3})ine$/g, '$1in'],
  // Glides before a vowel: Yuriy/Iurii, Natalya/Nataliya/Natalia, Vyacheslav/Viacheslav. Not before i: the
  // double i of Dmitrii/Yurii is one vowel.
  [/[iy]+(?=[aeou])/g, 'y'],
  // Initial and post-vowel е: Yelena/Elena, Sergeyevich/Sergeevich.
  [/ye/g, 'e'],
  // Ivanoff, Smirnoff: the French/English spelling of final -ов/-ев.
  [/([oe])ff$/g, '$1v'],
  [/(.)\1+/g, '$1'],
];

/** The phonetic key of one romanised (lower-case Latin) token; '' when nothing of it survives. */
export function phoneticKey(romanised: string): string {
  return rewrite(romanised, RULES);
}

// ё after ж, ч, ш, щ is pronounced and often written o, but romanised e by BGN/PCGN (Kosachov/Kosachev).
const HUSHED_YO = /(?<=ch|sh|zh)o(?![aeiou])/g;

// Other readings of Latin letters: the default rules read English (BGN/PCGN); a query may be written in
// German, French, Polish or Belarusian conventions. Each reading rewrites the romanised text into the English
// conventions before keying, so Tschemesow, Chouvalov and Słucki key like Chemezov, Shuvalov and Slutsky.
const READINGS: readonly (readonly Rule[])[] = [
  // German: tsch = ч, ch = х, z = ц, s before a vowel = з (Solotow, Ramsan), ss = с.
  [
    [/tsch|(?<!s)ch/g, '$&:'],
    [/tsch:/g, 'ch'],
    [/ch:/g, 'kh'],
    [/z/g, 'ts'],
    [/(?<![cs])s(?=[aeiouy])/g, 'z'],
    [/ss/g, 's'],
    [/ie/g, 'i'],
    [/j/g, 'y'],
    [HUSHED_YO, 'e'],
  ],
  // English with ё after a hushing consonant written o (Gorbachov, Khrushchov).
  [[HUSHED_YO, 'e']],
  // German with sch = ж (Prigoschin, Schirow).
  [
    [/j/g, 'y'],
    [/tsch/g, 'ch'],
    [/sch/g, 'zh'],
    [/(?<![cs])s(?=[aeiouy])/g, 'z'],
    [/ss/g, 's'],
  ],
  // French: ch = ш, tch = ч, gu before e/i = г (Evgueni), s between vowels = з, ss = с.
  [
    [/gu(?=[ei])/g, 'g'],
    [/tch|ch/g, '$&:'],
    [/tch:/g, 'ch'],
    [/ch:/g, 'sh'],
    [/(?<=[aeiouy])s(?=[aeiouy])/g, 'z'],
    [/ss/g, 's'],
  ],
  // Polish: c = ц, rz = ж, j = й.
  [
    [/j/g, 'y'],
    [/c(?![hz])/g, 'ts'],
    [/rz/g, 'zh'],
  ],
  // Arabic ق is q, k or, in Gulf and Libyan speech, g (Qaddafi/Gaddafi, Vaseqi/Vaseghi).
  [[/q/g, 'g']],
  [[/(?<!n)g/g, 'q']],
  // Belarusian: dz = д, ts = т (soft), final ou/au = ов (ў), j = й.
  [
    [/j/g, 'y'],
    [/dz/g, 'd'],
    [/ts/g, 't'],
    [/[oa]u$/g, 'ov'],
  ],
];

// Readings of other spelling systems that only apply to a word showing one of the system's marks, so that most
// words do not carry (and look up) keys they cannot need.
const MARKED_READINGS: ReadonlyArray<readonly [RegExp, readonly Rule[]]> = [
  // Dutch: oe = u, tsj = ч, sj = ш, j = й (Poetin, Tsjernomyrdin, Sjojgoe).
  [
    /oe|sj/,
    [
      [/tsj/g, 'ch'],
      [/sj/g, 'sh'],
      [/oe/g, 'u'],
      [/j/g, 'y'],
    ],
  ],
  // Hungarian: cs = ч, zs = ж, sz = с, s = ш, gy/ty/ny/ly are soft consonants (Putyin, Csernomirgyin).
  [
    /cs|zs|sz|[gtnl]y(?![aeiou])/,
    [
      [/cs/g, 'ch'],
      [/zs/g, 'zh'],
      [/sz|s/g, (m: string) => (m === 'sz' ? 's' : 'sh')],
      [/([gtnl])y/g, (_: string, c: string) => (c === 'g' ? 'd' : c)],
      [/j/g, 'y'],
    ],
  ],
  // Scandinavian: tj = ч, skj/sj = ш, j = й, aa = a.
  [
    /tj|sj|aa/,
    [
      [/tj/g, 'ch'],
      [/skj|sj/g, 'sh'],
      [/j/g, 'y'],
      [/aa/g, 'a'],
    ],
  ],
  // Lithuanian and Latvian add a case ending to foreign names (Putinas, Medvedevas).
  [/.{4}(?:as|is|ys|us)$/, [[/^(.{4,}?)(?:as|is|ys|us)$/g, '$1']]],
  // Catalan tx = ч, ix = ш, initial x = ш (Txernenko, Xoigu).
  [
    /tx|^x/,
    [
      [/tx/g, 'ch'],
      [/ix|^x/g, 'sh'],
    ],
  ],
  // Romanian: che/chi = ке/ки, ghe/ghi = ге/ги, ce/ci and ci before a vowel = че/чи/ч, ge/gi = дже/джи (Serghei,
  // Evgheni, Cernenko, Ciobanu); upper-case marks what is already read.
  [
    /[cg]h[ei]|ci[aou]|c[ei]/,
    [
      [/ch(?=[ei])/g, 'K'],
      [/gh(?=[ei])/g, 'G'],
      [/ci(?=[aou])|c(?=[ei])/g, 'ch'],
      [/gi(?=[aou])|g(?=[ei])/g, 'dzh'],
      [/[KG]/g, (m: string) => m.toLowerCase()],
    ],
  ],
];

// Turkish c = дж, j = ж (Cabarov, Jirinovski); read for words with Turkish letters as written (ı, ş, ç, ğ) or
// a Russian surname ending with c before a back vowel in it (Cabarov for Dzhabarov).
const TURKISH_MARK = /[ışçğ]/;
const RUSSIAN_SURNAME_WITH_C = /c[aou].*(?:ov|ev|ova|eva|in|ina)$/;
const TURKISH: readonly Rule[] = [
  [/c(?!h)/g, 'dzh'],
  [/j/g, 'zh'],
];

// Romanian ț, romanised ts, as the t a list writes when it drops the mark (ȚIRIAC as TIRIAC).
const ROMANIAN_T = /[țţ]/;
const ROMANIAN_T_AS_T: readonly Rule[] = [[/ts/g, 't']];

function readingsOf(romanised: string, written: string): ReadonlyArray<readonly Rule[]> {
  const out: Array<readonly Rule[]> = [...READINGS];
  for (const [mark, rules] of MARKED_READINGS) if (mark.test(romanised)) out.push(rules);
  if (TURKISH_MARK.test(written) || RUSSIAN_SURNAME_WITH_C.test(romanised)) out.push(TURKISH);
  if (ROMANIAN_T.test(written)) out.push(ROMANIAN_T_AS_T);
  return out;
}

function rewrite(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement as (m: string) => string);
  return out;
}

/**
 * Keys of `romanised` under the other readings (German, French, Polish, Arabic q/g, Belarusian; Dutch,
 * Hungarian, Scandinavian, Baltic endings, Catalan, Romanian and Turkish where the word, romanised or as
 * `written`, shows their marks) that differ from its key.
 */
export function alternativeKeys(romanised: string, written: string = romanised): string[] {
  const main = phoneticKey(romanised);
  const out = new Set<string>();
  for (const reading of readingsOf(romanised, written)) {
    const rewritten = rewrite(romanised, reading);
    if (rewritten === romanised) continue;
    const key = phoneticKey(rewritten);
    if (key !== main && key !== '') out.add(key);
  }
  return [...out];
}

/** The key's consonant skeleton (no vowels, no glides), for scripts that do not write short vowels. */
export function skeleton(key: string): string {
  const consonants = key.replace(/[aeiouy]/g, '');
  return consonants === '' ? key : consonants;
}
