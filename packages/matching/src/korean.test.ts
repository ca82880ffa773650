import { describe, expect, it } from 'vitest';
import {
  familyNameSpellings,
  joinedKoreanGivenName,
  joinedGivenNameSpellings,
  koreanJoinedName,
  koreanSyllables,
  syllableSpellings,
} from './korean.js';
import { analyseName } from './analyse.js';
import { buildNameIndex } from './name-index.js';

describe('Korean personal names', () => {
  it('splits a name that could be Korean into its syllables, family name at either end', () => {
    expect(koreanSyllables('김정은')).toBe('김 정 은');
    expect(koreanSyllables('최 룡해')).toBe('최 룡 해');
    expect(koreanSyllables('룡해 최')).toBe('룡 해 최');
    // A foreign name in Hangul, or one without a family name at an end, stays whole.
    expect(koreanSyllables('토머스 켐퍼')).toBeUndefined();
    expect(koreanSyllables('피노체트')).toBeUndefined();
    expect(koreanSyllables('Kim')).toBeUndefined();
  });

  it('reads family names and given-name syllables in the spellings they are listed in', () => {
    expect(familyNameSpellings('최')).toContain('choe');
    expect(familyNameSpellings('이')).toContain('ri');
    expect(syllableSpellings('seong')).toContain('song');
    expect(syllableSpellings('gyeong')).toContain('kyong');
  });

  it('finds a listed North Korean name written in Hangul, and not a name that shares only the family name', () => {
    // OFAC lists CHOE, Ryong Hae and KIM, Jong Un.
    const index = buildNameIndex([
      { ref: 'choe', names: [{ full: 'CHOE, Ryong Hae', strength: 'strong' }] },
      { ref: 'kim', names: [{ full: 'KIM, Jong Un', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['최룡해'] }, { minScore: 0.8 })[0]?.ref).toBe('choe');
    expect(index.search({ names: ['김정은'] }, { minScore: 0.8 })[0]?.ref).toBe('kim');
    expect(index.search({ names: ['김은경'] }, { minScore: 0.8 })).toEqual([]);
    // The given name's syllables in the other order are another name: 은정 Eun-jeong is not Jong Un.
    expect(index.search({ names: ['은정 김'] }, { minScore: 0.8 })).toEqual([]);
    expect(index.search({ names: ['정은 김'] }, { minScore: 0.8 })[0]?.ref).toBe('kim');
  });

  it('reads a Korean name with its title glued on or apart, and keeps the title as evidence', () => {
    // OFAC SDN 20157 KIM, Jong Un; the press writes 김정은위원장 and 위원장 김정은 (Chairman).
    const index = buildNameIndex([
      {
        ref: 'kim',
        names: [{ full: 'KIM, Jong Un', given: 'Jong Un', strength: 'strong' }],
        titles: ['Chairman of the State Affairs Commission'],
      },
    ]);
    for (const query of ['김정은위원장', '위원장 김정은', '김정은 위원장']) {
      const [best] = index.search({ names: [query] }, { minScore: 0.8 });
      expect(best?.ref, query).toBe('kim');
      expect(best?.features.title, query).toBe('match');
    }
  });
});

describe('Korean names: more spellings and forms', () => {
  it('splits two given names and a family name, and leaves a three-syllable word beside a family name whole', () => {
    expect(koreanSyllables('현준 민서 김')).toBe('현 준 민 서 김');
    // 조 심프슨 is Joe Simpson: a Korean given name has at most two syllables.
    expect(koreanSyllables('조 심프슨')).toBeUndefined();
  });

  it('spells closing consonants, 희, 운 and 유 as Korean names are listed', () => {
    expect(syllableSpellings('bich')).toContain('bit'); // 빛: Lee Bit-na
    expect(syllableSpellings('hui')).toContain('hee'); // 희: Lee Myung-Hee
    expect(syllableSpellings('un')).toContain('woon'); // 운: Kwon Yong-woon
    expect(syllableSpellings('yu')).toContain('you'); // 유: You Seung-hee
  });

  it('does not tie a name of two given names to a listed name by class keys', () => {
    // OFAC lists PAK, Tong Sok; 동현 지혜 박 agreed with it on class keys when searched whole.
    const index = buildNameIndex([{ ref: 'pak', names: [{ full: 'PAK, Tong Sok', strength: 'strong' }] }]);
    expect(index.search({ names: ['동현 지혜 박'] }, { minScore: 0.8 })).toEqual([]);
  });
});

describe('Korean names written as one word', () => {
  it('splits two given names and a family name written as one word, and leaves loanwords whole', () => {
    expect(koreanSyllables('이민서정호')).toBe('이 민 서 정 호');
    // 스 트 르: the vowel a closing consonant of a loanword gets is in no Korean name (로버트 Robert, 마르크스 Marx).
    expect(koreanSyllables('로버트')).toBeUndefined();
    expect(koreanSyllables('마르크스')).toBeUndefined();
    expect(koreanSyllables('노스')).toBeUndefined();
  });

  it('does not read a Korean name of five syllables as a loanword agreeing with a listed word by class keys', () => {
    // OFAC lists IMSENGCO and ENIMINAS; 이민서정호 and 이영자민서 (정호 민서 이, 영자 민서 이) agreed on class keys.
    const index = buildNameIndex([
      { ref: 'imsengco', names: [{ full: 'IMSENGCO', strength: 'strong' }] },
      { ref: 'eniminas', names: [{ full: 'ENIMINAS', strength: 'strong' }] },
      { ref: 'robert', names: [{ full: 'Robert', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['이민서정호'] }, { minScore: 0.8 })).toEqual([]);
    expect(index.search({ names: ['이영자민서'] }, { minScore: 0.8 })).toEqual([]);
    expect(index.search({ names: ['로버트'] }, { minScore: 0.8 })[0]?.ref).toBe('robert');
  });
});

describe('Korean names listed as one word', () => {
  it('finds a Korean name written as one word that is listed as one word', () => {
    // Wikidata: 현아 Hyuna, 최일도 Choeildo, 정종 Jeongjong.
    const index = buildNameIndex([
      { ref: 'hyuna', names: [{ full: 'Hyuna', strength: 'strong' }] },
      { ref: 'choeildo', names: [{ full: 'Choeildo', strength: 'strong' }] },
      { ref: 'hyundai', names: [{ full: 'HYUNDAI', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['현아'] }, { minScore: 0.8 }).map((m) => m.ref)).toEqual(['hyuna']);
    expect(index.search({ names: ['최일도'] }, { minScore: 0.8 })[0]?.ref).toBe('choeildo');
    // Whole, it is compared by spelling, not by class keys.
    expect(index.search({ names: ['최일수'] }, { minScore: 0.8 })).toEqual([]);
  });
});

describe('koreanJoinedName', () => {
  it('writes a two-syllable given name as one word, as it is also listed', () => {
    expect(koreanJoinedName('강승원')).toBe('강 승원'); // Seungwon Kang
    expect(koreanJoinedName('승원 강')).toBe('승원 강');
    expect(koreanJoinedName('김정은')).toBe('김 정은');
    expect(koreanJoinedName('최 룡')).toBeUndefined();
    expect(koreanJoinedName('현준 민서 김')).toBeUndefined();
  });

  it('finds a name listed with its given name in one word', () => {
    const index = buildNameIndex([{ ref: 'kang', names: [{ full: 'Seungwon Kang', strength: 'strong' }] }]);
    expect(index.search({ names: ['강승원'] }, { minScore: 0.8 })[0]?.ref).toBe('kang');
  });
});

describe('joinedGivenNameSpellings', () => {
  it('spells a two-syllable given name in one word as its syllables are spelled', () => {
    // OFAC SDN lists CHO, Yongwon (a.k.a.) and LEE, Dongjin.
    expect(joinedGivenNameSpellings('영원', ['yeong', 'won'])).toContain('yongwon');
    expect(joinedGivenNameSpellings('동진', ['dong', 'jin'])).toContain('tongjin');
    expect(joinedGivenNameSpellings('정', ['jeong'])).toEqual([]);
    expect(joinedGivenNameSpellings('조용원', ['jo', 'yong', 'won'])).toEqual([]);
  });

  it('finds a name listed with its given name in one word, spelled otherwise than by the Revised Romanisation', () => {
    const index = buildNameIndex([{ ref: 'cho', names: [{ full: 'CHO, Yongwon', strength: 'strong' }] }]);
    expect(index.search({ names: ['조영원'] }, { minScore: 0.8 })[0]?.ref).toBe('cho');
    expect(index.search({ names: ['조영민'] }, { minScore: 0.8 })).toEqual([]);
  });
});

describe('Korean given-name syllables of one letter, and less common family names', () => {
  it('reads a vowel letter joined by a hyphen as a syllable of the given name, not an initial', () => {
    // Wikidata: 권오민 Kwon O-min, 정태우 Jung Tae-u.
    const index = buildNameIndex([
      { ref: 'kwon', names: [{ full: 'Kwon O-min', strength: 'strong' }] },
      { ref: 'jung', names: [{ full: 'Jung Tae-u', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['권오민'] }, { minScore: 0.8 })[0]?.ref).toBe('kwon');
    expect(index.search({ names: ['정태우'] }, { minScore: 0.8 })[0]?.ref).toBe('jung');
    // A letter standing apart is still an initial.
    expect(analyseName('Kwon O min').tokens.map((t) => t.role)).toEqual(['name', 'initial', 'name']);
    expect(analyseName('Kwon O-min').tokens.map((t) => t.role)).toEqual(['name', 'name', 'name']);
  });

  it('reads 은, 편 and 맹 as family names', () => {
    // Wikidata: 은성수 Eun Seong-soo.
    expect(koreanSyllables('은성수')).toBe('은 성 수');
    expect(familyNameSpellings('편')).toContain('pyun');
    const index = buildNameIndex([{ ref: 'eun', names: [{ full: 'Eun Seong-soo', strength: 'strong' }] }]);
    expect(index.search({ names: ['은성수'] }, { minScore: 0.8 })[0]?.ref).toBe('eun');
  });
});

describe('Korean given names of two syllables, joined or apart', () => {
  // OFAC SDN: KIM, Jong Un; CHOE, Ryong Hae; KIM, Yo Jong.
  it('tells a listed Korean name whose given name can be joined', () => {
    expect(joinedKoreanGivenName(['kim', 'jong', 'un'])).toBe('kim jongun');
    expect(joinedKoreanGivenName(['choe', 'ryong', 'hae'])).toBe('choe ryonghae');
    expect(joinedKoreanGivenName(['putin', 'vladimir', 'vladimirovich'])).toBeUndefined();
    expect(joinedKoreanGivenName(['kim', 'jong'])).toBeUndefined();
    expect(joinedKoreanGivenName(['kim', 'johnson', 'lee'])).toBeUndefined();
  });

  it('finds the listed name apart from the query joined, in Latin and in katakana', () => {
    const index = buildNameIndex([
      { ref: 'kju', names: [{ full: 'KIM, Jong Un', strength: 'strong' }] },
      { ref: 'crh', names: [{ full: 'CHOE, Ryong Hae', strength: 'strong' }] },
      { ref: 'kyj', names: [{ full: 'KIM, Yo Jong', strength: 'strong' }] },
    ]);
    const best = (name: string) => index.search({ names: [name] }, { minScore: 0.8 })[0]?.ref;
    expect(best('Kim Jongun')).toBe('kju');
    expect(best('Choe Ryonghae')).toBe('crh');
    expect(best('キム・ジョンウン')).toBe('kju');
    expect(best('キム・ヨジョン')).toBe('kyj');
  });
});
