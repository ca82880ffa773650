/**
 * Screening core benchmark on the full OFAC SDN 2023-12-28 CSV set (names and aliases), one core:
 * snapshot build time and memory, address screens per second, name screens per second with p50/p99 latency,
 * and whole decisions (hashed) per second.
 *
 * Name screening is warmed up first, as the screening service does before its first snapshot takes traffic
 * (warm-up.ts: made-up names, then forgotten); `--no-warm-up` leaves that out, to see a process's very first screens.
 *
 *   npx tsx packages/screening-core/bench/screen.bench.ts [--no-warm-up]
 */
import { readFileSync } from 'node:fs';
import { loadList } from '@cordon/lists';
import { detectScript } from '@cordon/matching';
import {
  warmUp,
  buildSnapshot,
  matchAddress,
  planKeys,
  screen,
  screenNames,
  DEFAULT_POLICY,
  type Withdrawal,
} from '../src/index.js';

const DATASET = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;
const FIXTURES = new URL('../test-fixtures/names/', import.meta.url);
const NAME_SETS = new URL('../../../../shared/datasets/names/', import.meta.url);

/** Column `column` of every `step`-th row of a development set (../shared/datasets/names), header skipped. */
function namesFrom(file: string, column: number, step: number): string[] {
  return readFileSync(new URL(file, NAME_SETS), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line, i) => line.trim() !== '' && i % step === 0)
    .map((line) => line.split('\t')[column] as string);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Runs `fn` over `inputs` for at least `seconds`, returns calls per second. */
function throughput<T>(inputs: readonly T[], seconds: number, fn: (input: T) => unknown): number {
  let calls = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (const input of inputs) fn(input);
    calls += inputs.length;
  }
  return (calls / (performance.now() - start)) * 1000;
}

/** Times each call separately, returns sorted latencies in ms. */
function latencies<T>(inputs: readonly T[], fn: (input: T) => unknown): Float64Array {
  const out = new Float64Array(inputs.length);
  inputs.forEach((input, i) => {
    const start = performance.now();
    fn(input);
    out[i] = performance.now() - start;
  });
  return out.sort();
}

// A deterministic shuffle (no randomness in figures that should be comparable run to run).
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function unlistedEvm(i: number): string {
  return `0x${i.toString(16).padStart(8, '0').repeat(5)}`;
}

