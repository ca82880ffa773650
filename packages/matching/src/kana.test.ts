import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { kanaCloseness, kanaSimilarity, loanwordReadings, romaniseKana, spokenKeys, spokenSpellings } from './kana.js';
import { buildNameIndex } from './name-index.js';
import { tokenSimilarity } from './score.js';

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

  it('reads チ and ジ as the ti and di of the established spellings, ジェ as de, an initial ウ before r as v', () => {
    expect(loanwordReadings('マルチーニョ')).toContain('martinyo'); // Martinho
    expect(loanwordReadings('ジムロート')).toContain('dimroto'); // Dimroth
    expect(loanwordReadings('ゲンナジー')).toContain('gennadi'); // Gennady
    expect(loanwordReadings('メドヴェージェフ')).toContain('medvedef'); // Medvedev
    expect(loanwordReadings('ウラジオストク')).toContain('vradiostok'); // Vladivostok
    // A short final チ is the -ch of the source, never a ti (ヴィチ -vich); a ウ before another row stays a vowel.
    expect(loanwordReadings('ラキティッチ')).not.toContain('rakitit');
    expect(loanwordReadings('ウガエフ').some((r) => r.startsWith('v'))).toBe(false);
    // Before r the written u stays a reading (ウルミラ Urmila).
    expect(loanwordReadings('ウルミラ')).toEqual(expect.arrayContaining(['urmira', 'vrmira']));
  });
});

describe('kana words against Latin names', () => {
  const token = (name: string, query = false) =>
    analyseName(name, { alternatives: query }).tokens[0] as ReturnType<typeof analyseName>['tokens'][number];

  it('counts a vowel for another as little, a vowel more or less as half, r for l as next to nothing, a consonant as one', () => {
    expect(kanaCloseness('tabs', 'tubs')).toBeCloseTo(1 - 0.25 / 4); // タッブス Tubbs
    expect(kanaCloseness('lunel', 'luenel')).toBeCloseTo(1 - 0.5 / 6); // ルーネル Luenell
    expect(kanaCloseness('runer', 'rubner')).toBeCloseTo(1 - 1 / 6); // not Rubner
    // Kana has one liquid: グリロ griro for Grillo costs next to nothing.
    expect(kanaCloseness('griro', 'grilo')).toBeCloseTo(1 - 0.1 / 5);
    // バ for v is the older spelling (ガビラ Gavira), but ヴ is no b.
    expect(kanaCloseness('gabira', 'gavira')).toBeCloseTo(1 - 0.1 / 6);
    expect(kanaCloseness('vera', 'bera')).toBeCloseTo(1 - 0.5 / 4);
  });

  it('stops early with 0 below a least closeness, and is exact above it', () => {
    expect(kanaCloseness('lunel', 'luenel', 0.85)).toBeCloseTo(kanaCloseness('lunel', 'luenel'), 12);
    expect(kanaCloseness('runer', 'rubner', 0.85)).toBe(0);
    expect(kanaCloseness('runer', 'rubner', 0.8)).toBeCloseTo(1 - 1 / 6, 12);
    // Lengths three apart cannot be within 0.15 of each other's length.
    expect(kanaCloseness('tabs', 'tabsxyz', 0.85)).toBe(0);
    // q is near both k and s, as in the table of consonant groups.
    expect(kanaCloseness('qarim', 'karim')).toBeCloseTo(kanaCloseness('qarim', 'sarim'), 12);
  });

  it('scores a kana word whose readings differ from the Latin key in vowels as a near match', () => {
    expect(kanaSimilarity(['lunel'], 'luenel')).toBeGreaterThan(0.85);
    expect(kanaSimilarity(['runer'], 'rubner')).toBe(0);
    expect(tokenSimilarity(token('ルーネル', true), token('luenell'))).toBeGreaterThan(
      tokenSimilarity(token('ルーネル', true), token('rubner')),
    );
    expect(tokenSimilarity(token('パートン', true), token('purton'))).toBeGreaterThan(0.85);
  });

  it('finds a one-word listed name for a one-word kana query by a short class key', () => {
    // フレアー furea and FLOER share only the class key br; スガン sugan and SEGUIN skn.
    const filler = Array.from({ length: 60 }, (_, j) => ({
      ref: `filler-${j}`,
      names: [{ full: `SURNAME${String.fromCharCode(97 + (j % 26))}X${j}, Ivan`, strength: 'strong' as const }],
    }));
    const index = buildNameIndex([
      { ref: 'floer', names: [{ full: 'FLOER', strength: 'strong' }] },
      { ref: 'seguin', names: [{ full: 'SEGUIN', strength: 'strong' }] },
      ...filler,
    ]);
    expect(index.search({ names: ['フレアー'] }, { minScore: 0.8 })[0]?.ref).toBe('floer');
    expect(index.search({ names: ['スガン'] }, { minScore: 0.8 })[0]?.ref).toBe('seguin');
  });

  it('compares a Latin word also as kana would write it, and an exact such reading above a near one', () => {
    // ハーベラー and HABERA: the kana is spelled like the rival, but the pair's own word reads close as well.
    expect(tokenSimilarity(token('マリヴォー', true), token('marivaux'))).toBeGreaterThan(0.9);
    expect(tokenSimilarity(token('カルトー', true), token('carteaux'))).toBeGreaterThan(
      tokenSimilarity(token('カルトー', true), token('kartop')),
    );
    expect(tokenSimilarity(token('ヴァイヒライン', true), token('weichlein'))).toBeGreaterThan(0.85);
    expect(tokenSimilarity(token('シャプラン', true), token('chaplain'))).toBeGreaterThan(0.85);
    expect(tokenSimilarity(token('マッキム', true), token('mckim'))).toBeGreaterThan(0.85);
    // Not every Latin word: ルーネル runer is no nearer RUBNER read any way.
    expect(kanaSimilarity(['runer'], 'rubner', spokenKeys('rubner'))).toBe(0);
  });

  it('finds a listed word by the class key of its spelling as kana would write it', () => {
    // マリヴォー mrb and MARIVAUX mrbks agree only as Marivaux reads in French (marivo).
    const filler = Array.from({ length: 60 }, (_, j) => ({
      ref: `filler-${j}`,
      names: [{ full: `SURNAME${String.fromCharCode(97 + (j % 26))}X${j}, Ivan`, strength: 'strong' as const }],
    }));
    const index = buildNameIndex([
      { ref: 'marivaux', names: [{ full: 'Pierre MARIVAUX', strength: 'strong' }] },
      ...filler,
    ]);
    expect(index.search({ names: ['ピエール・マリヴォー'] }, { minScore: 0.8 })[0]?.ref).toBe('marivaux');
  });
});

