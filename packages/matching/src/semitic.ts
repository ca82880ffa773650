/**
 * Foreign names in Arabic and Hebrew script: the other Latin letters a written letter stands for when the name
 * is transcribed from another language. Arabic has no p, v or hard g and writes them ب, ف and ج/ك/ق (بيرير
 * Perrier, فينس Vince, جاكوبو Jacopo); Hebrew has one letter for b/v (ב), p/f (פ), k/kh/ch (כ), s/sh (ש), and
 * writes z, tz and German z alike with צ (צונץ Zuntz). A word gets readings that differ from its default one in
 * a few such letters, fewest changes first, so that its consonant skeleton meets the Latin spelling's.
 */

import { phoneticKey, skeleton } from './phonetic.js';

/** At most this many readings per word: a long word has many ambiguous letters, and each reading is looked up. */
const MAX_READINGS = 24;
// A reading of fewer consonants than this agrees with some listed word by chance (رجائي rgy and RAGE).
const MIN_READING_CONSONANTS = 3;

// Hebrew writes the vowels of foreign names (ו o/u, י i/e, א and ה a/e), and Arabic their long ones, so their
// short words are read on two consonants: the vowels written still have to agree (see score.ts: פול Paul, ארסה
// Arce, بول Paul).
const SHORT_READING_CONSONANTS = 2;

function longEnough(reading: string, min = MIN_READING_CONSONANTS): boolean {
  return skeleton(phoneticKey(reading)).length >= min;
}

// Arabic letters that Persian, Urdu and Turkish read otherwise, in their own names as in foreign ones (فضل Fazl,
// ذاکر Zakir, ثروت Servet).
const ARABIC_LOCAL: Readonly<Record<string, readonly string[]>> = {
  // French spellings of Maghrebi names write ش ch (Hachlaf, Achour, Cherif).
  ش: ['ch'],
  ث: ['s'],
  ذ: ['z'],
  // Malay spellings write ض dz (Fadzli, Ramadzan, Redzuan).
  ض: ['z', 'dz'],
  ظ: ['z'],
};

// Arabic letters and the Latin letters foreign names write with them, besides the default romanisation.
const ARABIC_FOREIGN: Readonly<Record<string, readonly string[]>> = {
  ب: ['p'],
  ف: ['v'],
  ج: ['g'],
  ك: ['ch', 'g'],
  ق: ['g'],
  س: ['ce'],
  ز: ['s'],
  ش: ['ch'],
  خ: ['ch', 'h', 'j'],
};

// Letters Arabic writes its own words with and transcriptions of foreign names hardly ever use (they write t, s,
// d, h, z, k with ت س د ه ز ك): a word with one of them is not read as a foreign name. The same for a word
// with letters only Persian uses, since Persian writes p, g, ch and zh with letters of their own (پ گ چ ژ).
const ARABIC_NATIVE = /[\u062d\u0639\u0635\u0636\u0638\u0630\u062b\u0629\u067e\u0686\u0698\u06af\u06a9\u06cc]/u;

// Hebrew letters (and the Latin letters a geresh has turned them into) and the other Latin letters they stand for.
const HEBREW_FOREIGN: Readonly<Record<string, readonly string[]>> = {
  ב: ['v'],
  פ: ['f'],
  ף: ['p'],
  ז: ['s'],
  ח: ['h', 'ch', 'j'],
  כ: ['kh', 'ch'],
  ך: ['kh', 'ch'],
  ק: ['ch'],
  ס: ['ce'],
  צ: ['z'],
  ץ: ['z'],
  ש: ['s'],
  j: ['g'],
};

/**
 * Readings of a word from its letters and the default Latin output of each (`base[i]` for `chars[i]`): each
 * reading replaces the output of some letters by another of their `options` (see ARABIC_FOREIGN, HEBREW_FOREIGN),
 * fewest replacements first, at most MAX_READINGS. The default reading itself is not returned.
 */
