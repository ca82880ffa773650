import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, permissiveSettings, PolicyError } from './policy.js';
import { policyHash } from './screen.js';

describe('parsePolicy', () => {
  it('fills what a document leaves out from the defaults', () => {
    const policy = parsePolicy({ name: { holdAt: 0.75 } });
    expect(policy.name.holdAt).toBe(0.75);
    expect(policy.name.blockAt).toBe(DEFAULT_POLICY.name.blockAt);
    expect(policy.address.onHit).toBe('BLOCK');
    expect(policy.jurisdiction.codes).toEqual(['CU', 'IR', 'KP', 'SY', 'UA-09', 'UA-14', 'UA-40', 'UA-43']);
  });

  it('normalises jurisdiction codes so equal policies hash equal', () => {
    const a = parsePolicy({ jurisdiction: { codes: ['ir', 'CU', 'IR'] } });
    const b = parsePolicy({ jurisdiction: { codes: ['CU', 'IR'] } });
    expect(a.jurisdiction.codes).toEqual(['CU', 'IR']);
    expect(policyHash(a)).toBe(policyHash(b));
    expect(policyHash(a)).not.toBe(policyHash(DEFAULT_POLICY));
  });

  it('hashes the same policy the same whatever the key order of the document', () => {
    const a = parsePolicy({ name: { holdAt: 0.7, blockAt: 0.9 }, address: { onHit: 'HOLD' } });
    const b = parsePolicy({ address: { onHit: 'HOLD' }, name: { blockAt: 0.9, holdAt: 0.7 } });
    expect(policyHash(a)).toBe(policyHash(b));
  });

  it('rejects documents it cannot use, naming the field', () => {
    const bad: Array<[unknown, string]> = [
      [[], '(root)'],
      [{ name: { holdAt: 2 } }, 'name.holdAt'],
      [{ name: { holdAt: 0.9, blockAt: 0.8 } }, 'name.blockAt'],
      [{ name: { maxHits: 0 } }, 'name.maxHits'],
      [{ address: { onHit: 'DROP' } }, 'address.onHit'],
      [{ jurisdiction: { codes: ['Iran'] } }, 'jurisdiction.codes'],
      [{ jurisdiction: 'IR' }, 'jurisdiction'],
    ];
    for (const [doc, field] of bad) {
      expect(() => parsePolicy(doc)).toThrow(PolicyError);
      try {
        parsePolicy(doc);
      } catch (error) {
        expect((error as PolicyError).field).toBe(field);
      }
    }
  });

  it('reads the maximum list age, 48 hours by default, and refuses one that cannot be', () => {
    expect(DEFAULT_POLICY.lists.maxAgeHours).toBe(48);
    expect(parsePolicy({ lists: { maxAgeHours: 6 } }).lists.maxAgeHours).toBe(6);
    expect(() => parsePolicy({ lists: { maxAgeHours: 0 } })).toThrow(PolicyError);
    expect(() => parsePolicy({ lists: { maxAgeHours: '24' } })).toThrow(/lists.maxAgeHours/);
  });

  it('refuses unknown keys rather than falling back to the default', () => {
    const typos: Array<[unknown, string]> = [
      [{ adress: { onHit: 'HOLD' } }, 'adress'],
      [{ name: { hold_at: 0.95 } }, 'name.hold_at'],
      [{ jurisdiction: { code: [] } }, 'jurisdiction.code'],
      [{ lists: { maxAge: 999 } }, 'lists.maxAge'],
    ];
    for (const [doc, field] of typos) {
      expect(() => parsePolicy(doc)).toThrow(new RegExp(`policy ${field.replace('.', '\\.')}: unknown key`));
    }
  });
});

describe('permissiveSettings', () => {
  it('finds nothing in the default or in a stricter policy', () => {
    expect(permissiveSettings(DEFAULT_POLICY)).toEqual([]);
    const stricter = parsePolicy({
      name: { holdAt: 0.7, blockAt: 0.9, blockRequiresDob: false },
      jurisdiction: { codes: [...DEFAULT_POLICY.jurisdiction.codes, 'BY'], onHit: 'BLOCK' },
      lists: { maxAgeHours: 12 },
      address: { onHit: 'HOLD' },
    });
    expect(permissiveSettings(stricter)).toEqual([]);
  });

  it('names every setting that lets through what the default stops', () => {
    const lax = parsePolicy({
      address: { onHit: 'ALLOW' },
      name: { holdAt: 0.9 },
      jurisdiction: { codes: ['CU', 'KP'], onHit: 'ALLOW' },
      lists: { maxAgeHours: 24 * 30 },
    });
    const found = permissiveSettings(lax);
    expect(found).toHaveLength(5);
    expect(found.join('\n')).toMatch(/address\.onHit is ALLOW/);
    expect(found.join('\n')).toMatch(/jurisdiction\.codes leaves out IR, SY, UA-09, UA-14, UA-40, UA-43/);
    expect(permissiveSettings(parsePolicy({ jurisdiction: { codes: [] } }))).toHaveLength(1);
  });
});
