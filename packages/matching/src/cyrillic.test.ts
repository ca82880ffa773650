import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { classKey } from './cross-script.js';
import {
  letterBits,
  mayTranscribe,
  transcriptionCost,
  transcriptionKeys,
  transcriptionSimilarity,
  writtenConsonants,
} from './cyrillic.js';
import { buildNameIndex } from './name-index.js';
import { tokenSimilarity } from './score.js';
import { otherReadings } from './transliterate.js';

const HOLD = 0.8;

/** The Latin word as analyse.ts romanises it (diacritics off, ł l, ø o, ...). */
function latin(word: string): string {
  return analyseName(word).tokens[0]?.text ?? '';
}

function similarity(cyrillic: string, word: string): number {
  return transcriptionSimilarity(cyrillic, latin(word));
}

// Pairs from the Wikidata token set (wd_russian_tokens.tsv, development rows): a Russian transcription and the
// name it transcribes.
describe('Russian transcriptions of foreign names', () => {
  it.each([
    // English: э and эй for a, уо for wo, кв/ку for qu, a silent final e, r after a vowel, -ley.
    ['пэланс', 'palance'],
    ['оллуорти', 'allworthy'],
    ['куэйт', 'quate'],
    ['грэйсен', 'gracen'],
    ['ярдли', 'yeardley'],
    ['уолгер', 'walger'],
    ['эйси', 'acy'],
    // French: ю for u, о for au/eau, ен for in/un, е for ais, silent final consonants.
    ['шербюлье', 'cherbuliez'],
    ['арто', 'arthaud'],
    ['арну', 'arnoux'],
    ['полен', 'paulin'],
    ['верден', 'verdun'],
    ['мальте', 'maltais'],
    ['дайян', 'dailland'],
    // German, Dutch, Scandinavian, Finnish: ц for z, у for oe, у for o, ю for y.
    ['штуц', 'stoutz'],
    ['гуталс', 'goethals'],
    ['турмуд', 'tormod'],
    ['вяюрюнен', 'väyrynen'],
    ['сёдерлунн', 'søderlund'],
    // Italian, Polish, Romanian, Albanian: чч for cc, дж for drz and xh, ен for ę, я for ea.
    ['вуччино', 'vuccino'],
    ['анджей', 'andrzej'],
    ['зарембский', 'zarębski'],
    ['ризя', 'rizea'],
    ['реджаи', 'rexhai'],
    // English er, ur, ir as ё/е before р (Bird Бёрд, Furth Ферт).
    ['бёрд', 'bird'],
    ['стёрт', 'sturt'],
    ['ферт', 'furth'],
    // Hungarian gy, Czech ř; Indian and Thai aspirates (бх bh, пх ph, тх th).
    ['дьетваи', 'gyetvai'],
    ['катержина', 'kateřina'],
    ['бхушан', 'bhushan'],
    ['пхогат', 'phogat'],
    ['тхюи', 'thuy'],
    // Latin and Greek names without their nominative ending; Greek β as в.
    ['амний', 'amnius'],
    ['корбулон', 'corbulo'],
    ['трасивулос', 'thrasiboulos'],
    // Palladius: цз j, ц q, сю xiu/xu, чж zh, final н ng, initial и yi.
    ['юньци', 'yunqi'],
    ['лицзюнь', 'lijun'],
    ['чжицзюнь', 'zhijun'],
    ['сянфу', 'xiangfu'],
    ['чаншо', 'changshuo'],
    ['чунхуа', 'chonghua'],
    ['игун', 'yigong'],
    ['хуэйлинь', 'huilin'],
    // Polivanov: си shi, ти chi, дзи ji, сё sho, тя cha.
    ['ёсиити', 'yoshiichi'],
    ['сиросити', 'shiroshichi'],
    ['рюдзин', 'ryūjin'],
    ['сёрё', 'shōryō'],
    ['тоёсима', 'toyoshima'],
  ])('reads %s as a transcription of %s', (cyrillic, word) => {
    expect(similarity(cyrillic, word)).toBeGreaterThanOrEqual(HOLD);
  });

  // Names of the OFAC SDN and UN lists, as Russian transcribes them.
  it.each([
    // English a before a consonant and a silent e as эй/ей; French g before e as ж; Greek θ as ф.
    ['джеймс', 'james'],
    ['жорж', 'georges'],
    ['феодосия', 'theodosia'],
    // Initial Io- for Latin Jo- (Greek Ιω-).
    ['иосиф', 'joseph'],
    ['иоанна', 'joana'],
  ])('reads %s as a transcription of the listed %s', (cyrillic, word) => {
    expect(similarity(cyrillic, word)).toBeGreaterThanOrEqual(HOLD);
  });

  it.each([
    // Polish and Czech -ska for -ская.
    ['павловская', 'pawlowska'],
    // English -es with its e silent.
    ['джонс', 'jones'],
    // Scottish and Irish Mc.
    ['макговерн', 'mcgovern'],
    ['макгилл', 'mcgill'],
    // French -ier.
    ['шеризье', 'cherizier'],
    // West Slavic and Croatian c as ц before a consonant or at the end.
    ['тополовец', 'topolovec'],
  ])('reads %s as a regular transcription of the listed %s', (cyrillic, word) => {
    expect(transcriptionCost(cyrillic, latin(word))).toBeLessThanOrEqual(0.15);
  });

  // More pairs from the development rows of the Wikidata token set, for conventions the lists have no name of.
  it.each([
    // Polish ą as он, rz as ж, io as е.
    ['вонтор', 'wątor'],
    ['хжонстек', 'chrząstek'],
    ['вишневецкий', 'wiśniowiecki'],
    // Dutch ui, uy, ae; Hungarian ly.
    ['влигхёйс', 'vlieghuis'],
    ['хёйгебарт', 'huyghebaert'],
    ['ибойя', 'ibolya'],
    // French oy, eu, -iers; English final augh, -age, ci.
    ['локруа', 'lockroy'],
    ['эжен', 'eugène'],
    ['дютье', 'duthiers'],
    ['лимбо', 'limbaugh'],
    ['тёрнидж', 'turnage'],
    ['анастейша', 'anastacia'],
    // French e muet between consonants left out.
    ['ришлэ', 'richelet'],
    ['бланшфор', 'blanchefort'],
    // Dutch ouw; Greek γι as й; Latin ti before a vowel as ц.
    ['дауэс', 'douwes'],
    ['панайотидис', 'panagiotidis'],
    ['марций', 'martius'],
    ['курциус', 'curtius'],
  ])('reads %s as a transcription of %s (development rows)', (cyrillic, word) => {
    expect(similarity(cyrillic, word)).toBeGreaterThanOrEqual(HOLD);
  });

  it('reads г as the h of German and English names (the listed HAMBURG), and м as the Japanese n before b', () => {
    expect(transcriptionCost('гамбург', 'hamburg')).toBeLessThan(0.25);
    expect(similarity('гаймзёт', 'heimsoeth')).toBeGreaterThanOrEqual(HOLD);
    // Development row: Hepburn writes ん n or m before b, Polivanov м.
    expect(similarity('камба', 'kanba')).toBeGreaterThanOrEqual(HOLD);
  });

  it('reads the final -eh of Levantine and Persian spellings as а (the listed SALAMEH)', () => {
    expect(transcriptionCost('салама', 'salameh')).toBeLessThan(0.25);
  });

  it('reads a Latin c as ц at a small cost, and Latin g as ж before e, i, y only', () => {
    expect(transcriptionCost('тополовец', 'topolovec')).toBeLessThan(0.2);
    expect(transcriptionCost('кавенцкий', latin('kawęcki'))).toBeLessThan(0.35);
    expect(transcriptionCost('жорж', 'georges')).toBeLessThan(transcriptionCost('жорж', 'gorges'));
    // French -ger as -же (development row).
    expect(transcriptionCost('руже', 'rouger')).toBeLessThan(0.2);
  });

  it('is never as strong as an exact spelling', () => {
    expect(similarity('пэланс', 'palance')).toBeLessThan(0.93);
    expect(transcriptionCost('пэланс', 'palance')).toBeLessThan(0.2);
  });

  it('does not read a Cyrillic word as a Latin one with other consonants', () => {
    expect(similarity('тетл', 'trell')).toBeLessThan(HOLD);
    expect(similarity('соколова', 'zacharova')).toBe(0);
    expect(similarity('пэланс', 'balance')).toBeLessThan(HOLD);
  });

  it('reads Latin c as с before e, i, y and as к elsewhere', () => {
    expect(transcriptionCost('эйси', 'acy')).toBeLessThan(transcriptionCost('эйки', 'acy'));
    expect(transcriptionCost('кауи', 'cowie')).toBeLessThan(transcriptionCost('сауи', 'cowie'));
  });

  it('finds candidates by the class keys of the Latin spellings, silent endings included', () => {
    expect(transcriptionKeys('арно')).toContain(classKey('arnoux'));
    expect(transcriptionKeys('юньци')).toContain(classKey('yunqi'));
    expect(transcriptionKeys('вуччино')).toContain(classKey('vuccino'));
    expect(transcriptionKeys('арто')).toContain(classKey('arthaud'));
    // Latin tsh and ck are one class each (ts, ck), Cyrillic т ш and ц к two.
    expect(transcriptionKeys('мухаметшин')).toContain(classKey('mukhametshin'));
    expect(transcriptionKeys('тополовец')).toContain(classKey('topolovec'));
    expect(transcriptionKeys('платц')).toContain(classKey('platz'));
  });
});