function readingsOf(
  chars: readonly string[],
  base: readonly string[],
  options: (i: number) => readonly string[],
  minConsonants = MIN_READING_CONSONANTS,
): string[] {
  const choices = chars.map((_, i) => options(i).filter((o) => o !== base[i]));
  const positions = choices.flatMap((c, i) => (c.length > 0 ? [i] : []));
  const out = new Set<string>();
  const written = base.join('');
  // Letters kept apart by a vowel (see apartLetters) stay apart whatever they are read as.
  const apart = apartLetters(chars, base);
  const vowelBefore = apart.map((a, i) => (a === base[i] ? '' : 'a'));
  // Breadth first over the number of replaced letters; within one count, by position.
  let frontier: Array<{ picks: string[]; last: number }> = [{ picks: apart, last: -1 }];
  while (frontier.length > 0 && out.size < MAX_READINGS) {
    const next: Array<{ picks: string[]; last: number }> = [];
    for (const { picks, last } of frontier) {
      for (const i of positions) {
        if (i <= last) continue;
        for (const choice of choices[i] as string[]) {
          const reading = [...picks];
          reading[i] = vowelBefore[i] + choice;
          const text = reading.join('');
          if (text !== written && longEnough(text, minConsonants)) out.add(text);
          if (out.size >= MAX_READINGS) return [...out];
          next.push({ picks: reading, last: i });
        }
      }
    }
    frontier = next;
  }
  return [...out];
}

const VOWEL_OUTPUT = /^[aeiouy]*$/;
const WRITTEN_LETTER = /[\u0590-\u06ff]/u;

/**
 * The letter-by-letter outputs `base` of a Hebrew or Arabic word (`chars`), with a vowel put between two adjacent
 * consonant letters whose Latin outputs would run together: into a digraph (כה k-h in קהן Kahn, كه in بيكهام
 * Beckham, זה z-h in זהראן Zahran) or into one consonant (הג h-g in הגר Heger, בב in בבאי Babai). Neither
 * script writes a doubled consonant with two letters, nor these digraphs across two letters, so a vowel the
 * script leaves unwritten stands between them. Latin letters a geresh has made (ז' zh) are left as they are.
 */
export function apartLetters(chars: readonly string[], base: readonly string[]): string[] {
  return base.map((out, i) => {
    // The letter before, past any silent one (the alef of קאהן Kahn).
    let before = i - 1;
    while (before >= 0 && base[before] === '') before--;
    const prev = base[before];
    if (prev === undefined || VOWEL_OUTPUT.test(prev) || VOWEL_OUTPUT.test(out)) return out;
    if (!WRITTEN_LETTER.test(chars[i] ?? '') || !WRITTEN_LETTER.test(chars[before] ?? '')) return out;
    // Only an h runs into a digraph so: ts, tz and dj are Latin digraphs that both scripts write with two letters
    // (يانوفيتز Janowicz, فيلموتس Wilmots).
    const [first, second] = [skeleton(phoneticKey(prev)), skeleton(phoneticKey(out))];
    const digraph = out.startsWith('h') && skeleton(phoneticKey(prev + out)) !== first + second;
    return digraph || first.endsWith(second[0] ?? '-') ? `a${out}` : out;
  });
}

// Arabic letters that write vowels or carry them, or are silent.
const ARABIC_VOWEL_LETTERS = /[\u0621-\u0627\u0629\u0648\u0649\u064a\u06cc]/u;

function isConsonantLetter(ch: string | undefined): boolean {
  return ch !== undefined && WRITTEN_LETTER.test(ch) && !ARABIC_VOWEL_LETTERS.test(ch);
}

/**
 * Foreign-name readings of an Arabic word whose letters romanise to `base` letter by letter: ب p, ف v, ج g,
 * ك/ق g, خ ch, a final ه silent, و a consonant v or a vowel (see ARABIC_FOREIGN).
 */
