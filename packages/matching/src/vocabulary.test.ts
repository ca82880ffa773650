import { describe, expect, it } from 'vitest';
import { analyseName } from './analyse.js';
import { compareTitles } from './corroborate.js';
import { detectScript, romanise } from './transliterate.js';
import { OFFICES } from './vocabulary.js';

// OFAC SDN 16662 SLUTSKY, Leonid Eduardovich, written in the title's own script.
const SURNAMES: Readonly<Record<string, string>> = {
  Cyrl: 'Слуцкий',
  Grek: 'Σλούτσκι',
  Arab: 'سلوتسكي',
  Hebr: 'סלוצקי',
};
const surnameIn = (script: string): string => SURNAMES[script] ?? 'Slutsky';

describe('titles of office', () => {
  it('every title dropped from a name corroborates the office it names', () => {
    // The words that are dropped and the stems that corroborate are one table; a word whose romanised form drifts
    // from its stems (رئيس romanises riis, not ris) would be dropped and then never count.
    for (const { concept, words } of OFFICES) {
      for (const word of words) {
        const analysed = analyseName(`${word} ${surnameIn(detectScript(word))}`);
        expect(
          analysed.tokens.filter((t) => t.role === 'name'),
          word,
        ).toHaveLength(1);
        const listed = concept === 'prime minister' ? 'Prime Minister' : concept;
        expect(compareTitles(analysed.titles.map(romanise), [listed]), `${word} (${concept})`).toBe('match');
      }
    }
  });

  it('drops titles of several words whole, and they corroborate their office', () => {
    for (const { concept, phrases = [] } of OFFICES) {
      for (const phrase of phrases) {
        const analysed = analyseName(`${phrase.join(' ')} ${surnameIn(detectScript(phrase[0] as string))}`);
        expect(
          analysed.tokens.filter((t) => t.role === 'name'),
          phrase.join(' '),
        ).toHaveLength(1);
        expect(analysed.titles, phrase.join(' ')).toHaveLength(phrase.length);
        expect(compareTitles(analysed.titles.map(romanise), [concept]), phrase.join(' ')).toBe('match');
      }
    }
    // OFAC SDN 26945 KHAMENEI, Ali Husseini: "Supreme Leader of Iran"; a vice-president is not the president.
    expect(compareTitles(analyseName('Верховный лидер Хаменеи').titles.map(romanise), ['Supreme Leader of Iran'])).toBe(
      'match',
    );
    const vice = analyseName('Vice President Maduro');
    expect(vice.tokens.map((t) => t.text)).toEqual(['maduro']);
    expect(compareTitles(vice.titles.map(romanise), ['President of the Bolivarian Republic of Venezuela'])).toBe(
      'unknown',
    );
  });

  it('reads OFAC titles of parliament members, governors and commanders', () => {
    // OFAC SDN 16662 SLUTSKY, Leonid Eduardovich: "Member of the State Duma of the Federal Assembly of the Russian
    // Federation"; the press writes депутат Слуцкий.
    const duma = ['Member of the State Duma of the Federal Assembly of the Russian Federation'];
    expect(compareTitles(analyseName('депутат Слуцкий').titles.map(romanise), duma)).toBe('match');
    expect(compareTitles(analyseName('губернатор Слуцкий').titles.map(romanise), duma)).toBe('unknown');
    expect(compareTitles(['gubernatora'], ['Governor of Sevastopol'])).toBe('match');
  });

  it("a vice-president's or deputy's title does not answer for the office itself", () => {
    expect(compareTitles(['prezident'], ['Vice President of the Bolivarian Republic of Venezuela'])).toBe('unknown');
    expect(compareTitles(['ministr'], ['Deputy Minister of Defense'])).toBe('unknown');
    expect(compareTitles(['ministr'], ['Minister of Defense'])).toBe('match');
  });

  it('does not drop a title that is also a common name', () => {
    // وزير Wazir and Sardar are given names and surnames as well as titles.
    expect(analyseName('Wazir Khan').tokens).toHaveLength(2);
    expect(analyseName('Sardar Khan').tokens).toHaveLength(2);
  });
});
