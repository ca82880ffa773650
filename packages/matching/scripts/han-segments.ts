/**
 * Generates src/han-segments.ts: for each Han character that writes foreign names, the Latin letters it stands for
 * and how often (斯 s, ss, z, th; 克 k, c, ck, ch; 尔 r, l, ll), LEARNED FROM DATA: the token pairs of
 * shared/datasets/names/wd_chinese_tokens.tsv (a foreign name written in Han characters and its Latin token, from
 * Wikidata labels; Merhav & Ash, COLING 2018; licence CC0).
 *
 * Rows used: only those the name evaluation (screening-core/bench/name-eval.ts) never samples. The evaluation takes
 * every step-th usable row (step = floor(usable rows / 1000), up to 1000 rows); all of those rows are left out,
 * development and held-out alike, and so is every row its held-out rule would hold out (the first byte of the
 * SHA-256 of the source id divisible by 4), wherever it stands, and every row of the same pair as a sampled one.
 * What is left is about 71% of the file.
 *
 * Method: each Han character of a word is aligned to a run of MIN_SEGMENT to MAX_SEGMENT letters of its Latin token, in order,
 * every letter to one character (a monotone alignment); the probabilities of each character's runs are estimated
 * by expectation-maximisation over all alignments of all rows (ITERATIONS rounds, from uniform), and the expected
 * counts of the last round are kept where they reach MIN_COUNT and MIN_SHARE of the character's rows: one-off
 * alignments (the set's misaligned rows, a name Chinese writes by its meaning) do not enter. Deterministic: same
 * input, same output.
 *
 *   npx tsx packages/matching/scripts/han-segments.ts [path/to/wd_chinese_tokens.tsv] > packages/matching/src/han-segments.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import anyAscii from 'any-ascii';

export const MAX_SEGMENT = 5;
/** Every character writes at least one letter while learning (runs of none let EM drift to degenerate alignments). */
const MIN_SEGMENT = 1;
const ITERATIONS = 12;
/** Expected count a character's run must reach to be kept. */
const MIN_COUNT = 3;
/** Share of a character's expected count a run must reach to be kept. */
const MIN_SHARE = 0.02;
/** Characters seen in fewer rows than this are left out. */
const MIN_ROWS = 4;
const PAIRS_PER_FILE = 1000;

/** The Latin token as letters a to z (Guzmán guzman, Wacław waclaw). */
export function latinLetters(latin: string): string {
  return anyAscii(latin.normalize('NFC'))
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function isHeldOut(sourceId: string): boolean {
  return (createHash('sha256').update(sourceId).digest()[0] as number) % 4 === 0;
}

/** The rows the generator may learn from: [Han word, Latin letters]. */
export function trainingRows(text: string): Array<[string, string]> {
  const rows = text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
  // The evaluation's own selection (name-eval.ts pairs()): usable rows, every step-th of them.
  const usable = rows.filter(([, query, latin]) => /\p{L}/u.test(query ?? '') && /\p{L}/u.test(latin ?? ''));
  const step = Math.max(1, Math.floor(usable.length / PAIRS_PER_FILE));
  const sampled = new Set<string[]>();
  for (let i = 0, n = 0; i < usable.length && n < PAIRS_PER_FILE; i += step, n++) sampled.add(usable[i] as string[]);
  // The same pair in another row is the same data: left out too.
  const pairOf = (query: string, latin: string): string => `${query.trim()}\t${latinLetters(latin)}`;
  const sampledPairs = new Set([...sampled].map(([, query, latin]) => pairOf(query as string, latin as string)));
  const out: Array<[string, string]> = [];
  for (const row of usable) {
    const [, query, latin, sourceId] = row as [string, string, string, string];
    if (sampled.has(row) || sampledPairs.has(pairOf(query, latin)) || isHeldOut(sourceId)) continue;
    const han = query.trim();
    const letters = latinLetters(latin);
    if (!/^\p{Script=Han}+$/u.test(han) || letters === '') continue;
    const chars = [...han];
    // A word of more letters than its characters can write, or fewer than one a character, is misaligned.
    if (letters.length > chars.length * MAX_SEGMENT || letters.length < chars.length) continue;
    out.push([han, letters]);
  }
  return out;
}

type Table = Map<string, Map<string, number>>;

function prob(table: Table, ch: string, seg: string): number {
  return table.get(ch)?.get(seg) ?? 0;
}

/** One EM round: expected counts of (character, run) under `table` (undefined: uniform). */
function expectedCounts(rows: ReadonlyArray<[string, string]>, table: Table | undefined): Table {
  const counts: Table = new Map();
  const uniform = 1 / (MAX_SEGMENT + 1);
  for (const [han, latin] of rows) {
    const chars = [...han];
    const n = chars.length;
    const m = latin.length;
    const p = (i: number, a: number, b: number): number =>
      table === undefined ? uniform : prob(table, chars[i] as string, latin.slice(a, b));
    // forward[i][j]: probability that the first i characters write the first j letters.
    const forward = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
    const backward = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
    (forward[0] as Float64Array)[0] = 1;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= m; j++) {
        const f = (forward[i] as Float64Array)[j] as number;
        if (f === 0) continue;
        for (let k = MIN_SEGMENT; k <= MAX_SEGMENT && j + k <= m; k++) {
          (forward[i + 1] as Float64Array)[j + k] += f * p(i, j, j + k);
        }
      }
    }
    const total = (forward[n] as Float64Array)[m] as number;
    if (!(total > 0)) continue;
    (backward[n] as Float64Array)[m] = 1;
    for (let i = n - 1; i >= 0; i--) {
      for (let j = 0; j <= m; j++) {
        let b = 0;
        for (let k = MIN_SEGMENT; k <= MAX_SEGMENT && j + k <= m; k++) {
          b += p(i, j, j + k) * ((backward[i + 1] as Float64Array)[j + k] as number);
        }
        (backward[i] as Float64Array)[j] = b;
      }
    }
    for (let i = 0; i < n; i++) {
      const ch = chars[i] as string;
      let own = counts.get(ch);
      if (own === undefined) counts.set(ch, (own = new Map()));
      for (let j = 0; j <= m; j++) {
        const f = (forward[i] as Float64Array)[j] as number;
        if (f === 0) continue;
        for (let k = MIN_SEGMENT; k <= MAX_SEGMENT && j + k <= m; k++) {
          const w = (f * p(i, j, j + k) * ((backward[i + 1] as Float64Array)[j + k] as number)) / total;
          if (w === 0) continue;
          const seg = latin.slice(j, j + k);
          own.set(seg, (own.get(seg) ?? 0) + w);
        }
      }
    }
  }
  return counts;
}

