import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, entityHash } from './hash.js';
import { newEntity, finishEntity } from './entity.js';
import type { SanctionedEntity } from './model.js';
import { makeName } from './names.js';

function entity(id: string, name: string): SanctionedEntity {
  const draft = newEntity('ofac-sdn', id, 'individual');
  draft.names.push(makeName(name, 'primary')!);
  return finishEntity(draft);
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 'x', y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"z":"x"}]},"b":1}',
    );
  });

  it('writes a member named __proto__ as a member, and never an object without one as its prototype', () => {
    // fast-check found it: [{"__proto__":false},{}] was written [{"__proto__":false},{"__proto__":{...}}].
    const value = JSON.parse('[{"__proto__":false,"b":1},{"a":2}]') as unknown;
    expect(canonicalJson(value)).toBe('[{"__proto__":false,"b":1},{"a":2}]');
    expect(canonicalJson(JSON.parse('{"z":{"__proto__":[1]},"a":{}}'))).toBe('{"a":{},"z":{"__proto__":[1]}}');
  });

  it('is the same for any key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value), function (this: unknown, _k, v: unknown) {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
          return Object.fromEntries(Object.entries(v as object).reverse());
        }) as unknown;
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('entityHash and contentHash', () => {
  it('entityHash is sha256 of the canonical JSON', () => {
    const e = entity('1', 'DOE, John');
    expect(entityHash(e)).toBe(sha256(canonicalJson(e)));
  });

  it('contentHash is sha256 of the canonical JSON array sorted by id, whatever the input order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9]{1,6}$/u), { maxLength: 30 }), fc.nat(), (ids, seed) => {
        const entities = ids.map((id) => entity(id, `NAME ${id}`));
        const sorted = [...entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const rotated = entities.map((_, i) => entities[(i + seed) % entities.length]!).reverse();
        expect(contentHash(rotated)).toBe(sha256(canonicalJson(sorted)));
      }),
    );
  });

  it('changes when any entity changes', () => {
    const a = [entity('1', 'DOE, John'), entity('2', 'ROE, Jane')];
    const b = [entity('1', 'DOE, John'), entity('2', 'ROE, Janet')];
    expect(contentHash(a)).not.toBe(contentHash(b));
  });
});
