import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectScript, isVowelless, romanise } from './transliterate.js';

describe('detectScript', () => {
  it('names the script most letters are written in', () => {
    expect(detectScript('Putin')).toBe('Latn');
    expect(detectScript('Путин')).toBe('Cyrl');
    expect(detectScript('Σεργίδης')).toBe('Grek');
    expect(detectScript('خامنه‌ای')).toBe('Arab');
    expect(detectScript('כהן')).toBe('Hebr');
    expect(detectScript('王伟')).toBe('Zyyy');
    // A Cyrillic word with one Latin look-alike letter is still Cyrillic.
    expect(detectScript('Пyтин')).toBe('Cyrl');
  });

  it('marks the scripts without written short vowels', () => {
    expect(isVowelless('Arab')).toBe(true);
    expect(isVowelless('Hebr')).toBe(true);
    expect(isVowelless('Cyrl')).toBe(false);
  });
});

describe('romanise', () => {
  it('romanises Russian, Ukrainian and Belarusian letters', () => {
    expect(romanise('щукин')).toBe('shchukin');
    expect(romanise('хрущёв')).toBe('khrushchev');
    expect(romanise('юлия')).toBe('yuliya');
    expect(romanise('олексій')).toBe('oleksiy');
    expect(romanise('лукашэнка')).toBe('lukashenka');
    expect(romanise('барсукоў')).toBe('barsukou');
  });

  it('romanises Greek with its digraphs', () => {
    expect(romanise('δημήτριος')).toBe('dimitrios');
    expect(romanise('παπαδόπουλος')).toBe('papadopoulos');
    expect(romanise('ευάγγελος')).toBe('evangelos');
  });

  it('romanises Arabic and Persian to consonants and long vowels', () => {
    expect(romanise('محمد')).toBe('mhmd');
    expect(romanise('يحيى')).toBe('yahia');
    expect(romanise('جواد')).toBe('jwad');
    expect(romanise('خامنهای')).toBe('khamneay');
  });

  it('turns Latin letters with carons into the digraphs English spellings use', () => {
    expect(romanise('šojgu')).toBe('shojgu');
    expect(romanise('kosačëv')).toBe('kosachev');
    expect(romanise('łukasz')).toBe('lukasz');
  });

  it('keeps letters of scripts it does not know', () => {
    expect(romanise('王伟')).toBe('王伟');
  });

  it('always yields plain Latin for Cyrillic input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[а-яёіїєґў]{1,12}$/), (word) => {
        expect(romanise(word)).toMatch(/^[a-z]*$/);
      }),
    );
  });
});