export function arabicForeignReadings(chars: readonly string[], base: readonly string[]): string[] {
  const foreign = !ARABIC_NATIVE.test(chars.join(''));
  const consonantLetters = chars.filter(isConsonantLetter).length;
  // The letters kept apart (see apartLetters) as a reading of their own; the default one runs them together, as
  // Latin spellings of Arabic names do too (إسحاق Ishaq).
  const apart = apartLetters(chars, base).join('');
  const readingsWith = (wawBetweenConsonants: boolean): string[] =>
    readingsOf(
      chars,
      base,
      (i) => {
        const ch = chars[i] as string;
        // The nisba -awi is -aoui in French spellings of Maghrebi names (الصحراوي Sahraoui, العلوي Alaoui): the
        // w of a final اوي only, as elsewhere a w read as a vowel leaves a native name too few consonants.
        const local =
          ch === 'و' && chars[i - 1] === 'ا' && chars[i + 1] === 'ي' && i === chars.length - 2
            ? ['ou']
            : (ARABIC_LOCAL[ch] ?? []);
        // Latin spellings end a ta marbuta with h as often as not (فاطمة Fatimah, كنانة Kinanah), and with t where
        // it is read so: in the first word of a construct (جبهة النصرة Jabhat al-Nusrah, عصبة الأنصار Asbat al-Ansar)
        // and in Persian, Urdu and Turkish names (عزة Izzat, نصرة Nusrat).
        if (ch === '\u0629' && i === chars.length - 1) return ['ah', 'at'];
        // A final heh a Persian word is read with as the vowel e (خامنه Khamene) is as often the consonant h (سپه
        // Sepah, کوه Kuh).
        if (ch === 'ه' && base[i] === 'e') return ['ah'];
        if (!foreign) return local;
        // و is the vowel o/u or the consonant w/v; a final ه after a letter is as often a written vowel (أندريه André).
        // Between two consonant letters it is mostly the vowel, and the w of a diphthong (هوك Hawk, رول Rawle) less
        // often: those readings come after the others, lest the cap (MAX_READINGS) leave out a long word's other
        // letters read otherwise (بوتشكوفا Puchkova, with ب p, ش ch and ف v).
        if (
          !wawBetweenConsonants &&
          ch === 'و' &&
          base[i] === 'u' &&
          isConsonantLetter(chars[i - 1]) &&
          isConsonantLetter(chars[i + 1])
        )
          return [];
        if (ch === 'و') return base[i] === 'u' ? ['v'] : ['u'];
        if (ch === 'ه' && i === chars.length - 1 && i > 1) return [''];
        // An initial yeh is the j of German, Dutch, Scandinavian and Slavic names (يانوفيتز Janowicz, يونسن Johnsen).
        if (ch === 'ي' && i === 0) return ['j'];
        // A yeh beside an alef, or after a waw inside a word, is the glide Slavic spellings write j (كريستيان
        // Kristijan, دولياي Duljaj, فويسلاف Vojislav).
        if (ch === 'ي' && (chars[i - 1] === 'ا' || chars[i + 1] === 'ا' || (chars[i - 1] === 'و' && i > 1)))
          return ['j'];
        // ج is also the zh (ž) of Slavic names, which Latin keys read apart from j only after a vowel and before
        // none (أندراج Andraž), where they take that j for a glide y.
        if (ch === 'ج' && /[اوي]/.test(chars[i - 1] ?? '') && !/[اوي]/.test(chars[i + 1] ?? '')) return ['g', 'zh'];
        // ج is also the ch of Turkish ç and of Wade-Giles Chinese, said j (جلبي Çelebi, جيانغ Chiang), in a word of
        // three consonants or more: on two, it would meet every listed Chun and Chan.
        if (ch === 'ج' && consonantLetters >= MIN_READING_CONSONANTS) return ['g', 'ch'];
        return ARABIC_FOREIGN[ch] ?? local;
      },
      foreign ? SHORT_READING_CONSONANTS : MIN_READING_CONSONANTS,
    );
  const readings = [...new Set([...readingsWith(false), ...readingsWith(true)])].slice(0, MAX_READINGS);
  return apart !== base.join('') && longEnough(apart) ? [apart, ...readings] : readings;
}

