import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectScript, isVowelless, otherReadings, polishReading, romanise, ROMANISER } from './transliterate.js';

describe('detectScript', () => {
  it('names the script most letters are written in', () => {
    expect(detectScript('Putin')).toBe('Latn');
    expect(detectScript('Путин')).toBe('Cyrl');
    expect(detectScript('Σεργίδης')).toBe('Grek');
    expect(detectScript('خامنه‌ای')).toBe('Arab');
    expect(detectScript('כהן')).toBe('Hebr');
    expect(detectScript('王伟')).toBe('Hani');
    expect(detectScript('김정은')).toBe('Hang');
    expect(detectScript('プーチン')).toBe('Kana');
    expect(detectScript('安倍晋三')).toBe('Hani');
    expect(detectScript('安倍しんぞう')).toBe('Kana');
    expect(detectScript('1234')).toBe('Zyyy');
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
    // An accent on the first vowel or a diaeresis on the second keeps two vowels apart (Σόιγκου, Χαμενεΐ).
    expect(romanise('σόιγκου')).toBe('soingou');
    expect(romanise('χαμενεΐ')).toBe('khamenei');
  });

  it('reads Greek as foreign names are transcribed into it', () => {
    // OFAC SDN 2023-12-28: PUTIN, Vladimir; KADYROV, Ramzan; LUKASHENKO, Aleksander; KIM, Jong Un; MISHUSTIN,
    // Mikhail; SINWAR, Yahya; LAVROV, Sergey. The Greek press writes them so.
    expect(otherReadings('βλαντιμίρ', 'Grek')).toContain('vladimir');
    expect(otherReadings('καντίροφ', 'Grek')).toContain('kadirov');
    expect(otherReadings('λουκασένκο', 'Grek')).toContain('lukashenko');
    expect(otherReadings('γιονγκ', 'Grek')).toContain('jong');
    expect(otherReadings('μισούστιν', 'Grek')).toContain('mishustin');
    expect(otherReadings('σινουάρ', 'Grek')).toContain('sinwar');
    expect(otherReadings('λαβρόφ', 'Grek')).toContain('lavrov');
    // A Greek name read as Greek stays as it is: the main romanisation is not among its other readings.
    expect(otherReadings('παπαδόπουλος', 'Grek')).not.toContain('papadopoulos');
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

  it('romanises every other script with any-ascii', () => {
    expect(romanise('王伟')).toBe('wangwei');
    expect(romanise('김정은')).toBe('gimjeongeun');
    expect(romanise('लुकाशेंको')).toMatch(/^[a-z]+$/);
  });

  it('reads kana voicing marks and Indic vowel signs before stripping marks', () => {
    // ゴ is コ with a voicing mark: decomposed and stripped first, it would read ko.
    expect(romanise('ゴルドフスキー')).toBe('gorudofusuki');
    expect(romanise('プーチン')).toBe('puchin');
    // The vowel sign ो (o) of मोदी is a mark; stripped first, Modi would lose its vowels.
    expect(romanise('मोदी')).toBe('modi');
  });

  it('folds small kana into the mora before them and reads the long-vowel mark and small tsu as nothing', () => {
    expect(romanise('ファ')).toBe('fa');
    expect(romanise('ティ')).toBe('ti');
    expect(romanise('チェ')).toBe('che');
    expect(romanise('ジャ')).toBe('ja');
    expect(romanise('ウィ')).toBe('wi');
    // ヴェクセリベルク: OFAC lists VEKSELBERG, Viktor.
    expect(romanise('ヴェクセリベルク')).toBe('vekuseriberuku');
    expect(romanise('ラッセル')).toBe('raseru');
  });

  it('reads kana loanwords without the vowels Japanese adds to close syllables', () => {
    // デリパスカ: OFAC lists DERIPASKA, Oleg Vladimirovich; ヴィクトル keeps the o of Viktor in one reading.
    expect(otherReadings('デリパスカ', 'Kana')).toContain('deripaska');
    expect(otherReadings('ヴィクトル', 'Kana')).toContain('viktor');
    expect(otherReadings('ヘンドリックス', 'Kana')).toContain('hendriks');
    // A native name keeps its own reading as the token's main romanisation.
    expect(romanise('みずき')).toBe('mizuki');
  });

  it('reads Hebrew vav and yod as vowels between consonants, and Cyrillic х as h', () => {
    // אולג דריפסקה: Oleg Deripaska; the vav of אולג is the o, not a v.
    expect(otherReadings('אולג', 'Hebr')[0]).toBe('olg');
    expect(otherReadings('וושינגטון', 'Hebr')[0]).toBe('vshington');
    expect(otherReadings('хаким', 'Cyrl')).toEqual(['hakim']);
    expect(otherReadings('путин', 'Cyrl')).toEqual([]);
  });

  it('drops the vowel Hangul adds to a closing consonant of a loanword', () => {
    // 피노체트 pi-no-che-teu: Pinochet (OFAC lists Chilean names spelt so; here the romanised form).
    expect(romanise('피노체트')).toBe('pinochet');
    expect(romanise('스미스')).toBe('smis');
    // 으 on its own is a vowel, not an added one.
    expect(romanise('으')).toBe('eu');
  });

  it('always yields plain Latin for Cyrillic input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[а-яёіїєґў]{1,12}$/), (word) => {
        expect(romanise(word)).toMatch(/^[a-z]*$/);
      }),
    );
  });
});

describe('ROMANISER', () => {
  it('names the any-ascii version installed, so the engine version says what romanised', () => {
    const main = createRequire(import.meta.url).resolve('any-ascii');
    const installed = JSON.parse(readFileSync(join(dirname(main), 'package.json'), 'utf8')) as { version: string };
    expect(ROMANISER).toBe(`any-ascii/${installed.version}`);
  });
});

describe('polishReading', () => {
  it('spells a Russian word as Polish does: w, ch, cz, sz, szcz, j for the glide, i for softness', () => {
    expect(polishReading('ершов')).toBe('jerszow');
    expect(polishReading('хрущёв')).toBe('chruszczow');
    expect(polishReading('сергей')).toBe('siergiej');
    expect(polishReading('васильев')).toBe('wasiljew');
    expect(polishReading('ельцин')).toBe('jelcyn');
    expect(polishReading('шишкин')).toBe('szyszkin');
    expect(polishReading('лёня')).toBe('lonia');
    expect(polishReading('юрий')).toBe('jurij');
  });

  it('has no reading for letters Russian does not have', () => {
    expect(polishReading('тарасівна')).toBeUndefined();
  });
});
