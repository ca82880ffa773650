import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadList } from '@cordon/lists';
import { buildSnapshot, screenNames, DEFAULT_POLICY, warmUp } from '../src/index.js';
const list = await loadList('ofac-csv', '/work/shared/datasets/ofac-sdn/2023-12-28');
const snap = buildSnapshot([list]);
console.log('warm', warmUp(snap).ms.toFixed(0));
const files = (process.argv[2] ?? 'wd_russian_tokens.tsv').split(',');
const names = files.flatMap((file) => readFileSync('/work/shared/datasets/names/' + file, 'utf8').split('\n').slice(1).filter((l, i) => l && i % 7 === 0).map((l) => l.split('\t')[1]!).slice(0, 1500));
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
const t = performance.now();
const lat: number[] = [];
for (const n of names) { const a = performance.now(); screenNames(snap, { name: n }, DEFAULT_POLICY); lat.push(performance.now() - a); }
const { profile } = await s.post('Profiler.stop');
writeFileSync('/tmp/prof/warm.cpuprofile', JSON.stringify(profile));
lat.sort((a, b) => a - b);
console.log(files.join(','), names.length, ((performance.now() - t) / names.length).toFixed(3), 'ms mean; p50', lat[Math.floor(lat.length / 2)]!.toFixed(3), 'p99', lat[Math.floor(lat.length * 0.99)]!.toFixed(3));
