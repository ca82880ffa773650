import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { classKey, classKeys, MIN_CLASS_KEY, MIN_SHORT_CLASS_KEY, oneClassApart } from './cross-script.js';
import { buildNameIndex } from './name-index.js';
import { romanise } from './transliterate.js';
import { tokenSimilarity } from './score.js';

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
    // Three classes: a short key, which only counts beside a longer one or for a single-token name.
    expect(keysOf('بوتين')).toEqual([classKey('putin')]);
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

  it('gives no key shorter than MIN_SHORT_CLASS_KEY classes', () => {
    for (const word of ['علي', 'محمد', 'אבי', '李', '김']) {
      for (const key of classKeys(word, romanise(word), analyseName(word).script)) {
        expect(key.length).toBeGreaterThanOrEqual(MIN_SHORT_CLASS_KEY);
      }
    }
    expect(MIN_SHORT_CLASS_KEY).toBeLessThan(MIN_CLASS_KEY);
  });

  it('reads Latin r after a vowel as silent, as kana, Hangul and Han transcriptions do', () => {
    // CARTER and KEMPER as OFAC-style Latin names; 카터 kateo and 켐퍼 kempeo have no r.
    expect(keysOf('Carter')).toContain(classKey(romanise('카터')));
    expect(keysOf('Kemper')).toContain(classKey(romanise('켐퍼')));
  });

  it('counts keys one class apart only by an added or dropped class after the first', () => {
    expect(oneClassApart('kmb', 'kmbr')).toBe(true);
    expect(oneClassApart('ntstn', 'nstn')).toBe(true);
    // Krishna is not Prison, Kemper not Semper: the first class differs.
    expect(oneClassApart('krsn', 'brsn')).toBe(false);
    expect(oneClassApart('kmbr', 'smbr')).toBe(false);
    expect(oneClassApart('kmb', 'kmb')).toBe(false);
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
    // ドンプスキ: katakana for the Polish surname Dąbski (ą a nasal, written ン before the labial); it agrees with
    // DABSKI on class keys alone (tmbsk less its nasal).
    const dabski = buildNameIndex([
      { ref: 'dabski', names: [{ full: 'DABSKI', strength: 'strong' }] },
      { ref: 'other', names: [{ full: 'SMITH, John', strength: 'strong' }] },
    ]);
    const [best] = dabski.search({ names: ['ドンプスキ'] }, { minScore: 0.3 });
    expect(best?.ref).toBe('dabski');
    expect(best?.features.crossScriptKeysOnly).toBe(true);
    expect(best?.features.nameScore).toBeLessThan(0.9);
  });

  it('agrees with a kana word by the Latin word read as kana writes it, not by class keys only', () => {
    // スキアヴォーネ: katakana for the Italian surname Schiavone, read as Italian (sch = sk; kana.ts). The Arabic
    // سكيافوني agrees on its foreign-name reading (ك ch, ف v; see semitic.test.ts).
    const [best] = index.search({ names: ['スキアヴォーネ'] }, { minScore: 0.3 });
    expect(best?.ref).toBe('schiavone');
    expect(best?.features.crossScriptKeysOnly).toBe(false);
  });

  it('finds kana and Hebrew spellings of a listed name through their other readings', () => {
    const deripaska = buildNameIndex([
      { ref: 'deripaska', names: [{ full: 'DERIPASKA, Oleg Vladimirovich', strength: 'strong' }] },
      { ref: 'other', names: [{ full: 'DERBEZ, Oliver', strength: 'strong' }] },
    ]);
    expect(deripaska.search({ names: ['オレグ・デリパスカ'] }, { minScore: 0.5 })[0]?.ref).toBe('deripaska');
    expect(deripaska.search({ names: ['אולג דריפסקה'] }, { minScore: 0.5 })[0]?.ref).toBe('deripaska');
  });

  it('holds a short cross-script name only when enough consonants agree', () => {
    const short = buildNameIndex([
      { ref: 'lena', names: [{ full: 'LENA', strength: 'strong' }] },
      { ref: 'kemper', names: [{ full: 'KEMPER, Thomas', strength: 'strong' }] },
    ]);
    // 李娜 lina and LENA agree on two classes only.
    expect(short.search({ names: ['李娜'] }, { minScore: 0.8 })).toEqual([]);
    // 토머스 켐퍼: Thomas on a short key (tms), Kemper one class apart (no r); seven classes in all.
    expect(short.search({ names: ['토머스 켐퍼'] }, { minScore: 0.8 })[0]?.ref).toBe('kemper');
  });

  it('matches Cyrillic transcriptions of non-Russian names as transcriptions, short of an exact spelling', () => {
    // OFAC lists JOHNSON, Prince Yormie; Russian writes Принс Йорми Джонсон (ce as s, j as дж, final e silent).
    const johnson = buildNameIndex([
      { ref: 'johnson', names: [{ full: 'JOHNSON, Prince Yormie', strength: 'strong' }] },
      { ref: 'other', names: [{ full: 'JANSSEN, Piers', strength: 'strong' }] },
    ]);
    const [best] = johnson.search({ names: ['Принс Йорми Джонсон'] }, { minScore: 0.8 });
    expect(best?.ref).toBe('johnson');
    // Принс is a regular Russian transcription of Prince (see cyrillic.ts), which still never counts as exact.
    expect(best?.features.pairs.find((p) => p.query === 'prins')?.similarity).toBeLessThan(0.9);
  });

  it('does not use class keys between Latin and Cyrillic spellings far apart (Sokolova is not Zacharova)', () => {
    const cyrillic = buildNameIndex([{ ref: 'z', names: [{ full: 'ZACHAROVA, Maria', strength: 'strong' }] }]);
    expect(cyrillic.search({ names: ['Мария Соколова'] }, { minScore: 0.8 })).toEqual([]);
  });
});

describe('syllabic transcriptions', () => {
  it('weigh the spelling of a kana, Hangul or Han romanisation half as much as other scripts do', () => {
    // OFAC SDN lists many a LOPEZ; Chinese writes the name 洛佩斯 luopeisi, far from it in spelling.
    const sim = tokenSimilarity(
      analyseName('洛佩斯', { alternatives: true }).tokens[0]!,
      analyseName('LOPEZ').tokens[0]!,
    );
    expect(sim).toBeGreaterThanOrEqual(0.8);
    expect(sim).toBeLessThan(0.82);
  });
});
