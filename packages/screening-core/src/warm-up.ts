/**
 * Start-up warm-up of name screening.
 *
 * V8 compiles a function to optimised machine code only after it has run for a while, so the first few thousand
 * name screens of a process run mostly in the interpreter and are several times slower than the rest: that is
 * most of a fresh process's first-pass p99, not the words being new. A process therefore screens made-up names
 * in every script the matcher reads against its first snapshot before it takes traffic, and then forgets them,
 * so that the snapshot's memos hold real queries only.
 *
 * The names are generated from letter tables with a fixed seed, never taken from the lists or from customers:
 * nothing about a real name is memoised, and no decision depends on the warm-up (the memos are caches; the
 * test checks that decisions are the same with and without it).
 */
import { screenNames } from './name-screen.js';
import { DEFAULT_POLICY } from './policy.js';
import type { Snapshot } from './snapshot.js';
import type { Policy } from './types.js';

/** Name screens of a warm-up: enough for the matcher's hot paths in every script to be optimised. */
export const WARM_UP_SCREENS = 3000;

/** What a warm-up did (the caller times it: the core reads no clock). */
export interface WarmUp {
  screens: number;
}

// Syllables of each script: onsets and nuclei that the script writes, joined into words of two to four.
interface Letters {
  onsets: readonly string[];
  nuclei: readonly string[];
  /** Syllables per word, at least and at most. */
  syllables: readonly [number, number];
  /** Words are capitalised (Latin, Cyrillic, Greek, Armenian; Georgian names are not written in capitals). */
  cased?: true;
}

const split = (letters: string): string[] => [...letters];

const ALPHABETIC: readonly Letters[] = [
  {
    onsets: split('bcdfghjklmnprstvwz'),
    nuclei: ['a', 'e', 'i', 'o', 'u', 'ou', 'ei', 'á', 'ö'],
    syllables: [2, 4],
    cased: true,
  },
  { onsets: split('бвгджзклмнпрстфхцчшщ'), nuclei: split('аеиоуыэюяё'), syllables: [2, 4], cased: true },
  {
    onsets: split('βγδζθκλμνξπρστφχψ'),
    nuclei: ['α', 'ε', 'η', 'ι', 'ο', 'υ', 'ω', 'ου', 'ά', 'ί'],
    syllables: [2, 4],
    cased: true,
  },
  // Arabic and Hebrew write few vowels: consonants with a long vowel now and then.
  { onsets: split('بتثجحخدذرزسشصضطظعغفقكلمنهوي'), nuclei: ['', '', 'ا', 'و', 'ي', 'ة'], syllables: [3, 5] },
  { onsets: split('בגדהזחטכלמנסעפצקרשת'), nuclei: ['', '', 'ו', 'י', 'א'], syllables: [3, 5] },
  { onsets: split('कखगघचजटडतदधनपबभमयरलवशसह'), nuclei: ['', 'ा', 'ि', 'ी', 'ु', 'े', 'ो'], syllables: [2, 4] },
  { onsets: split('բգդզթժլխծկհձղճմյնշչպջռսվտր'), nuclei: split('աեէըիոու'), syllables: [2, 3], cased: true },
  { onsets: split('ბგდვზთკლმნპჟრსტფქღყშჩცძწჭხჯჰ'), nuclei: split('აეიოუ'), syllables: [2, 3] },
  { onsets: split('กขคงจชซดตทนบปพฟมยรลวสห'), nuclei: ['', 'า', 'ิ', 'ี', 'ุ', 'ู', 'เ'], syllables: [2, 3] },
  {
    onsets: split(
      'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダデドバビブベボパピプペポ',
    ),
    nuclei: ['', '', 'ー', 'ッ'],
    syllables: [2, 5],
  },
  {
    onsets: split('あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん'),
    nuclei: [''],
    syllables: [2, 4],
  },
];

/** A deterministic generator (a linear congruential one: no randomness in what a process does at start). */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

function pick<T>(items: readonly T[], next: (n: number) => number): T {
  return items[next(items.length)] as T;
}

function word(letters: Letters, next: (n: number) => number): string {
  const [least, most] = letters.syllables;
  let out = '';
  for (let i = least + next(most - least + 1); i > 0; i--)
    out += pick(letters.onsets, next) + pick(letters.nuclei, next);
  return letters.cased ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

/** A Hangul word of two or three syllables (any of the 11,172), or a Han one of one to three characters. */
function syllabic(kind: number, next: (n: number) => number): string {
  if (kind === 0) {
    return Array.from({ length: 2 + next(2) }, () => String.fromCodePoint(0xac00 + next(11172))).join('');
  }
  // The common block of unified ideographs, where names' characters are.
  return Array.from({ length: 1 + next(3) }, () => String.fromCodePoint(0x4e00 + next(0x5200))).join('');
}

/**
 * `count` made-up names, deterministic: one to three words, each script in turn (Latin, Cyrillic, Greek, Arabic,
 * Hebrew, Devanagari, Armenian, Georgian, Thai, katakana, hiragana, Hangul, Han), now and then two scripts in
 * one name as customers' records have them.
 */
export function warmUpNames(count: number, seed = 1): string[] {
  const next = generator(seed);
  const kinds = ALPHABETIC.length + 2;
  const wordOf = (kind: number): string =>
    kind < ALPHABETIC.length ? word(ALPHABETIC[kind] as Letters, next) : syllabic(kind - ALPHABETIC.length, next);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % kinds;
    const words = 1 + next(3);
    const parts: string[] = [];
    for (let w = 0; w < words; w++) parts.push(wordOf(w > 0 && next(8) === 0 ? next(kinds) : kind));
    // Han and Hangul names are as often written as one word.
    const joined = kind >= ALPHABETIC.length && next(2) === 0;
    out.push(parts.join(joined ? '' : ' '));
  }
  return out;
}

/**
 * Screens `screens` made-up names against `snapshot` (half of them with a date of birth), then forgets them
 * (`NameIndex.forgetQueries`). Returns how many.
 */
export function warmUp(snapshot: Snapshot, screens = WARM_UP_SCREENS, policy: Policy = DEFAULT_POLICY): WarmUp {
  warmUpNames(screens).forEach((name, i) =>
    screenNames(
      snapshot,
      { name, ...(i % 2 === 0 ? { dob: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}` } : {}) },
      policy,
    ),
  );
  snapshot.names.forgetQueries();
  return { screens };
}

// Made-up names screened so far in this process (or worker thread: each has its own compiled code).
let warmedScreens = 0;

/**
 * How many warm-up screens a snapshot of `names` listed names and aliases is worth: one for every ten, up to
 * WARM_UP_SCREENS (the full OFAC list has 34,000). A handful of names (a test's lists) makes screens fast anyway.
 */
export function warmUpScreensFor(names: number): number {
  return Math.min(WARM_UP_SCREENS, Math.floor(names / 10));
}

/**
 * Warms name screening up once per process: screens what `warmUpScreensFor` gives for `snapshot`, less what this
 * process already screened in warm-ups (a process whose first lists were small warms up on a larger one later).
 * Returns undefined when there was nothing left to do.
 */
export function warmUpOnce(snapshot: Snapshot, policy: Policy = DEFAULT_POLICY): WarmUp | undefined {
  const screens = warmUpScreensFor(snapshot.names.size) - warmedScreens;
  if (screens <= 0) return undefined;
  warmedScreens += screens;
  return warmUp(snapshot, screens, policy);
}