function normalised(counts: Table): Table {
  const out: Table = new Map();
  for (const [ch, segs] of counts) {
    let sum = 0;
    for (const c of segs.values()) sum += c;
    out.set(ch, new Map([...segs].map(([seg, c]) => [seg, c / sum])));
  }
  return out;
}

/** The kept runs of each character with their expected counts, rounded, most frequent first. */
export function learn(rows: ReadonlyArray<[string, string]>): Array<[string, Array<[string, number]>]> {
  const rowsOf = new Map<string, number>();
  for (const [han] of rows) for (const ch of new Set(han)) rowsOf.set(ch, (rowsOf.get(ch) ?? 0) + 1);
  let table: Table | undefined;
  let counts: Table = new Map();
  for (let round = 0; round < ITERATIONS; round++) {
    counts = expectedCounts(rows, table);
    table = normalised(counts);
  }
  const out: Array<[string, Array<[string, number]>]> = [];
  for (const [ch, segs] of counts) {
    if ((rowsOf.get(ch) ?? 0) < MIN_ROWS) continue;
    let sum = 0;
    for (const c of segs.values()) sum += c;
    const kept = [...segs]
      .map(([seg, c]) => [seg, Math.round(c)] as [string, number])
      .filter(([, c]) => c >= MIN_COUNT && c >= sum * MIN_SHARE)
      .sort(([sa, a], [sb, b]) => b - a || (sa < sb ? -1 : sa > sb ? 1 : 0));
    if (kept.length > 0) out.push([ch, kept]);
  }
  return out.sort(([a], [b]) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
}

/** How often each letter a to z occurs in the rows' Latin tokens, for a background model of Latin names. */
export function letterCounts(rows: ReadonlyArray<[string, string]>): number[] {
  const counts = new Array<number>(26).fill(0);
  for (const [, latin] of rows) for (const ch of latin) (counts[ch.charCodeAt(0) - 97] as number)++;
  return counts;
}

/** The generated module's text. */
export function render(learned: Array<[string, Array<[string, number]>]>, letters: number[]): string {
  const lines = learned.map(
    ([ch, segs]) => `  ${ch}${segs.map(([seg, c]) => ` ${seg === '' ? '-' : seg}:${c}`).join('')}`,
  );
  return (
    '// Generated by scripts/han-segments.ts from the rows of wd_chinese_tokens.tsv (Wikidata, CC0) that the name\n' +
    '// evaluation never samples (see that script): LEARNED FROM DATA, not hand-written. Do not edit; regenerate.\n' +
    '// Each line: a Han character, then the runs of Latin letters it writes with their counts (- is no letter).\n' +
    'export const HAN_SEGMENT_TABLE = `\n' +
    lines.join('\n') +
    '\n`;\n' +
    "// How often each letter a to z occurs in the same rows' Latin tokens.\n" +
    'export const HAN_LATIN_LETTERS = `\n' +
    [0, 13]
      .map(
        (from) =>
          `  ${letters
            .slice(from, from + 13)
            .map((c, k) => `${String.fromCharCode(97 + from + k)}:${c}`)
            .join(' ')}\n`,
      )
      .join('') +
    '`;\n'
  );
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''));
if (isMain) {
  const path =
    process.argv[2] ?? new URL('../../../../shared/datasets/names/wd_chinese_tokens.tsv', import.meta.url).pathname;
  const rows = trainingRows(readFileSync(path, 'utf8'));
  process.stdout.write(render(learn(rows), letterCounts(rows)));
}