/**
 * Foreign-name readings of a Hebrew word whose letters romanise to `base` letter by letter (with vav and yod as
 * vowels where they are read so): ב v, פ f, כ kh/ch, ש s/ch, צ z, ח h/ch, ג' g, vav a consonant or a vowel.
 */
export function hebrewForeignReadings(chars: readonly string[], base: readonly string[]): string[] {
  // An initial alef is also the silent h of French names and others (אנרי Henri, אוגו Hugo), which Latin keys
  // read as a consonant: one reading more, with an h.
  const silentH = chars[0] === 'א' && chars.length > 2 ? [`h${base.join('')}`] : [];
  // A final ץ' is the -itz of Yiddish and German spellings of Slavic -ich (מוסקוביץ' Moskowitz, Horowitz).
  const readings = foreignLetterReadings(chars, base);
  const itz =
    chars.length > 4 && base.join('').endsWith('ch')
      ? [base.join(''), ...readings].map((reading) => reading.replace(/ch$/, 'tz'))
      : [];
  return [...readings, ...silentH, ...itz];
}

function foreignLetterReadings(chars: readonly string[], base: readonly string[]): string[] {
  return readingsOf(
    chars,
    base,
    (i) => {
      const ch = chars[i] as string;
      // A vav is a vowel or a consonant, except at the start of a word (always v: a vowel there is written with
      // alef or ayin) or doubled (וו, read v).
      if (ch === 'ו' && i > 0 && base[i] !== '' && chars[i - 1] !== 'ו') return base[i] === 'v' ? ['o'] : ['v'];
      // An initial yod is the j of names from Hebrew and German spelling (יהודה Judah, יוליאן Julian).
      if (ch === 'י' && i === 0) return ['j'];
      // A final he is the vowel a or e, which Latin spellings of Hebrew and Persian names end with h (שדה Sadeh,
      // יהודה Judah).
      if (ch === 'ה' && i === chars.length - 1 && i > 1) return ['ah'];
      // Before ח, צ is the tz of Yitzhak/Yitzchak: Latin keys read tz-h as t-zh and tz-ch as ts-ch, so the
      // reading must keep the z (יצחק Yitzhak, not ts-kh).
      if ((ch === 'צ' || ch === 'ץ') && chars[i + 1] === 'ח') return ['z', 'tz'];
      // Italian writes j before a vowel gi (ג'וליו Giulio, ג'ובאני Giovanni).
      if (ch === 'j' && /[\u05d5\u05d9\u05d0]/u.test(chars[i + 1] ?? '')) return ['g', 'gi'];
      // A doubled vav after ג or ק is the u of gu and qu before a vowel (מגוואייר Maguire).
      if (ch === 'ו' && chars[i - 1] === 'ו' && /[גק]/.test(chars[i - 2] ?? '')) return ['u'];
      // An initial פ is also the v of German names, said f (פייט Veit, פוגל Vogel).
      if (ch === 'פ' && i === 0) return ['f', 'v'];
      // A final ף is also the v Latin keys read a final -ff as (רואוף Ruoff, ג'ף Geoff; Ivanoff).
      if (ch === 'ף' && i === chars.length - 1) return ['p', 'v'];
      // A he after an initial yod is the e of Yehuda, which Latin spellings leave out (יהודה Judah, יהודית Judit).
      if (ch === 'ה' && i === 1 && chars[0] === 'י') return [''];
      // A doubled yod after a consonant is the ey of English a (דיינה Dana, ג'יין Jane).
      if (ch === 'י' && i > 1 && chars[i - 1] === 'י' && !VOWEL_OUTPUT.test(base[i - 2] ?? '')) return ['a'];
      // Italian writes the ch sound before i ci (לוצ'יאנו Luciano, מדיצ'י Medici): a geresh tsadi's h goes.
      if (ch === 'h' && chars[i - 1] === 'c' && chars[i + 1] === 'י') return [''];
      // Spanish writes a final s sound z (סאנצ'ס Sánchez, רודריגס Rodríguez).
      if (ch === 'ס' && i === chars.length - 1 && i > 1) return ['ce', 'z'];
      // After ט, ש is the sh of English and German tch (מיטשל Michel/Mitchell).
      if (ch === 'ש' && chars[i - 1] === 'ט') return ['s', 'ch'];
      // French and Portuguese write a final sh sound ch (רושה Rocha, לרוש Laroche).
      if (ch === 'ש' && (i === chars.length - 1 || (i === chars.length - 2 && /[הא]/.test(chars[i + 1] ?? '')))) {
        return ['s', 'ch'];
      }
      return HEBREW_FOREIGN[ch] ?? [];
    },
    SHORT_READING_CONSONANTS,
  );
}