describe('Latin words as kana writes them', () => {
  it('reads English th as s, ee and ea as i, a long vowel before a final silent e, Mc as Mac', () => {
    expect(spokenSpellings('thackray')).toContain('sackray'); // サッカレー
    expect(spokenSpellings('eaton')).toContain('iton'); // イートン
    expect(spokenSpellings('lyme')).toContain('laim'); // ライム
    expect(spokenSpellings('tate')).toContain('teit'); // テイト
    expect(spokenSpellings('mckim')).toContain('mackim'); // マッキム
    expect(spokenSpellings('crewes')).toContain('crus'); // クルーズ
    expect(spokenSpellings('leeds')).toContain('liz'); // リーズ
    expect(spokenSpellings('nation')).toContain('nashon'); // ネイション
    expect(spokenSpellings('byrnes')).toContain('barns'); // バーンズ
    expect(spokenSpellings('churko')).toContain('charko'); // チャーコ
  });

  it('reads French eau, au and -aux as o, oi as wa, ch as sh, and leaves final consonants unsaid', () => {
    expect(spokenSpellings('marivaux')).toContain('marivo'); // マリヴォー
    expect(spokenSpellings('godefroit')).toContain('godefrwa'); // ゴドフロワ
    expect(spokenSpellings('chaplain')).toContain('shaplen'); // シャプラン
    expect(spokenSpellings('madeleine')).toContain('madelen'); // マドレーヌ
    expect(spokenSpellings('sabot')).toContain('sabo'); // サボ
    expect(spokenSpellings('jeuland')).toContain('julan'); // ジュラン
    expect(spokenSpellings('laurent')).toContain('loran'); // ローラン
  });

  it('reads German ei as ai, initial st as sht, h after a vowel as silent, ch after a vowel as h, z as ts, j as y', () => {
    expect(spokenSpellings('weichlein')).toContain('vaihlain'); // ヴァイヒライン
    expect(spokenSpellings('jaager')).toContain('yaager'); // ヤーガー Jääger
    expect(spokenSpellings('storz')).toContain('shtorts'); // シュトルツ
    expect(spokenSpellings('luhmann')).toContain('lumann'); // ルーマン
    expect(spokenSpellings('munzer')).toContain('muntser'); // ムンツァー Münzer
    expect(spokenSpellings('losing')).toContain('lozing'); // レージング Lösing
  });

  it('reads Italian ch as k, c and g before e and i as ch and j, Spanish ll as j and z as s', () => {
    expect(spokenSpellings('ricci')).toContain('richi'); // リッチ
    expect(spokenSpellings('gianpiero')).toContain('janpiero'); // ジャンピエロ
    expect(spokenSpellings('bonilla')).toContain('bonija'); // ボニージャ
    expect(spokenSpellings('nicholle')).toContain('nikolle'); // ニコール
    expect(spokenSpellings('jazmin')).toContain('jasmin'); // ジャスミン
    expect(spokenSpellings('xanana')).toContain('shanana'); // シャナナ
  });

  it('keys only spellings whose key differs from the word', () => {
    expect(spokenKeys('smith')).not.toContain('smit');
    expect(spokenKeys('ivanov')).toEqual([]);
  });
});
