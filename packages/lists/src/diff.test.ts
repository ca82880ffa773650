import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLists } from './diff.js';
import { finishEntity, newEntity } from './entity.js';
import type { SanctionedEntity } from './model.js';
import { makeName } from './names.js';

function entity(id: string, name: string, programs: string[] = ['SDGT']): SanctionedEntity {
  const draft = newEntity('ofac-sdn', id, 'entity');
  draft.names.push(makeName(name, 'primary')!);
  draft.programs.push(...programs);
  return finishEntity(draft);
}

describe('diffLists', () => {
  it('reports added, removed and changed entities with the fields that changed', () => {
    const from = [entity('1', 'ALPHA'), entity('2', 'BETA'), entity('3', 'GAMMA')];
    const to = [entity('3', 'GAMMA', ['SDGT', 'IRGC']), entity('4', 'DELTA'), entity('1', 'ALPHA')];
    const delta = diffLists(from, to);
    expect(delta.added.map((e) => e.id)).toEqual(['4']);
    expect(delta.removed.map((e) => e.id)).toEqual(['2']);
    expect(delta.changed.map((c) => [c.id, c.fields])).toEqual([['3', ['programs']]]);
    expect(delta.unchanged).toBe(1);
  });

  it('notices an optional field that appears or disappears', () => {
    const plain = entity('1', 'ALPHA');
    const remarked = { ...plain, remarks: 'new remark' };
    expect(diffLists([plain], [remarked]).changed[0]?.fields).toEqual(['remarks']);
    expect(diffLists([remarked], [plain]).changed[0]?.fields).toEqual(['remarks']);
  });

  it('accounts for every entity exactly once', () => {
    const version = fc.uniqueArray(
      fc.record({ id: fc.stringMatching(/^[0-9]{1,3}$/u), name: fc.constantFrom('A', 'B') }),
      { selector: (r) => r.id, maxLength: 40 },
    );
    fc.assert(
      fc.property(version, version, (a, b) => {
        const from = a.map((r) => entity(r.id, r.name));
        const to = b.map((r) => entity(r.id, r.name));
        const delta = diffLists(from, to);
        expect(delta.removed.length + delta.changed.length + delta.unchanged).toBe(from.length);
        expect(delta.added.length + delta.changed.length + delta.unchanged).toBe(to.length);
        expect(diffLists(to, to)).toMatchObject({ added: [], removed: [], changed: [], unchanged: to.length });
      }),
    );
  });
});
