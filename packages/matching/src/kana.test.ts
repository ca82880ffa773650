import { describe, expect, it } from 'vitest';
import { loanwordReadings, romaniseKana } from './kana.js';

// Examples are Wikidata persons' names in katakana and Latin (the development name sets).
describe('kana readings of transcribed foreign names', () => {
  it('romanises as written, small kana folded into the mora before them', () => {
    expect(romaniseKana('ヴェクセリベルク')).toBe('vekuseriberuku');
    expect(romaniseKana('ジャンピエロ')).toBe('jampiero');
    expect(romaniseKana('みずき')).toBe('mizuki');
  });

  it('drops the vowels Japanese adds to close syllables, but not a long or geminated vowel', () => {
    expect(loanwordReadings('ヘンドリックス')).toContain('hendriks');
    expect(loanwordReadings('ヴィクトル')).toContain('viktor');
    // クルーズ Crewes: the u of ルー is the name's own vowel.
    expect(loanwordReadings('クルーズ')).toContain('kruz');
    expect(loanwordReadings('クルーズ')).not.toContain('krz');
  });

  it('reads the long-vowel mark after a or o as a silent r, a final aー as -er', () => {
    expect(loanwordReadings('ウィナー')).toContain('winer'); // Winner
    expect(loanwordReadings('ファー')).toContain('far'); // Pharr
    expect(loanwordReadings('ノーサム')).toContain('norsam'); // Northam
  });

  it('reads ン before a labial as n too', () => {
    expect(loanwordReadings('バーベンベルク')).toContain('babenberk'); // Babenberg
    expect(loanwordReadings('マイセンベルク')).toContain('maisenberk'); // Maisenberg
  });

  it('reads シ and ジ as si and zi too', () => {
    expect(loanwordReadings('シセ')).toContain('sise'); // Cisse
    expect(loanwordReadings('キジリアン')).toContain('kizirian'); // Kizirian
  });

  it('reads the ハ row as the velar fricative too', () => {
    expect(loanwordReadings('ハルキアス')).toContain('kharkias'); // Chalkias
  });

  it('reads ュ, ョ and ャ after a consonant as a plain vowel too', () => {
    expect(loanwordReadings('キュット')).toContain('kut'); // Kütt
    expect(loanwordReadings('ペーニャ')).toContain('pena'); // Peña
  });

  it('reads ヴ as w and ウァ, ウィ, ウェ as v too', () => {
    expect(loanwordReadings('ヴァイヒライン')).toContain('waihirain'); // Weichlein
    expect(loanwordReadings('ウァルス')).toContain('vars'); // Varus
  });

  it('reads エイ as the English ay and ai, オー as au and aw too', () => {
    expect(loanwordReadings('ウェイランド')).toContain('wairand'); // Wayland
    expect(loanwordReadings('ベイリー')).toContain('bairi'); // Bayley
    expect(loanwordReadings('ポール')).toContain('paur'); // Paul, with l for r (transliterate.ts)
  });

  it('reads a final iー as English -ie and -ee, and a final iー or eー as -ey, too', () => {
    expect(loanwordReadings('トビー')).toContain('tobe'); // Tobe
    expect(loanwordReadings('ジョビー')).toContain('jobe'); // Jobie, keyed jobe
    expect(loanwordReadings('ケニー')).toContain('kenei'); // Kenney
    expect(loanwordReadings('フォッセー')).toContain('fosei'); // Fossey
  });
});
