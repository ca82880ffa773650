import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseWhitespace, detectScript } from './text.js';

describe('detectScript', () => {
  it.each([
    ['HANIYA, Ismail', 'Latn'],
    ['Иван Петрович Сидоров', 'Cyrl'],
    ['محمد حسن آخوند', 'Arab'],
    ['金正恩', 'Hani'],
    ['김정은', 'Hang'],
    ['東京とうきょう', 'Jpan'],
    ['Ελλάδα', 'Grek'],
    ['12345 - 678', 'Zyyy'],
  ])('%s is %s', (text, script) => {
    expect(detectScript(text)).toBe(script);
  });

  it('goes with the script most letters belong to', () => {
    expect(detectScript('OOO Газпром')).toBe('Cyrl');
    expect(detectScript('Gazprom ООО')).toBe('Latn');
  });

  it('names made of Cyrillic letters only are Cyrl whatever the punctuation and digits around them', () => {
    const cyrillic = fc.stringMatching(/^[А-Яа-яЁё]{1,12}$/u);
    const noise = fc.stringMatching(/^[ 0-9.,'()-]{0,5}$/u);
    fc.assert(fc.property(cyrillic, noise, cyrillic, (a, n, b) => detectScript(`${a}${n}${b}`) === 'Cyrl'));
  });
});

describe('collapseWhitespace', () => {
  it('leaves no run of whitespace and no leading or trailing space', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = collapseWhitespace(s);
        expect(out).not.toMatch(/\s\s|^\s|\s$|[\t\n\r]/u);
      }),
    );
  });
});
