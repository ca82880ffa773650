/**
 * Precision and recall of name screening on the labelled sets in test-fixtures/names, against the OFAC SDN list
 * of 2023-12-28, by script and by romanisation system, at the default policy's HOLD threshold.
 *
 * A query counts as flagged when its decision has a name hit. A flagged designee query is a true positive when
 * the expected entity is among its hits (otherwise it is a false positive as well as a miss); a flagged ordinary
 * name is a false positive.
 *
 * The labelled set was written while the matcher was tuned, so it flatters it. A second, held-out check uses the
 * list's own a.k.a. spellings of individuals (written by OFAC, not here): each strong alias is screened against
 * a snapshot of primary names only. Some aliases are other names altogether (maiden names, noms de guerre), so
 * that recall has a ceiling below 100%.
 *
 * Per script (`--sets`, the default runs both parts): the development sets in ../shared/datasets/names, and for
 * Greek (which they lack) the project's own in test-fixtures/names (its README says how they were written). Each pair
 * (a name in its script, the Latin name it must match) becomes a listed individual added to the full OFAC SDN
 * list; the query in its script counts as found when that individual is the best name hit and the decision is at
 * least HOLD. Ordinary names (yente negatives) are screened against the OFAC SDN list alone; anything but ALLOW
 * is a false hit. Every set is split by a hash of its source id into a development part (tuned on) and a
 * held-out part (never looked at while tuning), reported side by side.
 *
 *   npx tsx packages/screening-core/bench/name-eval.ts            # labelled fixtures, then the per-script sets
 *   npx tsx packages/screening-core/bench/name-eval.ts --sets     # only the per-script sets
 *   npx tsx packages/screening-core/bench/name-eval.ts --fixtures # only the labelled fixtures
 *
 * EVAL_SCRIPTS=Hang,Hang-1w limits the per-script sets to those rows; EVAL_DUMP=1 lists the development misses (with the
 * pair's own score / the best score and the decision) and false hits; EVAL_PAIRS=N takes N pairs a set instead of 1000.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import { detectScript } from '@cordon/matching';
import { buildSnapshot, DEFAULT_POLICY, screen, type Snapshot } from '../src/index.js';

interface Designee {
  entityId: string;
  dob?: string;
  queries: Array<{ system: string; name: string }>;
}

interface Labelled {
  name: string;
  /** The entity the name belongs to; undefined for ordinary names. */
  entityId?: string;
  dob?: string;
  group: string;
}

interface Tally {
  queries: number;
  positives: number;
  truePositives: number;
  flagged: number;
  falsePositives: number;
}

const FIXTURES = new URL('../test-fixtures/names/', import.meta.url);
const DATASET = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;

function read<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as T;
}

function labelledSet(): Labelled[] {
  const { designees } = read<{ designees: Designee[] }>('designees.json');
  const { names } = read<{ names: Array<{ name: string }> }>('ordinary.json');
  return [
    ...designees.flatMap((d) =>
      d.queries.map((q) => ({ name: q.name, entityId: d.entityId, ...(d.dob ? { dob: d.dob } : {}), group: q.system })),
    ),
    ...names.map((n) => ({ name: n.name, group: 'ordinary' })),
  ];
}

function tallyOf(): Tally {
  return { queries: 0, positives: 0, truePositives: 0, flagged: 0, falsePositives: 0 };
}

function count(tallies: Map<string, Tally>, key: string, item: Labelled, hits: string[]): void {
  const tally = tallies.get(key) ?? tallyOf();
  tallies.set(key, tally);
  const flagged = hits.length > 0;
  const correct = item.entityId !== undefined && hits.includes(item.entityId);
  tally.queries++;
  if (item.entityId !== undefined) tally.positives++;
  if (correct) tally.truePositives++;
  if (flagged) tally.flagged++;
  if (flagged && !correct) tally.falsePositives++;
}

