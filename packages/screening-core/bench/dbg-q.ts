import { loadList } from '@cordon/lists';
import { buildSnapshot, DEFAULT_POLICY, screen } from '../src/index.js';
const list = await loadList('ofac-csv', '/work/shared/datasets/ofac-sdn/2023-12-28');
const snap = buildSnapshot([list]);
for (const q of process.argv.slice(2)) {
  const d = screen({ id: 'e', customer: { name: q } }, snap, DEFAULT_POLICY);
  console.log(q, d.decision, d.hits.slice(0, 4).map((h) => `${h.matched}:${h.score.toFixed(3)}`).join(' | '));
}
