import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { classKey, classKeys, MIN_CLASS_KEY } from './cross-script.js';
import { buildNameIndex } from './name-index.js';
import { romanise } from './transliterate.js';

const keysOf = (word: string): string[] => {
  const token = analyseName(word).tokens[0];
  return token ? [...token.classKeys] : [];
};

describe('classKey', () => {
  it('keeps consonant classes only: labials, dentals, velars, sibilants, nasals, liquids', () => {
    expect(classKey('pompidou')).toBe('bmbt');
    expect(classKey('washington')).toBe('snktn');
    expect(classKey('khamenei')).toBe('kmn');
  });

  it('joins what Arabic cannot tell apart: p/b and v/f (Putin, Vladimir)', () => {
    // OFAC lists PUTIN, Vladimir Vladimirovich; Arabic writes them بوتين and فلاديمير.
    expect(classKey(romanise('فلاديمير'))).toBe(classKey('vladimir'));
    expect(keysOf('بوتين')).toEqual([]);
    expect(classKey(romanise('بوتين'))).toBe(classKey('putin'));
  });

  it('reads kana and Hangul loanwords back to the Latin consonants', () => {
    expect(keysOf('ゴルドフスキー')).toContain(classKey('goldovsky'));
    expect(keysOf('퐁피두')).toContain(classKey('pongpidu'));
  });

  it('reads Hebrew vav as a consonant and as a vowel, and geresh letters as j/zh/ch', () => {
    // וושינגטון: the double vav is w, the last vav o.
    expect(keysOf('וושינגטון')).toContain(classKey('washington'));
    expect(analyseName("ג'ורג'").tokens[0]?.text).toBe('jvrj');
  });

  it('gives no key shorter than MIN_CLASS_KEY classes', () => {
    for (const word of ['علي', 'محمد', 'אבי', '李', '김']) {
      for (const key of classKeys(word, romanise(word), analyseName(word).script)) {
        expect(key.length).toBeGreaterThanOrEqual(MIN_CLASS_KEY);
      }
    }
  });
});

describe('cross-script matching', () => {
  const index = buildNameIndex([
    { ref: 'pinochet', names: [{ full: 'PINOCHET UGARTE, Augusto', strength: 'strong' }] },
    { ref: 'schiavone', names: [{ full: 'SCHIAVONE, Francesco', strength: 'strong' }] },
    { ref: 'other', names: [{ full: 'SMITH, John', strength: 'strong' }] },
  ]);

  it('finds a Hangul name by its loanword romanisation', () => {
    const [best] = index.search({ names: ['아우구스토 피노체트'] }, { minScore: 0.5 });
    expect(best?.ref).toBe('pinochet');
  });

  it('flags a match made of class keys only, so it never blocks', () => {
    // سكيافوني: Arabic for the Italian surname Schiavone (sch = sk, v written ف).
    const [best] = index.search({ names: ['سكيافوني'] }, { minScore: 0.3 });
    expect(best?.ref).toBe('schiavone');
    expect(best?.features.crossScriptKeysOnly).toBe(true);
    expect(best?.features.nameScore).toBeLessThan(0.9);
  });

  it('finds kana and Hebrew spellings of a listed name through their other readings', () => {
    const deripaska = buildNameIndex([
      { ref: 'deripaska', names: [{ full: 'DERIPASKA, Oleg Vladimirovich', strength: 'strong' }] },
      { ref: 'other', names: [{ full: 'DERIBAS, Olga', strength: 'strong' }] },
    ]);
    expect(deripaska.search({ names: ['オレグ・デリパスカ'] }, { minScore: 0.5 })[0]?.ref).toBe('deripaska');
    expect(deripaska.search({ names: ['אולג דריפסקה'] }, { minScore: 0.5 })[0]?.ref).toBe('deripaska');
  });

  it('does not use class keys between Latin and Cyrillic (Sokolova is not Zacharova)', () => {
    const cyrillic = buildNameIndex([{ ref: 'z', names: [{ full: 'ZACHAROVA, Maria', strength: 'strong' }] }]);
    expect(cyrillic.search({ names: ['Мария Соколова'] }, { minScore: 0.8 })).toEqual([]);
  });
});