const VOWELS = /[aeiouy]/;

/** The vowels of a key between its consonants: slot i follows the i-th consonant (slot 0 leads). */
export function vowelSlots(key: string): string[] {
  const slots = [''];
  for (const ch of key) {
    if (VOWELS.test(ch)) slots[slots.length - 1] += ch;
    else slots.push('');
  }
  return slots;
}

/**
 * True when the vowels a Hebrew reading writes (`reading`: vav o, yod i, an initial alef or ayin a, a final he
 * or alef a) fit a Latin key with the same consonants: both start with a vowel or neither does, a written o or u
 * meets o, u or a (פול Paul, בול Ball), a written i meets i, e or y, a final a meets a or e. Hebrew names of two
 * consonants agree with many listed words on their consonants alone (שור shor and YASAR, נועה noa and NAWI).
 */
export function hebrewVowelsAgree(reading: string, latinKey: string): boolean {
  const h = vowelSlots(reading);
  const l = vowelSlots(latinKey);
  if (h.length !== l.length) return true;
  if ((h[0] === '') !== (l[0] === '')) return false;
  for (let i = 1; i < h.length; i++) {
    const written = h[i] as string;
    const there = l[i] as string;
    if (/[ou]/.test(written) && !/[oua]/.test(there)) return false;
    if (written.includes('i') && !/[iey]/.test(there)) return false;
    if (i === h.length - 1 && written === 'a' && !/[ae]/.test(there)) return false;
  }
  return true;
}

// The Latin vowels an Arabic written vowel (alef, yeh, waw as romanised) is spelled with in a foreign name of two
// consonants: yeh writes i (or y, and English ee, ea: بيك Peake), not a lone e (بينا is not PENA), waw o or u.
const ARABIC_LATIN_VOWELS: Readonly<Record<string, RegExp>> = {
  a: /[aeo]/,
  i: /[iy]|ee|ea/,
  y: /[iy]|ee|ea/,
  u: /[uo]/,
  o: /[uo]/,
  e: /[eia]/,
};
// A final alef, alef maksura or ta marbuta is as often spelled e, o or i, a final yeh e (لوبي Lope, بابي Pappé).
const FINAL: Readonly<Record<string, RegExp>> = { a: /[aeoi]/, i: /[iye]/, y: /[iye]/ };
// Latin consonant digraphs, one consonant of the key each.
const DIGRAPH = /sch|[sckzdtpg]h|ck/g;

/**
 * True when the long vowels an Arabic reading of two consonants writes fit a Latin word (`latin` as written,
 * romanised; `latinKey` its key) with the same consonants: both start with a vowel or neither does, and after
 * each consonant a written vowel meets one of its Latin spellings (بول pul and Paul, ليفا liva and Leyva, بييري piri
 * and Pieri). A vowel Arabic leaves unwritten may be any; one it writes must be there (بول is not BELLA), and two it
 * writes are two Latin vowels (ائي of رجائي Raja'i is not RAGE's e). The Latin vowels are read off the word as
 * written where it has as many consonants as its key, since the key merges some (Pieri keys peri). `loosely`, a
 * yeh anywhere may be an e too (بيريا Beria, إلين Ellen), as at the end.
 */
