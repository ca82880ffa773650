import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { classKey } from './cross-script.js';
import {
  arabicArticleApart,
  compoundApart,
  establishedNameSpellings,
  japaneseReading,
  loanwordReadings,
  regnalNumeral,
  shortKeyed,
} from './hangul-loanwords.js';
import { buildNameIndex } from './name-index.js';
import { tokenSimilarity } from './score.js';

const token = (word: string, alternatives = false) => {
  const t = analyseName(word, { alternatives }).tokens[0];
  if (!t) throw new Error(word);
  return t;
};

// Names from the Wikidata development set (wd_korean_full.tsv).
describe('loanwordReadings', () => {
  it('reads the letters Hangul shares between Latin consonants both ways', () => {
    expect(loanwordReadings('네빌')).toContain('nevil'); // Neville: ㅂ v
    expect(loanwordReadings('프랭큰')).toContain('frangkun'); // Franken: ㅍ f
    expect(loanwordReadings('지몬스')).toContain('zimons'); // Simons: ㅈ z
    expect(loanwordReadings('미하일')).toContain('mikhail'); // Mikhail: ㅎ kh
    expect(loanwordReadings('주디스')).toContain('judith'); // Judith: ㅅ th
    expect(loanwordReadings('야스민')).toContain('jasmin'); // Jasmin: the glide y as j
  });

  it('reads closing t, doubled l, sh and the vowel added to closing consonants', () => {
    expect(loanwordReadings('맷')).toContain('mat'); // Matt
    expect(loanwordReadings('밀러')).toContain('mile'); // Miller: ㄹㄹ is one l
    expect(loanwordReadings('클로이')).toContain('kloi'); // Chloe: the ㅡ of 클 is added
    expect(loanwordReadings('샬럿')).toEqual(expect.arrayContaining(['shalet', 'chalet'])); // Charlotte
  });

  it('reads Italian g, c and ch and the Portuguese initial r', () => {
    expect(loanwordReadings('조르조')).toContain('giorgio'); // Giorgio Chinaglia
    expect(loanwordReadings('줄리아')).toContain('giulia'); // Giulia Michelini
    expect(loanwordReadings('조반니')).toContain('giovanni'); // Giovanni I Bentivoglio
    expect(loanwordReadings('체사레')).toContain('cesare');
    expect(loanwordReadings('미켈리니')).toContain('michelini');
    expect(loanwordReadings('후이')).toContain('rui'); // Rui Costa
    // Not inside a word: 미하일 is Mikhail, not Mirail.
    expect(loanwordReadings('미하일')).not.toContain('mirail');
  });

  it('reads French nasal vowels, m before a labial', () => {
    expect(loanwordReadings('퐁피두')).toContain('pompidu'); // Georges Pompidou
    expect(loanwordReadings('트랑블레')).toContain('tramble'); // Tremblay
    expect(loanwordReadings('오종')).toContain('ojon'); // Ozon
    // Not a closing ㅇ after ㅜ or ㅣ, which French does not nasalise so (융 is no French word).
    expect(loanwordReadings('뮝')?.some((r) => r.endsWith('n'))).toBe(false);
  });

  it('finds a French name with a nasal vowel written in Hangul', () => {
    const index = buildNameIndex([{ ref: 'pompidou', names: [{ full: 'Georges Pompidou', strength: 'strong' }] }]);
    expect(index.search({ names: ['조르주 퐁피두'] }, { minScore: 0.8 })[0]?.ref).toBe('pompidou');
  });

  it('finds Italian and Portuguese names written in Hangul', () => {
    const index = buildNameIndex([
      { ref: 'giulia', names: [{ full: 'Giulia Michelini', strength: 'strong' }] },
      { ref: 'rui', names: [{ full: 'Rui Costa', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['줄리아 미켈리니'] }, { minScore: 0.8 })[0]?.ref).toBe('giulia');
    expect(index.search({ names: ['후이 코스타'] }, { minScore: 0.8 })[0]?.ref).toBe('rui');
  });

  it('reads English diphthongs written as two syllables', () => {
    expect(loanwordReadings('데이브')).toContain('dav'); // Dave
    expect(loanwordReadings('베이커')).toContain('bake'); // Baker
    expect(loanwordReadings('마이크')).toContain('mik'); // Mike
  });

  // OFAC SDN: FAY, Idris Ali Awad Khalif; NCUBE, Owen; ALEONG, Eddie; KONIG, Emilie.
  it('reads a final 에이 as ay, an unwritten w after o, and a final 이 as -ie', () => {
    expect(loanwordReadings('페이')).toContain('fay');
    expect(loanwordReadings('오언')).toContain('owen');
    expect(loanwordReadings('에밀리')).toContain('emilie');
    expect(loanwordReadings('에디')).toContain('edie');
    // Inside a word 에이 is still the a of Dave, and a one-syllable 리 is no -ie.
    expect(loanwordReadings('데이브')).not.toContain('dayv');
    expect(loanwordReadings('리')).not.toContain('rie');
  });

  // OFAC SDN: MUGABE, Grace; the addresses Smithdown Road and Hammersmith; UN: Smith Field.
  it('reads a final closing consonant with the silent e of English, and a final 스 as th', () => {
    expect(loanwordReadings('그레이스')).toContain('grase');
    expect(loanwordReadings('스미스')).toContain('smith');
    expect(loanwordReadings('스미스')).not.toContain('thmis');
    expect(tokenSimilarity(token('스미스', true), token('Smith'))).toBe(1);
    // Not after a vowel of its own: 으 is a syllable.
    expect(loanwordReadings('그레이스')).not.toContain('greie');
  });

  // OFAC SDN: OCHOA GUISAO, Walter; GAVIDIA FLORES, Walter Jacob.
  it('reads ㅝ as the wa of English before l or a consonant, and a final ㅓ as -er', () => {
    expect(loanwordReadings('월터')).toContain('walter');
    expect(loanwordReadings('워커')).toContain('waker'); // Walker
    expect(loanwordReadings('헤더')).toContain('heder'); // Heather
    expect(tokenSimilarity(token('월터', true), token('Walter'))).toBe(1);
    // 원 is a Korean syllable (won), not English wan; a ㅓ with a closing consonant is no -er.
    expect(loanwordReadings('원')).not.toContain('wan');
    expect(loanwordReadings('미건')).not.toContain('miger');
  });

  // OFAC SDN: LUKASHENKA, Alyaksandr Ryhorovich.
  it('reads a word-initial ㄹ as l too', () => {
    expect(loanwordReadings('루카셴카')).toContain('lukashenka');
    expect(tokenSimilarity(token('루카셴카', true), token('Lukashenka'))).toBe(1);
    expect(loanwordReadings('카를로')).not.toContain('kallo');
  });

  it('finds the listed names by those readings', () => {
    const index = buildNameIndex([
      { ref: 'fay', names: [{ full: 'FAY, Idris', strength: 'strong' }] },
      { ref: 'ncube', names: [{ full: 'NCUBE, Owen', strength: 'strong' }] },
      { ref: 'aleong', names: [{ full: 'ALEONG, Eddie', strength: 'strong' }] },
    ]);
    expect(tokenSimilarity(token('페이', true), token('Fay'))).toBe(1);
    expect(tokenSimilarity(token('오언', true), token('Owen'))).toBe(1);
    expect(tokenSimilarity(token('에밀리', true), token('Emilie'))).toBe(1);
    expect(tokenSimilarity(token('에디', true), token('Eddie'))).toBe(1);
    expect(index.search({ names: ['에디 알레옹'] }, { minScore: 0.8 })[0]?.ref).toBe('aleong');
    expect(index.search({ names: ['오언 은쿠베'] }, { minScore: 0.8 })[0]?.ref).toBe('ncube');
  });

  it('gives the class keys of the Latin spelling', () => {
    expect(token('지몬스', true).classKeys).toContain(classKey('simons'));
    expect(token('미하일', true).classKeys).toContain(classKey('mikhail'));
    expect(token('야스민', true).classKeys).toContain(classKey('jasmin'));
    expect(loanwordReadings('Neville')).toBeUndefined();
  });
});

describe('one-syllable words', () => {
  // OFAC SDN: PA, Sam; GERTLER, Dan; KIM, Jong Sik.
  it('reads a one-syllable foreign word by the loanword orthography too', () => {
    expect(tokenSimilarity(token('샘', true), token('Sam'))).toBe(1);
    expect(tokenSimilarity(token('맷', true), token('Matt'))).toBe(1);
    const index = buildNameIndex([{ ref: 'pa', names: [{ full: 'PA, Sam', strength: 'strong' }] }]);
    expect(index.search({ names: ['샘 파'] }, { minScore: 0.8 })[0]?.ref).toBe('pa');
  });

  it('keeps a Korean name split into syllables to the spellings of Korean names', () => {
    // 식 read as a loanword is sik, a spelling the South's names seldom use; the North's KIM Jong Sik is not
    // found by it.
    expect(token('식', true).alternatives).toContain('sik');
    const index = buildNameIndex([{ ref: 'kim', names: [{ full: 'KIM, Jong Sik', strength: 'strong' }] }]);
    expect(index.search({ names: ['김정식'] }, { minScore: 0.8 })).toEqual([]);
    expect(index.search({ names: ['정식 김'] }, { minScore: 0.8 })).toEqual([]);
  });
});

describe('japaneseReading', () => {
  it('reads Japanese names by the kana table (plain letters for k, t at the start of a word)', () => {
    expect(japaneseReading('스즈키')).toBe('suzuki');
    expect(japaneseReading('미쓰하루')).toBe('mitsuharu');
    expect(japaneseReading('구도')).toBe('kudo');
    expect(japaneseReading('다카하시')).toBe('takahashi');
    expect(japaneseReading('후지이')).toBe('fujii');
    expect(japaneseReading('쇼')).toBe('sho');
  });

  it('reads no word that no kana can write', () => {
    expect(japaneseReading('네빌')).toBeUndefined();
    expect(japaneseReading('프랭큰')).toBeUndefined();
  });

  it('makes the Hangul word agree with the Latin spelling', () => {
    expect(tokenSimilarity(token('스즈키', true), token('Suzuki'))).toBe(1);
    expect(tokenSimilarity(token('쇼', true), token('Sho'))).toBe(1);
  });
});

describe('foreign names in Hangul by short class keys', () => {
  it('lets names of two or three words that cannot be Korean look for short keys', () => {
    expect(shortKeyed('게리 네빌', 'Hang')).toBe(true);
    expect(shortKeyed('조 심프슨', 'Hang')).toBe(true);
    expect(shortKeyed('현준 민서 김', 'Hang')).toBe(false);
    expect(shortKeyed('네빌', 'Hang')).toBe(false);
    expect(shortKeyed('Gary Neville', 'Latn')).toBe(false);
  });

  it('finds a name whose every word agrees on a short key, also when another word shares its key', () => {
    // HARRY keys as GARY (h is g) but has no class key of its own; GARY's kr must still count.
    const index = buildNameIndex([
      { ref: 'harry', names: [{ full: 'HARRY, Abdul', strength: 'strong' }] },
      { ref: 'gary', names: [{ full: 'Gary Neville', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['게리 네빌'] }, { minScore: 0.8 })[0]?.ref).toBe('gary');
    expect(index.search({ names: ['오스틴 에리스'] }, { minScore: 0.8 })).toEqual([]);
  });

  it('needs a class key to be spelled close to the listed word', () => {
    // 호들러 hodler and DALAH share only tr.
    expect(tokenSimilarity(token('호들러', true), token('DALAH'))).toBe(0);
    expect(tokenSimilarity(token('게리', true), token('Gary'))).toBeGreaterThan(0.8);
    // So does a longer one: 치칼로프 (Valery Chkalov, not listed) and ZAKHAROV share skrb, not their spelling.
    expect(tokenSimilarity(token('치칼로프', true), token('ZAKHAROV'))).toBe(0);
    expect(tokenSimilarity(token('치칼로프', true), token('Chkalov'))).toBeGreaterThan(0.8);
  });
});

describe('regnal numbers', () => {
  // OFAC SDN addresses: Tsar Boris III Str., Sofia.
  it('reads a number and 세 as the Roman numeral', () => {
    expect(regnalNumeral('3세')).toBe('iii');
    expect(regnalNumeral('7세')).toBe('vii');
    expect(regnalNumeral('14세')).toBe('xiv');
    expect(regnalNumeral('세')).toBeUndefined();
    expect(regnalNumeral('3')).toBeUndefined();
    expect(tokenSimilarity(token('3세', true), token('III'))).toBe(1);
  });

  it('finds a name with its regnal number, a Korean title such as 국왕 (king) apart', () => {
    expect(analyseName('국왕 보리스 3세').titles).toEqual(['국왕']);
    const index = buildNameIndex([{ ref: 'boris', names: [{ full: 'Boris III', strength: 'strong' }] }]);
    expect(index.search({ names: ['보리스 3세'] }, { minScore: 0.8 })[0]?.ref).toBe('boris');
    expect(index.search({ names: ['국왕 보리스 3세'] }, { minScore: 0.8 })[0]?.ref).toBe('boris');
  });
});

describe('arabicArticleApart', () => {
  it('takes the Arabic article off the word Hangul joins it to', () => {
    expect(arabicArticleApart('아이만 알자와히리')).toBe('아이만 알 자와히리');
    expect(arabicArticleApart('알렉산더 폰 팔켄하우젠')).toBe('알 렉산더 폰 팔켄하우젠');
    expect(arabicArticleApart('알리 하메네이')).toBeUndefined(); // Ali: two syllables
    expect(arabicArticleApart('마크 에번스')).toBeUndefined();
  });

  it('finds an Arabic name written in Hangul with the article joined, and still the name starting with 알', () => {
    // OFAC SDN: AL ZAWAHIRI, Ayman; QADDAFI, Saadi.
    const index = buildNameIndex([
      { ref: 'zawahiri', names: [{ full: 'AL ZAWAHIRI, Ayman', strength: 'strong' }] },
      { ref: 'saadi', names: [{ full: 'QADDAFI, Saadi', strength: 'strong' }] },
      { ref: 'alexander', names: [{ full: 'Alexander Falkenhausen', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['아이만 알자와히리'] }, { minScore: 0.8 })[0]?.ref).toBe('zawahiri');
    expect(index.search({ names: ['알사디 카다피'] }, { minScore: 0.8 })[0]?.ref).toBe('saadi');
    expect(index.search({ names: ['알렉산더 팔켄하우젠'] }, { minScore: 0.8 })[0]?.ref).toBe('alexander');
  });
});

describe('established Hangul forms of English given names', () => {
  it('reads them as the English spelling, also with the -s of a family name made of them', () => {
    expect(establishedNameSpellings('조지')).toEqual(['george']);
    expect(establishedNameSpellings('매슈스')).toEqual(['matthews']);
    expect(establishedNameSpellings('에드워즈')).toEqual(['edwards']);
    expect(establishedNameSpellings('로버츠')).toEqual(['roberts']);
    expect(establishedNameSpellings('마이컨')).toEqual([]);
    expect(loanwordReadings('가이')).toContain('guy');
    // French: silent final consonants (쥘 Jules, 디디에 Didier).
    expect(loanwordReadings('쥘')).toContain('jules');
    expect(loanwordReadings('디디에')).toContain('didier');
  });

  it('finds names whose given name the letter-by-letter readings miss', () => {
    // Wikidata: 조지 마이컨 George Mikan, 매슈 아널드 Matthew Arnold, 켄 매슈스 Ken Matthews, 가이 레벨 Guy Revell.
    const index = buildNameIndex(
      ['George Mikan', 'Matthew Arnold', 'Ken Matthews', 'Guy Revell'].map((full) => ({
        ref: full,
        names: [{ full, strength: 'strong' as const }],
      })),
    );
    for (const [query, ref] of [
      ['조지 마이컨', 'George Mikan'],
      ['매슈 아널드', 'Matthew Arnold'],
      ['켄 매슈스', 'Ken Matthews'],
      ['가이 레벨', 'Guy Revell'],
    ] as const) {
      expect(index.search({ names: [query] }, { minScore: 0.8 })[0]?.ref, query).toBe(ref);
    }
  });
});

describe('regnal numbers and their realm', () => {
  it('marks the realm after a regnal number', () => {
    const realm = (name: string): string[] =>
      analyseName(name)
        .tokens.filter((t) => t.realm)
        .map((t) => t.text);
    expect(realm('Henry I of England')).toEqual(['england']);
    expect(realm('Louis VII of France')).toEqual(['france']);
    // Not without a regnal number before it.
    expect(realm('Bank of England')).toEqual([]);
  });

  it('finds a king by his name and number in Hangul', () => {
    // Wikidata: 루이 7세 Louis VII of France, 헨리 1세 Henry I of England, 파이살 2세 Faisal II of Iraq.
    const index = buildNameIndex(
      ['Louis VII of France', 'Henry I of England', 'Faisal II of Iraq'].map((full) => ({
        ref: full,
        names: [{ full, strength: 'strong' as const }],
      })),
    );
    for (const [query, ref] of [
      ['루이 7세', 'Louis VII of France'],
      ['헨리 1세', 'Henry I of England'],
      ['파이살 2세', 'Faisal II of Iraq'],
    ] as const) {
      expect(index.search({ names: [query] }, { minScore: 0.8 })[0]?.ref, query).toBe(ref);
    }
  });
});

describe('compoundApart', () => {
  it('splits a hyphened name Hangul writes as one word where a part is a common given name', () => {
    // Wikidata: 장클로드 카리에르 Jean-Claude Carrière, 리처드 프랜시스브루스 Richard Francis-Bruce.
    expect(compoundApart('장클로드 카리에르')).toBe('장 클로드 카리에르');
    expect(compoundApart('리처드 프랜시스브루스')).toBe('리처드 프랜시스 브루스');
    expect(compoundApart('캐서린 제타존스')).toBe('캐서린 제타 존스');
    // A given name with one syllable more is another name (조지프 Joseph), and so is a word of no common name.
    expect(compoundApart('조지프 시코라')).toBeUndefined();
    expect(compoundApart('크리스토퍼 놀런')).toBeUndefined();
    // The particle no of a classical Japanese name (Wikidata: 아베노 세이메이 Abe no Seimei), not a last word.
    expect(compoundApart('아베노 세이메이')).toBe('아베 노 세이메이');
    expect(compoundApart('요코 오노')).toBeUndefined();
  });

  it('finds the hyphened name', () => {
    const index = buildNameIndex([
      { ref: 'carriere', names: [{ full: 'Jean-Claude Carrière', strength: 'strong' }] },
      { ref: 'tremblay', names: [{ full: 'François-Louis Tremblay', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['장클로드 카리에르'] }, { minScore: 0.8 })[0]?.ref).toBe('carriere');
    expect(index.search({ names: ['프랑수아루이 트랑블레'] }, { minScore: 0.8 })[0]?.ref).toBe('tremblay');
  });
});

describe('German names in Hangul', () => {
  it('reads ㅎ closing a word or before 트 as ch, and a final 트 after n or r as d', () => {
    // Wikidata: 라인하르트 하이드리히 Reinhard Heydrich, 드레스트 구르힌모흐 Drest Gurthinmoch.
    expect(loanwordReadings('하이드리히')).toContain('haidrich');
    expect(loanwordReadings('알브레히트')).toContain('albrecht');
    expect(loanwordReadings('바흐')).toContain('bach');
    expect(loanwordReadings('라인하르트')).toContain('rainhard');
    expect(loanwordReadings('레오폴트')).toContain('reopold');
    // Not a t after a vowel (로버트 Robert), nor ㅎ starting a word (헨리 Henry).
    expect(loanwordReadings('로버트')?.some((r) => r.endsWith('d'))).toBe(false);
    expect(loanwordReadings('헨리')?.some((r) => r.includes('ch'))).toBe(false);
  });

  it('finds Reinhard Heydrich', () => {
    const index = buildNameIndex([{ ref: 'heydrich', names: [{ full: 'Reinhard Heydrich', strength: 'strong' }] }]);
    expect(index.search({ names: ['라인하르트 하이드리히'] }, { minScore: 0.8 })[0]?.ref).toBe('heydrich');
  });
});

describe('emperors', () => {
  it('takes Emperor off a listed name and 천황 off a Hangul one, as titles', () => {
    expect(analyseName('Emperor Kōshō').tokens.map((t) => t.text)).toEqual(['kosho']);
    // Wikidata: 고쇼 천황 Emperor Kōshō.
    const index = buildNameIndex([{ ref: 'kosho', names: [{ full: 'Emperor Kōshō', strength: 'strong' }] }]);
    expect(index.search({ names: ['고쇼 천황'] }, { minScore: 0.8 })[0]?.ref).toBe('kosho');
  });
});

describe('a silent final h', () => {
  it('reads a final a also as ah', () => {
    // Wikidata: 조지 웨아 George Weah, 조지 앤드루 올라 George Andrew Olah.
    expect(loanwordReadings('웨아')).toContain('weah');
    expect(loanwordReadings('올라')).toContain('olah');
    expect(loanwordReadings('아')?.includes('ah')).toBe(false);
  });
});
