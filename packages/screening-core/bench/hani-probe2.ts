import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import { buildSnapshot, DEFAULT_POLICY, screen } from '../src/index.js';
const DATASET = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;
const NAME_SETS = '/work/shared/datasets/names/';
const FILES = ['wd_russian_tokens.tsv','un_original_script.tsv','wd_arabic_tokens.tsv','wd_hebrew_full.tsv','wd_chinese_tokens.tsv','wd_korean_full.tsv','wd_japanese_tokens.tsv','wd_katakana_tokens.tsv'];
const held = (id: string) => (createHash('sha256').update(id).digest()[0] as number) % 4 === 0;
const pairs: Array<{ q: string; l: string; id: string; file: string; held: boolean }> = [];
for (const f of FILES) {
  const rows = readFileSync(NAME_SETS + f, 'utf8').split('\n').slice(1).filter((x) => x.trim()).map((x) => x.split('\t')).filter(([, q, l]) => /\p{L}/u.test(q ?? '') && /\p{L}/u.test(l ?? ''));
  const step = Math.max(1, Math.floor(rows.length / 1000));
  let n = 0;
  for (let i = 0; i < rows.length && n < 1000; i += step, n++) {
    const r = rows[i]!;
    pairs.push({ q: r[1]!, l: r[2]!, id: `eval-${pairs.length}`, file: f, held: held(r[3]!) });
  }
}
const list = await loadList('ofac-csv', DATASET);
const ent = (p: (typeof pairs)[number]): SanctionedEntity => ({ source: 'ofac-sdn', id: p.id, type: 'individual', names: [{ full: p.l, kind: 'primary', strength: 'strong', script: 'Latn' }], birthDates: [], placesOfBirth: [], nationalities: [], citizenships: [], addresses: [], identifiers: [], programs: [], digitalCurrencyAddresses: [], flags: [] });
const snap = buildSnapshot([{ source: 'ofac-sdn', version: list.contentHash, entities: [...list.entities, ...pairs.map(ent)] }]);
for (const p of pairs.filter((p) => p.file === 'wd_chinese_tokens.tsv' && !p.held)) {
  const d = screen({ id: 'e', customer: { name: p.q } }, snap, { ...DEFAULT_POLICY, name: { ...DEFAULT_POLICY.name, holdAt: 0.5, maxHits: 50 } } as never);
  const hits = d.hits.filter((h) => h.kind === 'name');
  const own = hits.find((h) => h.entityId === p.id);
  const best = hits[0];
  const ok = own && own.score >= 0.8 && own.score === best?.score;
  if (!ok) console.log(['MISS', p.q, p.l, own ? own.score.toFixed(3) : '-', best ? `${best.matched} ${best.score.toFixed(3)}` : '-'].join('\t'));
}
