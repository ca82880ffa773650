import { loadList } from '@cordon/lists';
import { buildSnapshot, DEFAULT_POLICY, screen } from '../src/index.js';
const DATASET = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;
const list = await loadList('ofac-csv', DATASET);
const snap = buildSnapshot([{ source: 'ofac-sdn', version: list.contentHash, entities: list.entities }]);
for (const name of process.argv.slice(2)) {
  const d = screen({ id: 'p', customer: { name } }, snap, DEFAULT_POLICY);
  console.log(name, d.decision, JSON.stringify(d.hits.slice(0, 3).map((h) => [h.matched, h.score])));
}
