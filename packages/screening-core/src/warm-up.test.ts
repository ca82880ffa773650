import { describe, expect, it } from 'vitest';
import { detectScript } from '@cordon/matching';
import {
  buildSnapshot,
  DEFAULT_POLICY,
  screen,
  warmUp,
  warmUpNames,
  warmUpOnce,
  warmUpScreensFor,
  WARM_UP_SCREENS,
} from './index.js';
import { entity } from './test-entities.js';

const entities = [
  entity({ id: '1', names: ['PUTIN, Vladimir Vladimirovich', 'ПУТИН, Владимир'], dob: ['1952-10-07'] }),
  entity({ id: '2', names: ['KIM, Jong Un', '김정은'] }),
  entity({ id: '3', names: ['AL-BAGHDADI, Abu Bakr'] }),
  entity({ id: '4', names: ['XI, Ming', '习明'] }),
];
const snapshotOf = () => buildSnapshot([{ source: 'ofac-sdn', version: 'v1', entities }]);
const queries = ['Vladimir Putin', 'Владимир Путин', '김정은', 'Kim Jong-un', 'أبو بكر البغدادي', '习明', 'Anna Berg'];

describe('the start-up warm-up', () => {
  it('makes up the same names every time, in every script the matcher reads', () => {
    const names = warmUpNames(1300);
    expect(warmUpNames(1300)).toEqual(names);
    expect(new Set(names).size).toBeGreaterThan(1290);
    const scripts = new Set(names.map(detectScript));
    for (const script of [
      'Latn',
      'Cyrl',
      'Grek',
      'Arab',
      'Hebr',
      'Hang',
      'Hani',
      'Kana',
      'Deva',
      'Armn',
      'Geor',
      'Thai',
    ]) {
      expect(scripts).toContain(script);
    }
    expect(warmUpNames(50, 2)).not.toEqual(warmUpNames(50));
  });

  it('leaves every decision as it would be, and forgets the names it screened', () => {
    const warmed = snapshotOf();
    const result = warmUp(warmed, 500);
    expect(result.screens).toBe(500);
    expect(warmed.names.memoisedQueryWords).toBe(0);
    const cold = snapshotOf();
    for (const name of queries) {
      const withdrawal = { id: name, customer: { name, dob: '1952-10-07' } };
      expect(screen(withdrawal, warmed, DEFAULT_POLICY)).toEqual(screen(withdrawal, cold, DEFAULT_POLICY));
    }
    expect(screen({ id: 'q', customer: { name: 'Владимир Путин' } }, warmed, DEFAULT_POLICY).decision).not.toBe(
      'ALLOW',
    );
  });

  it('runs once per process, as many screens as the snapshot is worth', () => {
    const withNames = (count: number) =>
      buildSnapshot([
        {
          source: 'ofac-sdn',
          version: `v${count}`,
          entities: warmUpNames(count, 7).map((name, i) => entity({ id: String(i), names: [name] })),
        },
      ]);
    expect(warmUpScreensFor(34_000)).toBe(WARM_UP_SCREENS);
    const small = withNames(100);
    expect(warmUpOnce(small)?.screens).toBe(warmUpScreensFor(small.names.size));
    expect(warmUpOnce(small)).toBeUndefined();
    expect(small.names.memoisedQueryWords).toBe(0);
    // A larger snapshot later is warmed up by what the first one was not worth.
    const larger = withNames(300);
    expect(warmUpOnce(larger)?.screens).toBe(warmUpScreensFor(larger.names.size) - warmUpScreensFor(small.names.size));
    expect(warmUpOnce(larger)).toBeUndefined();
  });
});