async function main(): Promise<void> {
  const loadStart = performance.now();
  const list = await loadList('ofac-csv', DATASET);
  const loadMs = performance.now() - loadStart;
  const rssBefore = process.memoryUsage().rss;
  const buildStart = performance.now();
  const snapshot = buildSnapshot([list]);
  const buildMs = performance.now() - buildStart;
  global.gc?.();
  const rssAfter = process.memoryUsage().rss;
  console.log(
    `list: ${list.entities.length} entities, ${snapshot.names.size} names and aliases (load ${loadMs.toFixed(0)} ms)`,
  );
  console.log(`snapshot build: ${buildMs.toFixed(0)} ms; RSS ${mb(rssBefore)} -> ${mb(rssAfter)}`);

  // Addresses: every listed address in its written forms, plus as many unlisted ones (most real traffic).
  const listed = list.entities.flatMap((e) =>
    e.digitalCurrencyAddresses.flatMap((a) =>
      /^0x/i.test(a.address)
        ? [
            { address: a.address, ticker: 'USDT' },
            { address: a.address.toLowerCase(), ticker: a.ticker },
          ]
        : [{ address: a.address, ticker: a.ticker }],
    ),
  );
  const unlisted = listed.map((_, i) => ({ address: unlistedEvm(i), ticker: 'ETH' }));
  const addressMix = shuffled([...listed, ...unlisted]);
  // Cold: every address canonicalised by @cordon/addresses, as for an address never seen before.
  const cold = throughput(addressMix, 2, (ref) => {
    for (const { key } of planKeys(ref.ticker, ref.address)) if (snapshot.addressKeys.has(key)) break;
  });
  throughput(addressMix, 0.5, (ref) => matchAddress(snapshot, ref));
  const lookups = throughput(addressMix, 2, (ref) => matchAddress(snapshot, ref));
  const hitsOnly = throughput(listed, 1, (ref) => matchAddress(snapshot, ref));
  console.log(
    `address screens (${addressMix.length} addresses, half listed): ${lookups.toFixed(0)}/s with canonical keys ` +
      `memoised (listed only: ${hitsOnly.toFixed(0)}/s); cold, canonicalising every time: ${cold.toFixed(0)}/s`,
  );
  const addressWithdrawals: Withdrawal[] = addressMix.map((destination, i) => ({ id: `a${i}`, destination }));
  const addressDecisions = throughput(addressWithdrawals, 2, (w) => screen(w, snapshot));
  console.log(`address decisions (full screen(), hashed): ${addressDecisions.toFixed(0)}/s`);

  // Names: labelled designee variants, ordinary names and their recombinations (distinct full names).
  const designees = JSON.parse(readFileSync(new URL('designees.json', FIXTURES), 'utf8')) as {
    designees: Array<{ queries: Array<{ name: string }> }>;
  };
  const ordinary = JSON.parse(readFileSync(new URL('ordinary.json', FIXTURES), 'utf8')) as {
    names: Array<{ name: string }>;
  };
  const base = [
    ...designees.designees.flatMap((d) => d.queries.map((q) => q.name)),
    ...ordinary.names.map((n) => n.name),
  ];
  const words = base.flatMap((n) => n.split(' '));
  const combined = Array.from(
    { length: 8000 },
    (_, i) => `${words[(i * 7) % words.length]} ${words[(i * 13 + 5) % words.length]}`,
  );
  const names = shuffled([...base, ...combined]).map((name, i) => ({
    name,
    ...(i % 2 === 0 ? { dob: `19${String(50 + (i % 50))}-0${1 + (i % 9)}-1${i % 10}` } : {}),
  }));
  const nameScreen = (customer: { name: string; dob?: string }) => screenNames(snapshot, customer, DEFAULT_POLICY);
  if (process.argv.includes('--no-warm-up')) {
    console.log('start-up warm-up: left out (--no-warm-up)');
  } else {
    const warmStart = performance.now();
    const warm = warmUp(snapshot);
    const warmMs = performance.now() - warmStart;
    console.log(`start-up warm-up: ${warm.screens} made-up names in ${warmMs.toFixed(0)} ms (then forgotten)`);
  }
  // First pass: every word is new to the query memos (analysis, near keys, similarities computed afresh).
  const coldStart = performance.now();
  const coldNames = latencies(names, nameScreen);
  const coldRate = (names.length / (performance.now() - coldStart)) * 1000;
  console.log(
    `name screens, first pass (cold memos): ${coldRate.toFixed(0)}/s; ` +
      `p50 ${percentile(coldNames, 0.5).toFixed(3)} ms, p99 ${percentile(coldNames, 0.99).toFixed(3)} ms`,
  );
  throughput(names, 1, nameScreen);
  const nameRate = throughput(names, 3, nameScreen);
  const lat = latencies(names, nameScreen);
  console.log(
    `name screens (${names.length} distinct names, half with DOB): ${nameRate.toFixed(0)}/s; ` +
      `p50 ${percentile(lat, 0.5).toFixed(3)} ms, p99 ${percentile(lat, 0.99).toFixed(3)} ms, max ${percentile(lat, 1).toFixed(3)} ms`,
  );

  // Names in many scripts, as customers write them: ordinary names (Arabic, Chinese, Korean, Devanagari, Thai,
  // Cyrillic, Latin, ...) and names in the scripts of the cross-script sets; cold first, then warm.
  const scripts = shuffled([
    ...namesFrom('yente_negatives_global.tsv', 1, 4),
    ...['wd_arabic_tokens.tsv', 'wd_chinese_tokens.tsv', 'wd_hebrew_full.tsv', 'wd_katakana_tokens.tsv']
      .concat(['wd_korean_full.tsv', 'wd_russian_tokens.tsv'])
      .flatMap((file) => namesFrom(file, 1, 40)),
  ]).map((name) => ({ name }));
  const scriptsStart = performance.now();
  const coldScripts = new Float64Array(scripts.length);
  const coldByScript = new Map<string, { ms: number; names: number }>();
  scripts.forEach((customer, i) => {
    const start = performance.now();
    nameScreen(customer);
    const ms = performance.now() - start;
    coldScripts[i] = ms;
    const script = detectScript(customer.name);
    const tally = coldByScript.get(script) ?? { ms: 0, names: 0 };
    coldByScript.set(script, { ms: tally.ms + ms, names: tally.names + 1 });
  });
  coldScripts.sort();
  const scriptsRate = (scripts.length / (performance.now() - scriptsStart)) * 1000;
  throughput(scripts, 1, nameScreen);
  const warmScripts = throughput(scripts, 3, nameScreen);
  const warmLat = latencies(scripts, nameScreen);
  console.log(
    `name screens in many scripts (${scripts.length} names), first pass: ${scriptsRate.toFixed(0)}/s, ` +
      `p50 ${percentile(coldScripts, 0.5).toFixed(3)} ms, p99 ${percentile(coldScripts, 0.99).toFixed(3)} ms; ` +
      `warm: ${warmScripts.toFixed(0)}/s, p50 ${percentile(warmLat, 0.5).toFixed(3)} ms, ` +
      `p99 ${percentile(warmLat, 0.99).toFixed(3)} ms`,
  );
  console.log(
    `name screens in many scripts, first pass, mean by script: ${[...coldByScript.entries()]
      .filter(([, t]) => t.names >= 50)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([script, t]) => `${script} ${(t.ms / t.names).toFixed(3)} ms`)
      .join(', ')}`,
  );
  const nameWithdrawals: Withdrawal[] = names.map((customer, i) => ({ id: `n${i}`, customer }));
  const nameDecisions = throughput(nameWithdrawals, 2, (w) => screen(w, snapshot));
  console.log(`name decisions (full screen(), hashed): ${nameDecisions.toFixed(0)}/s`);
  console.log(`RSS at end: ${mb(process.memoryUsage().rss)}`);
}

await main();