function evaluate(snapshot: Snapshot, items: Labelled[], withDob: boolean): [Map<string, Tally>, Map<string, Tally>] {
  const byScript = new Map<string, Tally>();
  const bySystem = new Map<string, Tally>();
  for (const item of items) {
    const customer = { name: item.name, ...(withDob && item.dob ? { dob: item.dob } : {}) };
    const decision = screen({ id: 'eval', customer }, snapshot, DEFAULT_POLICY);
    const hits = decision.hits.filter((h) => h.kind === 'name').map((h) => h.entityId);
    for (const [map, key] of [
      [byScript, detectScript(item.name)],
      [bySystem, item.group],
      [byScript, 'all'],
    ] as const) {
      count(map, key, item, hits);
    }
  }
  return [byScript, bySystem];
}

function ratio(a: number, b: number): string {
  return b === 0 ? '   -  ' : `${((a / b) * 100).toFixed(1).padStart(5)}%`;
}

function print(title: string, tallies: Map<string, Tally>): void {
  console.log(`\n${title}`);
  console.log('  group        queries  designees  flagged   FP   precision  recall');
  const order = (a: string, b: string): number => (a === 'all' ? 1 : b === 'all' ? -1 : a < b ? -1 : 1);
  for (const [key, t] of [...tallies.entries()].sort(([a], [b]) => order(a, b))) {
    console.log(
      `  ${key.padEnd(12)} ${String(t.queries).padStart(7)}  ${String(t.positives).padStart(9)}` +
        `  ${String(t.flagged).padStart(7)}  ${String(t.falsePositives).padStart(3)}   ${ratio(t.truePositives, t.flagged)}` +
        `     ${ratio(t.truePositives, t.positives)}`,
    );
  }
}

/** Strong a.k.a. names of individuals, screened against primary names only. */
function heldOut(entities: readonly SanctionedEntity[], version: string): void {
  const primaries = entities.map((e) => ({ ...e, names: e.names.slice(0, 1) }));
  const snapshot = buildSnapshot([{ source: 'ofac-sdn', version, entities: primaries }]);
  const tallies = new Map<string, Tally>();
  for (const entity of entities.filter((e) => e.type === 'individual')) {
    for (const alias of entity.names.slice(1).filter((n) => n.strength === 'strong')) {
      const decision = screen({ id: 'eval', customer: { name: alias.full } }, snapshot, DEFAULT_POLICY);
      const hits = decision.hits.filter((h) => h.kind === 'name').map((h) => h.entityId);
      const item = { name: alias.full, entityId: entity.id, group: 'aka' };
      count(tallies, detectScript(alias.full), item, hits);
      count(tallies, 'all', item, hits);
    }
  }
  print('held out: OFAC a.k.a. spellings of individuals against primary names only', tallies);
}

const NAME_SETS = new URL('../../../../shared/datasets/names/', import.meta.url);
// Pair files and the script their queries are counted under (the file's, not the row's: a few rows are mixed).
// Greek has no shared set: the project's own (test-fixtures/names/README.md says how they were written).
const PAIR_FILES: ReadonlyArray<readonly [string, string, URL?]> = [
  ['wd_russian_tokens.tsv', 'Cyrl'],
  ['greek-pairs.tsv', 'Grek', FIXTURES],
  ['un_original_script.tsv', 'un'],
  ['wd_arabic_tokens.tsv', 'Arab'],
  ['wd_hebrew_full.tsv', 'Hebr'],
  ['wd_chinese_tokens.tsv', 'Hani'],
  ['wd_korean_full.tsv', 'Hang'],
  ['wd_japanese_tokens.tsv', 'Jpan'],
  ['wd_katakana_tokens.tsv', 'Kana'],
];
const NEGATIVE_FILES: ReadonlyArray<readonly [string, URL?]> = [
  ['yente_negatives_global.tsv'],
  ['yente_negatives_us.tsv'],
  ['greek-ordinary.tsv', FIXTURES],
];
const PAIRS_PER_FILE = Number(process.env.EVAL_PAIRS ?? 1000);
const ONLY_ROWS = process.env.EVAL_SCRIPTS ? new Set(process.env.EVAL_SCRIPTS.split(',')) : undefined;