export function arabicVowelsAgree(reading: string, latin: string, latinKey: string, loosely = false): boolean {
  const r = vowelSlots(reading);
  const written = vowelSlots(latin.replace(DIGRAPH, 'c').replace(/(.)\1+/g, '$1'));
  const l = written.length === r.length ? written : vowelSlots(latinKey);
  if (r.length !== l.length) return false;
  if ((r[0] === '') !== (l[0] === '')) return false;
  for (let i = 1; i < r.length; i++) {
    const vowels = r[i] as string;
    if (vowels === '') continue;
    const there = l[i] as string;
    if (vowels.length > there.length) return false;
    const last = i === r.length - 1;
    const fits = [...vowels].some((v) =>
      ((last || loosely ? FINAL[v] : undefined) ?? ARABIC_LATIN_VOWELS[v] ?? /$^/).test(there),
    );
    if (!fits) return false;
  }
  return true;
}

/**
 * A key spelled with the vowels Hebrew can tell apart: vav writes o and u alike, yod i, e and y, and an initial
 * alef any vowel (רובי robi is Ruby, אורי ori Ury, אלינה alina Elena). For how alike two short names are spelled.
 */
export function hebrewVowelSpelling(key: string): string {
  // The u of a diphthong is no written vav's (Paul פול is spelled otherwise).
  return key
    .replace(/(?<![aeiou])u/g, 'o')
    .replace(/[ey]/g, 'i')
    .replace(/^[aeiou]+/, 'a');
}

/**
 * True when an Arabic word of three consonants or more written with consonants alone (an alef carrier at most:
 * محمد mhmd) meets a Latin spelling with u in its last syllable (MAHMUD, Mahmoud): Arabic writes that long u with
 * a waw (محمود), so the two are different names. Both are given as vowel slots, slot i after the i-th consonant
 * (see score.ts). Not a word of two consonants, whose one vowel is as often a short u or o in Persian and Pashto
 * names (قل Qul, گل Gul), never long.
 */
export function unwrittenFinalU(arabicSlots: readonly string[], latinSlots: readonly string[]): boolean {
  if (arabicSlots.length !== latinSlots.length || arabicSlots.length < 4) return false;
  if (!/^a?$/.test(arabicSlots[0] ?? '') || arabicSlots.slice(1).some((v) => v !== '')) return false;
  // A spelling with u in its first syllable as well is of a name of short vowels, which Arabic leaves unwritten
  // (UN list: رستم RUSTUM, سندس SUNDUS); Mahmud's first vowel is a.
  if ((latinSlots[1] ?? '').includes('u')) return false;
  return (latinSlots[latinSlots.length - 2] ?? '').includes('u');
}

/**
 * True when a word of `script` may transcribe a foreign name: any Hebrew word, an Arabic word without the letters
 * of Arabic and Persian words (ARABIC_NATIVE). Such a word is also compared with Latin spellings without their
 * silent h (see silentHSkeleton).
 */
export function mayBeForeign(word: string, script: string): boolean {
  return script === 'Hebr' || (script === 'Arab' && !ARABIC_NATIVE.test(word));
}

/**
 * True when a query word of `script` (foreign: see mayBeForeign) is compared with a Latin word's skeleton without
 * its silent h: a Hebrew word always, an Arabic one (which may still be a native name without native letters:
 * مائده Maedeh is not AHMAD, amd) only on three consonants or more.
 */
export function comparesWithoutSilentH(script: string, foreign: boolean | undefined, silent: string): boolean {
  return foreign === true && (script === 'Hebr' || silent.length >= MIN_READING_CONSONANTS);
}

