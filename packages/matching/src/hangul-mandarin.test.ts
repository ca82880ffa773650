import { describe, expect, it } from 'vitest';
import { hangulOfPinyin, mandarinForms, mandarinSyllables } from './hangul-mandarin.js';
import { buildNameIndex } from './name-index.js';

describe('Chinese names transcribed into Hangul', () => {
  it('writes Pinyin syllables as the Korean orthography does', () => {
    expect(hangulOfPinyin('liu')).toEqual(['류']);
    expect(hangulOfPinyin('bao')).toEqual(['바오']);
    expect(hangulOfPinyin('wei')).toEqual(['웨이']);
    expect(hangulOfPinyin('zi')).toContain('쯔');
    expect(hangulOfPinyin('xue')).toEqual(['쉐']);
    // ㅈ drops the glide: jiang is 장, as zhang is.
    expect(hangulOfPinyin('jiang')).toEqual(['장']);
    expect(hangulOfPinyin('zhang')).toEqual(['장']);
    expect(hangulOfPinyin('dong')).toContain('둥');
  });

  it('reads a Hangul word back into Pinyin syllables, two Hangul syllables as one where the table writes so', () => {
    expect(mandarinSyllables('류치바오')).toEqual([['liu'], ['qi'], ['bao']]);
    expect(mandarinSyllables('장원예')?.[0]).toEqual(expect.arrayContaining(['zhang', 'jiang']));
    // Closing ㄱ ㅁ ㅂ ㄹ are not in Mandarin: a Korean name is not read so.
    expect(mandarinSyllables('김민수')).toBeUndefined();
    expect(mandarinForms('박정식')).toEqual([]);
  });

  it('writes the family name apart and the given name in one word or by syllables, in the usual spellings', () => {
    expect(mandarinForms('류치바오')).toContain('liu qibao');
    expect(mandarinForms('리총웨이')).toContain('lee chong wei');
    // Wikidata: 왕중황 Wang Chung-Huang, in Wade-Giles.
    expect(mandarinForms('왕중황')).toContain('wang chung huang');
    expect(mandarinForms('웨이')).toEqual([]);
    // 앙 ang is no common family name: 앙치바오 reads as Pinyin but is not searched so.
    expect(mandarinSyllables('앙치바오')).toEqual([['ang'], ['qi'], ['bao']]);
    expect(mandarinForms('앙치바오')).toEqual([]);
  });

  it('finds a Chinese name transcribed into Hangul, never to block', () => {
    // Wikidata: 류치바오 Liu Qibao, 리쉐융 Li Xueyong, 리총웨이 Lee Chong Wei.
    const index = buildNameIndex([
      { ref: 'liu', names: [{ full: 'Liu Qibao', strength: 'strong' }] },
      { ref: 'li', names: [{ full: 'Li Xueyong', strength: 'strong' }] },
      { ref: 'lee', names: [{ full: 'Lee Chong Wei', strength: 'strong' }] },
    ]);
    for (const [query, ref] of [
      ['류치바오', 'liu'],
      ['리쉐융', 'li'],
      ['리총웨이', 'lee'],
    ] as const) {
      const [best] = index.search({ names: [query] }, { minScore: 0.8 });
      expect(best?.ref, query).toBe(ref);
      expect(best?.features.crossScriptKeysOnly, query).toBe(true);
    }
    expect(index.search({ names: ['류치민'] }, { minScore: 0.8 })).toEqual([]);
  });
});
