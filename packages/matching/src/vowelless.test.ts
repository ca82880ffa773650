import { describe, expect, it } from 'vitest';
import { longVowelsDisagree } from './score.js';
import { analyseName } from './analyse.js';
import { buildNameIndex } from './name-index.js';

const key = (word: string): string => analyseName(word).tokens[0]?.key ?? '';

describe('Arabic long vowels and Hebrew short words', () => {
  it('tells names with the same consonants apart by the long vowels Arabic writes', () => {
    // حسين Husayn writes a yeh where HASSAN has a; سارا Sara an alef where SURI has u; محمدی a final yeh.
    expect(longVowelsDisagree(key('حسين'), key('hassan'))).toBe(true);
    expect(longVowelsDisagree(key('حسين'), key('hussein'))).toBe(false);
    expect(longVowelsDisagree(key('سارا'), key('suri'))).toBe(true);
    expect(longVowelsDisagree(key('محمدی'), key('muhammad'))).toBe(true);
    // The article's alef inside a compound is read u or e (Abdul Rahman, Hamdullah); final alef maksura as i.
    expect(longVowelsDisagree(key('عبدالرحمان'), key('abdulrahman'))).toBe(false);
    expect(longVowelsDisagree(key('حقانى'), key('haqqani'))).toBe(false);
  });

  // OFAC SDN 2023-12-28: SURI, Muhammad (25490), ASSIRI, Ahmed (31162), AL-TIKRITI, Uday Saddam Hussein (7845),
  // IS BANK, AO (22507), MIRE, Mohamed Ali (23719, given names Mohamed Ali).
  const index = buildNameIndex([
    { ref: 'suri', names: [{ full: 'SURI, Muhammad', strength: 'strong' }] },
    { ref: 'assiri', names: [{ full: 'ASSIRI, Ahmed', strength: 'strong' }] },
    { ref: 'uday', names: [{ full: 'AL-TIKRITI, Uday Saddam Hussein', strength: 'strong' }] },
    { ref: 'isbank', names: [{ full: 'IS BANK, AO', strength: 'strong' }] },
    { ref: 'mire', names: [{ full: 'MIRE, Mohamed Ali', given: 'Mohamed Ali', strength: 'strong' }] },
    { ref: 'sungkar', names: [{ full: 'SUNGKAR, Said Ahmad', given: 'Said Ahmad', strength: 'strong' }] },
    { ref: 'abbasi', names: [{ full: 'ABBASI, Hossein', given: 'Hossein', strength: 'strong' }] },
  ]);
  const refs = (name: string): string[] => index.search({ names: [name] }, { minScore: 0.8 }).map((m) => m.ref);

  it('a full name whose words disagree in their long vowels is another name; the listed spelling still matches', () => {
    expect(refs('سارا محمدی')).toEqual([]);
    expect(refs('سارا حمیدی')).toEqual([]);
    expect(refs('عدي صدام حسين التكريتي')).toEqual(['uday']);
    // احسان Ehsan writes an alef where HOSSEIN has the diphthong a yeh would write.
    expect(refs('احسان عباسی')).toEqual([]);
    expect(refs('حسين عباسی')).toEqual(['abbasi']);
  });

  it('in a name of several words, an Arabic word one consonant class from the listed word is little evidence', () => {
    // أحمد آل العسكري Ahmad Al al-Askari: askri and SUNGKAR are one class apart (skr, snkr).
    expect(refs('أحمد آل العسكري')).toEqual([]);
  });

  it('two Hebrew letters or one consonant agree with a Latin word only as much as a short class key', () => {
    // בן עיסא Ben Isa: עיסא ys keys as IS; מאיר לוי Meir Levi: לוי read loi has the one consonant of ALI.
    expect(refs('בן עיסא')).toEqual([]);
    expect(refs('מאיר לוי')).toEqual([]);
  });
});

describe('Hebrew readings and skeletons', () => {
  // OFAC SDN 2023-12-28: KARPOV, Pavel (15880).
  const index = buildNameIndex([
    { ref: 'karpov', names: [{ full: 'KARPOV, Pavel', given: 'Pavel', strength: 'strong' }] },
  ]);
  const refs = (name: string): string[] => index.search({ names: [name] }, { minScore: 0.8 }).map((m) => m.ref);

  it('reads ב as v and פ as f, and finds a listed skeleton a consonant shorter (a vav read as v)', () => {
    // פבל pbl: Pavel; קרפוב krpvb: Karpov (the final ב is v, the vav before it a vowel).
    expect(refs('פבל קרפוב')).toEqual(['karpov']);
    expect(refs('פאבל קארפוב')).toEqual(['karpov']);
  });

  it('a Hebrew word keying like a Latin honorific is a name (אלטע lt is not Lt.)', () => {
    expect(analyseName('אלטע דביר').tokens.map((t) => t.text)).toEqual(['lt', 'dbyr']);
    expect(analyseName('אלטע דביר').titles).toEqual([]);
  });
});