/**
 * True when a query word of `script` is compared with a Latin word's skeleton as said (see spokenSkeleton): a
 * Hebrew word always, an Arabic one that may transcribe a foreign name on three consonants or more, since Arabic
 * too writes French names by ear (ريمون Reymond, غالان Galland, سيموني Simonis).
 */
export function comparesSpoken(script: string, foreign: boolean | undefined, spoken: string): boolean {
  return script === 'Hebr' || (script === 'Arab' && foreign === true && spoken.length >= MIN_READING_CONSONANTS);
}

// A Latin h between a vowel and a consonant, or after r or w, is silent in many names (John, Kahn, Rhodes, White);
// Hebrew transcriptions leave it out (ג'ון, קאהן has it as a vowel carrier). A final h is left alone: it
// mostly writes the ending Hebrew writes with ה (Sarah שרה).
const SILENT_H = /(?<=[aeiou])h(?=[^aeiouy])|(?<=[rw])h/g;

/**
 * The consonant skeleton of a Latin word (romanised as `text`) without its silent h, for comparison with Hebrew
 * and Arabic words; undefined when the word has no such h.
 */
export function silentHSkeleton(text: string): string | undefined {
  if (!text.match(SILENT_H)) return undefined;
  const without = skeleton(phoneticKey(text.replace(SILENT_H, '')));
  return without === '' || without === skeleton(phoneticKey(text)) ? undefined : without;
}

// Biblical names, which Latin writes in the forms of the Greek and Latin Bibles rather than as transcriptions (שלמה
// Shlomo is Solomon, משה Moshe Moses): only those whose consonants no reading of the Hebrew gives.
const HEBREW_BIBLICAL: Readonly<Record<string, readonly string[]>> = {
  שלמה: ['solomon'],
  משה: ['moses'],
  יצחק: ['isaac'],
  יוחנן: ['john'],
  אליהו: ['elijah', 'elias'],
  יהושע: ['joshua'],
  חוה: ['eve'],
  שמשון: ['samson'],
  יחזקאל: ['ezekiel'],
  ישעיהו: ['isaiah'],
  ירמיהו: ['jeremiah'],
  מתתיהו: ['matthias'],
};

// The countries and cities of royal and noble names ("X, מלך יוון" for Constantine I of Greece), which Hebrew
// calls by names of its own.
const HEBREW_EXONYMS: Readonly<Record<string, readonly string[]>> = {
  יוון: ['greece'],
  צרפת: ['france'],
  ספרד: ['spain'],
  אנגליה: ['england'],
  גרמניה: ['germany'],
  שוודיה: ['sweden'],
  דנמרק: ['denmark'],
  הונגריה: ['hungary'],
  נורווגיה: ['norway'],
  פורטוגל: ['portugal'],
  איטליה: ['italy'],
  סקוטלנד: ['scotland'],
  בוואריה: ['bavaria'],
  פרוסיה: ['prussia'],
  רוסיה: ['russia'],
  אוסטריה: ['austria'],
  פולין: ['poland'],
  מוסקבה: ['moscow'],
  נאפולי: ['naples'],
};

/**
 * The Latin forms of a Hebrew word that is a biblical name or a country's Hebrew name (see HEBREW_BIBLICAL,
 * HEBREW_EXONYMS), else none.
 */
export function biblicalSpellings(word: string): readonly string[] {
  return HEBREW_BIBLICAL[word] ?? HEBREW_EXONYMS[word] ?? [];
}

// Hebrew titles of kings and nobles, which a listed name leaves out or gives in Latin ("X, מלך נפאל" for Birendra
// of Nepal): not names, unlike Arabic ملك Malik, so Hebrew words only.
const HEBREW_TITLES: ReadonlySet<string> = new Set([
  'מלך',
  'מלכת',
  'נסיך',
  'נסיכת',
  'נסיכה',
  'דוכס',
  'הדוכס',
  'דוכסית',
  'רוזן',
  'רוזנת',
  'קיסר',
  'קיסרית',
  'הקיסר',
  // The English ones, as Hebrew writes them (ליידי פינק Lady Pink).
  'ליידי',
  'לורד',
]);