describe('Cyrillic transcriptions in the name index', () => {
  it('finds a foreign name from its Russian transcription', () => {
    const index = buildNameIndex([
      { ref: 'arthaud', names: [{ full: 'ARTHAUD', strength: 'strong' }] },
      { ref: 'cherbuliez', names: [{ full: 'CHERBULIEZ', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['Арто'] }, { minScore: HOLD })[0]?.ref).toBe('arthaud');
    expect(index.search({ names: ['Шербюлье'] }, { minScore: HOLD })[0]?.ref).toBe('cherbuliez');
  });

  it('does not read a name as a transcription of a legal form or generic word', () => {
    // Бэнак is Baynac, not BANK, which a Cyrillic name would write Банк.
    const index = buildNameIndex([
      { ref: 'bank', names: [{ full: 'INDUSTRIAL BANK', strength: 'strong' }] },
      { ref: 'baynac', names: [{ full: 'BAYNAC', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['Бэнак'] }, { minScore: 0.5 }).map((m) => m.ref)).toEqual(['baynac']);
    const token = analyseName('бэнак', { alternatives: true }).tokens[0]!;
    expect(tokenSimilarity(token, analyseName('BANK').tokens[0]!)).toBeLessThan(HOLD);
  });

  it('finds a short foreign name whose consonants make one class only', () => {
    // Acy: one sibilant (s), as in Эйси; such keys are looked up for Cyrillic transcriptions only.
    const index = buildNameIndex([{ ref: 'acy', names: [{ full: 'ACY', strength: 'strong' }] }]);
    expect(index.search({ names: ['Эйси'] }, { minScore: HOLD })[0]?.ref).toBe('acy');
  });

  it('ranks a regular transcription above a closer romanisation that no practice writes', () => {
    // Берто is French Berthaut; Berton would be Бертон. Кеннеди is Cannedy before Kenney.
    const berto = analyseName('берто', { alternatives: true }).tokens[0]!;
    const sim = (word: string): number => tokenSimilarity(berto, analyseName(word).tokens[0]!);
    expect(sim('BERTHAUT')).toBeGreaterThan(sim('BERTON'));
    expect(sim('BERTON')).toBeLessThan(HOLD);
    const kennedy = analyseName('кеннеди', { alternatives: true }).tokens[0]!;
    expect(tokenSimilarity(kennedy, analyseName('CANNEDY').tokens[0]!)).toBeGreaterThan(
      tokenSimilarity(kennedy, analyseName('KENNEY').tokens[0]!),
    );
  });

  it('compares a Cyrillic word with every Latin spelling of a key, not only the first one listed', () => {
    // FOURTH and FURTH share a phonetic key; Ферт transcribes Furth only.
    const index = buildNameIndex([
      { ref: 'fourth', names: [{ full: 'FOURTH', strength: 'strong' }] },
      { ref: 'furth', names: [{ full: 'FURTH', strength: 'strong' }] },
    ]);
    const refs = index.search({ names: ['Ферт'] }, { minScore: HOLD }).map((m) => m.ref);
    expect(refs).toEqual(['furth']);
  });

  it('lets a close spelling count a little above the fit of its transcription, never far above', () => {
    const token = analyseName('сильвестр', { alternatives: true }).tokens[0]!;
    const fit = transcriptionSimilarity('сильвестр', 'silvestri');
    const sim = tokenSimilarity(token, analyseName('SILVESTRI').tokens[0]!);
    expect(fit).toBeGreaterThanOrEqual(HOLD);
    expect(sim).toBeGreaterThan(fit);
    expect(sim).toBeLessThanOrEqual(fit + 0.06 + 1e-9);
  });

  it('reads ё as the yo of a foreign name', () => {
    expect(otherReadings('ёханэ', 'Cyrl')).toContain('yohane');
  });

  it('rules out, before any alignment, Latin words with a consonant that nothing on the other side writes', () => {
    const may = (cyrillic: string, word: string): boolean =>
      mayTranscribe(cyrillic, letterBits(latin(word)), writtenConsonants(latin(word)));
    // евгений: в must be written (v, w, f, b, u, ...), and Latin k has no Cyrillic letter of its own here.
    expect(may('евгений', 'cano')).toBe(false);
    expect(may('евгений', 'kogan')).toBe(false);
    expect(may('евгений', 'evgeni')).toBe(true);
    // h, r and w may be silent, and the second of two equal letters too: they rule nothing out.
    expect(writtenConsonants('whitt')).toBe(letterBits('t'));
  });

  it('never rules out a pair whose transcription fits (every Latin word against every Cyrillic one of a sample)', () => {
    const cyrillic = ['пэланс', 'оллуорти', 'шербюлье', 'арто', 'цзюньци', 'вуччино', 'евгений', 'жиров', 'авен'];
    const words = ['palance', 'allworthy', 'cherbuliez', 'arthaud', 'junqi', 'vuccino', 'evgeni', 'zhirov', 'owen'];
    let fits = 0;
    for (const c of cyrillic) {
      for (const word of [...words, 'wen', 'awan', 'yevgeniy', 'jirov', 'kogan', 'cano']) {
        const text = latin(word);
        if (transcriptionCost(c, text) > 2 / 3) continue;
        fits++;
        expect(mayTranscribe(c, letterBits(text), writtenConsonants(text)), `${c} ${word}`).toBe(true);
      }
    }
    expect(fits).toBeGreaterThanOrEqual(cyrillic.length);
  });

  it('gives the same cost whether or not a limit lets it stop early, when the cost is within the limit', () => {
    for (const [c, word] of [
      ['пэланс', 'palance'],
      ['оллуорти', 'allworthy'],
      ['кауи', 'cowie'],
    ] as const) {
      const full = transcriptionCost(c, latin(word));
      expect(full).toBeLessThanOrEqual(2 / 3);
      expect(transcriptionCost(c, latin(word), 2 / 3)).toBeCloseTo(full, 12);
    }
    expect(transcriptionCost('евгений', latin('kogan'), 2 / 3)).toBe(Infinity);
  });
});

// Development rows of wd_russian_tokens.tsv and the conventions behind them.
describe('Russian transcriptions of Latin, Swedish, French, Turkic and Polish names', () => {
  it('drops the Latin nominative -us and -is as cheaply as -ius (Severus Север, Silvestris Сильвестр)', () => {
    expect(similarity('север', 'severus')).toBeGreaterThan(0.87);
    expect(similarity('сильвестр', 'silvestris')).toBeGreaterThan(0.87);
  });

  it('reads an initial й as the Swedish g before a front vowel, and only there', () => {
    expect(similarity('йоран', 'göran')).toBeGreaterThan(HOLD);
    expect(similarity('майер', 'mager')).toBe(0);
  });

  it('reads French ill before a as йя (Dailland Дайян)', () => {
    expect(similarity('дайян', 'dailland')).toBeGreaterThan(0.835);
  });

  it('reads the genitive -ца of a name in -ец (Городца for Gorodets)', () => {
    expect(similarity('городца', 'gorodets')).toBeGreaterThan(HOLD);
    expect(similarity('городца', 'gorodtsa')).toBeGreaterThan(HOLD);
  });

  it('reads a final д, б as the t, p of Turkic and Caucasian spellings, not a medial one', () => {
    expect(similarity('ахмед', 'ahmet')).toBeGreaterThan(0.87);
    expect(similarity('давид', 'davit')).toBeGreaterThan(0.87);
    expect(similarity('хабиб', 'habip')).toBeGreaterThan(0.87);
    expect(similarity('габдулвахид', 'ğäbdelwahit')).toBeGreaterThanOrEqual(HOLD);
    expect(similarity('адам', 'atam')).toBe(0);
  });

  it('finds a Polish name by its nasal vowel, which romanisation drops (Świętochowski Свентоховский)', () => {
    expect(analyseName('Świętochowski').tokens[0]?.classKeys).toContain('sntsk');
    expect(analyseName('Zarębski').tokens[0]?.classKeys).toContain('srmbsk');
    const index = buildNameIndex([{ ref: 'sw', names: [{ full: 'ŚWIĘTOCHOWSKI', strength: 'strong' }] }]);
    expect(index.search({ names: ['Свентоховский'] }, { minScore: HOLD })[0]?.ref).toBe('sw');
  });

  it('matches a Russian word with its Polish spelling exactly (Ершов Jerszow, Хрущёв Chruszczow)', () => {
    for (const [cyrillic, polish] of [
      ['Ершов', 'Jerszow'],
      ['Хрущёв', 'Chruszczow'],
      ['Сергей', 'Siergiej'],
    ] as const) {
      const query = analyseName(cyrillic, { alternatives: true }).tokens[0];
      const listed = analyseName(polish).tokens[0];
      if (!query || !listed) throw new Error('no token');
      expect(tokenSimilarity(query, listed)).toBe(1);
    }
    const index = buildNameIndex([
      { ref: 'yershov', names: [{ full: 'YERSHOV, Sergey', strength: 'strong' }] },
      { ref: 'jerszow', names: [{ full: 'JERSZOW', strength: 'strong' }] },
    ]);
    expect(index.search({ names: ['Ершов'] }, { minScore: HOLD })[0]?.ref).toBe('jerszow');
  });
});
