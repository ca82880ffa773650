import { describe, expect, it } from 'vitest';
import { chineseSpellings, chineseSyllables, chineseSyllableSpellings, chineseWordForms } from './chinese.js';
import { buildNameIndex } from './name-index.js';

describe('Chinese personal names', () => {
  it('reads a Han name with a family name at either end as syllables; one word also as family and given name', () => {
    expect(chineseSyllables('雷 张')).toBe('雷 张');
    expect(chineseSyllables('明宏 高')).toBe('明 宏 高');
    // A transcription of a foreign name stays whole; a Japanese name in kanji is read by syllables too.
    expect(chineseSyllables('塞瓦略斯')).toBeUndefined();
    expect(chineseSyllables('约瑟夫·拜登')).toBeUndefined();
    expect(chineseSyllables('和也 阿部')).toBe('和 也 阿 部');
    expect(chineseWordForms('郝明金')).toEqual(['郝 明 金', '郝 明金']);
    expect(chineseWordForms('塞瓦略斯')).toEqual([]);
  });

  it('spells syllables in Pinyin, Wade-Giles and the Cantonese and Hokkien spellings lists use', () => {
    expect(chineseSyllableSpellings('xu')).toEqual(expect.arrayContaining(['xu', 'hsu', 'tsui']));
    expect(chineseSyllableSpellings('zhang')).toEqual(expect.arrayContaining(['chang', 'cheung']));
    expect(chineseSyllableSpellings('guo')).toEqual(expect.arrayContaining(['kuo', 'kwok']));
    expect(chineseSyllableSpellings('zhi')).toEqual(expect.arrayContaining(['chih']));
    expect(chineseSpellings('明宏')).toEqual(expect.arrayContaining(['minghong', 'minghung']));
  });

  // OFAC SDN 2023-12-28 lists ZHANG, Lei (16318), HAO, Mingjin (30514), WANG, Chen (30503) and CHEN, Bing Shen.
  const index = buildNameIndex([
    { ref: 'zhang-lei', names: [{ full: 'ZHANG, Lei', strength: 'strong' }] },
    { ref: 'hao', names: [{ full: 'HAO, Mingjin', strength: 'strong' }] },
    { ref: 'wang-chen', names: [{ full: 'WANG, Chen', strength: 'strong' }] },
    { ref: 'chen-bing-shen', names: [{ full: 'CHEN, Bing Shen', strength: 'strong' }] },
    { ref: 'chang', names: [{ full: 'CHANG, Chin-hua', strength: 'strong' }] },
  ]);
  const refs = (name: string): string[] => index.search({ names: [name] }, { minScore: 0.8 }).map((m) => m.ref);

  it('finds a listed Chinese name written in Han, whole or spaced, in Pinyin or Wade-Giles', () => {
    expect(refs('雷 张')).toEqual(['zhang-lei']);
    expect(refs('张雷')).toContain('zhang-lei');
    expect(refs('郝明金')).toContain('hao');
    expect(refs('张金华')).toContain('chang');
  });

  it('reads the name apart from a title glued on or standing apart (郝明金主席, 主席 郝明金)', () => {
    expect(refs('郝明金主席')).toContain('hao');
    expect(refs('主席 郝明金')).toContain('hao');
    expect(refs('王晨 先生')).toContain('wang-chen');
  });

  it('does not match a syllable spelled otherwise, a name with a syllable more or less, or a class-key likeness', () => {
    // 高 gao is not HAO (the keys join g and h for Ukrainian г); 平 ping is not BING; 晨 彬 王 has a syllable more.
    expect(refs('明金 高')).toEqual([]);
    expect(refs('平 陈')).toEqual([]);
    expect(refs('晨 彬 王')).toEqual([]);
    expect(refs('佳蓉 王')).toEqual([]);
  });

  it('spells a Han word whole that is not a transcription (允禮 Yunli, 陈 Chan, 葉彌 Yemi)', () => {
    // Pairs from wd_chinese_tokens.tsv: a given name, or a family name alone, written as one word.
    const one = buildNameIndex([
      { ref: 'yunli', names: [{ full: 'YUNLI', strength: 'strong' }] },
      { ref: 'chan', names: [{ full: 'CHAN', strength: 'strong' }] },
    ]);
    const found = (name: string): string[] => one.search({ names: [name] }, { minScore: 0.8 }).map((m) => m.ref);
    expect(found('允禮')).toEqual(['yunli']);
    expect(found('陈')).toEqual(['chan']);
    expect(found('葉彌')).toEqual([]);
    const yemi = buildNameIndex([{ ref: 'yemi', names: [{ full: 'YEMI', strength: 'strong' }] }]);
    expect(yemi.search({ names: ['葉彌'] }, { minScore: 0.8 }).map((m) => m.ref)).toEqual(['yemi']);
    expect(found('允')).toEqual([]);
  });

  it('does not compare a Japanese name in kanji by its Pinyin class keys', () => {
    // OFAC SDN 2023-12-28 lists JI, Songyan: 治 中村 (an ordinary Japanese name, yente negatives) read in Pinyin
    // (zhi zhongcun) has its class keys.
    const ji = buildNameIndex([{ ref: 'ji', names: [{ full: 'JI, Songyan', strength: 'strong' }] }]);
    expect(ji.search({ names: ['治 中村'] }, { minScore: 0.8 })).toEqual([]);
  });
});