/** True for a Hebrew word that is a title of kings and nobles (see HEBREW_TITLES). */
export function isHebrewTitle(word: string): boolean {
  return HEBREW_TITLES.has(word);
}

// Spellings as Hebrew writes them, by ear: French qu k, ch sh, gn ny, g before e/i zh, -ault o, -ier ie, and
// final consonants unsaid (Louis לואי, Georges ז'ורז', Jacques ז'אק, Tissot טיסו, Richard רישאר, Blanc בלאן,
// Romains רומן, Pottier פוטייה, Perrault פרו); Hungarian sz s (László לסלו, Székely סקלי); English wr r, igh i,
// alk ok, gh unsaid after a vowel, ck-h two consonants (Wright רייט, Arkwright آركرايت, Walker ווקר, McLaughlin
// ماكلولين, Peckham بيكهام); German final dt t (Haardt هارت); Basque tx ch (Goikoetxea غويكوتشيا); Slavic -ic
// ich (Matic ماتيتش).
const SPOKEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/sz/g, 's'],
  [/wr/g, 'r'],
  [/igh/g, 'i'],
  [/(?<=[aeiou])gh(?![aeiouy])/g, ''],
  // English ck before h ends a syllable, the h starting the next (Beckham بيكهام), not the kh of one sound.
  [/ckh/g, 'kah'],
  [/alk/g, 'ok'],
  [/qu/g, 'k'],
  [/ch(?=[aeiouy])/g, 'sh'],
  [/gn/g, 'ny'],
  [/g(?=[eiy])/g, 'j'],
  [/au(?:lt|d|t|x)$/g, 'o'],
  [/ier$/g, 'ie'],
  // Only the endings French has and Arabic names do not: these are compared with listed Arabic names too, whose
  // final d, t, s and z are said (Ahmad, Murat, Abbas, Fayez).
  [/(?<=[eo]|ai)t$|(?<=[ei]|ai)s$|(?<=[aeiou])x$/g, ''],
  [/(?<=[aeiouy][nr])(?:c|d|t|s)$/g, ''],
  // After the French rules: a said t, and a ch that is no French sh.
  [/dt$/g, 't'],
  [/tx/g, 'ch'],
  // The -ić and -ič of Serbo-Croatian and Slovene names, which Latin lists write without the mark (Matic, MLADIC).
  [/(?<=[bdfgjklmnpstvz])ic$/g, 'ich'],
];

/**
 * The consonant skeleton of a Latin word (romanised as `text`) as it is said (see SPOKEN), for comparison with
 * Hebrew and Arabic words (see comparesSpoken); undefined when it is the word's own skeleton.
 */
export function spokenSkeleton(text: string): string | undefined {
  let spoken = text;
  for (const [pattern, replacement] of SPOKEN) spoken = spoken.replace(pattern, replacement);
  if (spoken === text) return undefined;
  const out = skeleton(phoneticKey(spoken));
  return out === '' || out === skeleton(phoneticKey(text)) ? undefined : out;
}

/**
 * Hebrew words that are particles of a name, as the Latin ones they write (פון von, דה de), and the ordinals of
 * regnal names (השני the Second for Ivan II), with the Latin Roman numerals a listed name may carry (VIII, IV; II
 * and III already key as particles). Left out: particles whose consonants are a name's once its initial alef is
 * dropped (ואן van and אוון Owen, דל del and אדל Adel), and titles that are also names (מלך, Arabic ملك Malik).
 */
export const SEMITIC_PARTICLES: readonly string[] = [
  'פון',
  'דה',
  'הראשון',
  'הראשונה',
  'השני',
  'השנייה',
  'השלישי',
  'השלישית',
  'הרביעי',
  'החמישי',
  'השישי',
  'השביעי',
  'השמיני',
  'התשיעי',
  'העשירי',
  'הגדול',
  'iv',
  'vi',
  'vii',
  'viii',
  'ix',
];