function wanted(row: string): boolean {
  return ONLY_ROWS === undefined || ONLY_ROWS.has(row);
}

/** One in four rows (by a hash of its source id, so stable across samples) is held out of tuning. */
function isHeldOut(sourceId: string): boolean {
  return (createHash('sha256').update(sourceId).digest()[0] as number) % 4 === 0;
}

function tsv(file: string, base: URL = NAME_SETS): string[][] {
  return readFileSync(new URL(file, base), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

interface Pair {
  set: string;
  script: string;
  query: string;
  latin: string;
  heldOut: boolean;
  entityId: string;
}

/** Every `step`-th usable row of each pair file, up to PAIRS_PER_FILE, deterministic. */
function pairs(): Pair[] {
  const out: Pair[] = [];
  for (const [file, fileScript, base] of PAIR_FILES) {
    const rows = tsv(file, base).filter(([, query, latin]) => /\p{L}/u.test(query ?? '') && /\p{L}/u.test(latin ?? ''));
    const step = Math.max(1, Math.floor(rows.length / PAIRS_PER_FILE));
    for (let i = 0; i < rows.length && out.length < PAIRS_PER_FILE * PAIR_FILES.length; i += step) {
      const [rowScript, query, latin, sourceId] = rows[i] as [string, string, string, string];
      if (out.filter((p) => p.set === file).length >= PAIRS_PER_FILE) break;
      const script = fileScript === 'un' ? `${rowScript}-UN` : fileScript;
      out.push({ set: file, script, query, latin, heldOut: isHeldOut(sourceId), entityId: `eval-${out.length}` });
    }
  }
  return out;
}

function pairEntity(pair: Pair): SanctionedEntity {
  return {
    source: 'ofac-sdn',
    id: pair.entityId,
    type: 'individual',
    names: [{ full: pair.latin, kind: 'primary', strength: 'strong', script: 'Latn' }],
    birthDates: [],
    placesOfBirth: [],
    nationalities: [],
    citizenships: [],
    addresses: [],
    identifiers: [],
    programs: [],
    digitalCurrencyAddresses: [],
    flags: [],
  };
}

interface ScriptTally {
  dev: [number, number];
  heldOut: [number, number];
}

function bump(map: Map<string, ScriptTally>, key: string, heldOut: boolean, hit: boolean): void {
  const t = map.get(key) ?? { dev: [0, 0], heldOut: [0, 0] };
  map.set(key, t);
  const side = heldOut ? t.heldOut : t.dev;
  side[0] += hit ? 1 : 0;
  side[1] += 1;
}

function printScripts(title: string, what: string, map: Map<string, ScriptTally>): void {
  console.log(`\n${title}`);
  console.log(`  script   dev ${what.padEnd(18)} held-out ${what}`);
  for (const [key, t] of [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const cell = ([a, b]: [number, number]): string => `${ratio(a, b)} (${a}/${b})`.padEnd(22);
    console.log(`  ${key.padEnd(8)} ${cell(t.dev)} ${cell(t.heldOut)}`);
  }
}

/** The words of a Latin name, as a sorted list: lower case, without marks and apostrophes (AL-TA'I is AL-TAI). */
function wordsOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['\u2019\u02bc`]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .sort()
    .join(' ');
}

function sameWords(a: string, b: string): boolean {
  return wordsOf(a) === wordsOf(b);
}

/** Per-script recall on the pair sets (added to the full OFAC list) and false hits of ordinary names. */
function scriptSets(list: { entities: SanctionedEntity[]; contentHash: string }, snapshot: Snapshot): void {
  const sample = pairs();
  const withPairs = buildSnapshot([
    { source: 'ofac-sdn', version: list.contentHash, entities: [...list.entities, ...sample.map(pairEntity)] },
  ]);
  const recall = new Map<string, ScriptTally>();
  const misses: string[] = [];
  for (const pair of sample) {
    if (!wanted(pair.script)) continue;
    const decision = screen({ id: 'eval', customer: { name: pair.query } }, withPairs, DEFAULT_POLICY);
    const names = decision.hits.filter((h) => h.kind === 'name');
    const best = names[0];
    // A listed entity with the very same name (the UN designee OFAC lists too) ties with the pair's entity, or
    // scores a little above it where it is listed as surname and given names (AL-UBAIDI, Yahia Abdallah for the UN's
    // YAHIA ABDALLAH AL-UBAIDI): the pair is found when its entity is among the best-scoring hits, or a best hit's
    // name is the pair's written the same (word order, case, punctuation and apostrophes aside).
    const found =
      decision.decision !== 'ALLOW' &&
      names.some((h) => h.score === best?.score && (h.entityId === pair.entityId || sameWords(h.matched, pair.latin)));
    bump(recall, pair.script, pair.heldOut, found);
    if (!found && !pair.heldOut) {
      const own = names.find((h) => h.entityId === pair.entityId);
      const scores = `${own ? own.score.toFixed(3) : '-'}/${best ? best.score.toFixed(3) : '-'} ${decision.decision}`;
      misses.push(`${pair.script}\t${pair.query}\t${pair.latin}\t${best?.matched ?? '-'}\t${scores}`);
    }
  }
  printScripts(
    `per script: recall (the pair's entity is the best hit, decision >= HOLD), ${PAIRS_PER_FILE} pairs a set, full OFAC SDN`,
    'recall',
    recall,
  );
  const falseHits = new Map<string, ScriptTally>();
  const flagged: string[] = [];
  for (const [file, base] of NEGATIVE_FILES) {
    for (const [script, name, sourceId] of tsv(file, base) as Array<[string, string, string]>) {
      // Chinese and Korean names are as often written as one word, family name first (王晨 for 晨 王): the names
      // of those scripts are also screened so.
      const words = name.trim().split(/\s+/);
      const joined =
        words.length > 1 && /^[\p{Script=Han}\p{Script=Hangul}\s]+$/u.test(name)
          ? [words[words.length - 1], ...words.slice(0, -1)].join('')
          : undefined;
      for (const [row, text] of [[script, name], ...(joined ? [[`${script}-1w`, joined]] : [])] as const) {
        if (!wanted(row)) continue;
        const decision = screen({ id: 'eval', customer: { name: text } }, snapshot, DEFAULT_POLICY);
        const held = decision.decision !== 'ALLOW';
        bump(falseHits, row, isHeldOut(sourceId), held);
        if (held && !isHeldOut(sourceId)) flagged.push(`${row}\t${text}\t${decision.hits[0]?.matched ?? ''}`);
      }
    }
  }
  printScripts('per script: ordinary names held or blocked against the full OFAC SDN list', 'false hits', falseHits);
  if (process.env.EVAL_DUMP) {
    console.log('\ndevelopment misses:\n' + misses.join('\n'));
    console.log('\ndevelopment false hits:\n' + flagged.join('\n'));
  }
}

async function main(): Promise<void> {
  const list = await loadList('ofac-csv', DATASET);
  const snapshot = buildSnapshot([list]);
  const only = process.argv[2];
  if (only !== '--fixtures') scriptSets(list, snapshot);
  if (only === '--sets') return;
  const items = labelledSet();
  console.log(
    `labelled set: ${items.filter((i) => i.entityId).length} designee queries, ` +
      `${items.filter((i) => !i.entityId).length} ordinary names; OFAC SDN 2023-12-28; ` +
      `HOLD at ${DEFAULT_POLICY.name.holdAt}`,
  );
  for (const withDob of [false, true]) {
    const [byScript, bySystem] = evaluate(snapshot, items, withDob);
    const how = withDob ? 'name + listed date of birth (where the fixture has one)' : 'name only';
    print(`by script, ${how}`, byScript);
    print(`by romanisation system, ${how}`, bySystem);
  }
  heldOut(list.entities, list.contentHash);
}

await main();
