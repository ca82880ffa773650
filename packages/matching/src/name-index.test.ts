import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNameIndex, topByPriority, type MatchableParty } from './name-index.js';

// A small corpus: the parties under test, plus filler that makes common words (Vladimir, Sergei, Trading, LLC,
// Bank) common, as they are in real lists, so that rarity weights mean something.
const PARTIES: MatchableParty[] = [
  {
    ref: 'putin',
    names: [{ full: 'PUTIN, Vladimir Vladimirovich', given: 'Vladimir Vladimirovich', strength: 'strong' }],
    birthDates: [{ date: '1952-10-07' }],
    nationalities: ['RU'],
  },
  {
    ref: 'khamenei',
    names: [{ full: 'KHAMENEI, Ali Husseini', given: 'Ali Husseini', strength: 'strong' }],
    birthDates: [{ date: '1939-04-19' }],
  },
  { ref: 'alpha', names: [{ full: 'ALPHA TRADING LLC', strength: 'strong' }] },
  { ref: 'rossiya', names: [{ full: 'BANK ROSSIYA', strength: 'strong' }] },
  {
    ref: 'kadyrov',
    names: [
      { full: 'KADYROV, Ramzan Akhmatovich', strength: 'strong' },
      { full: 'RAMZIK', strength: 'weak' },
    ],
  },
  ...['Sergei', 'Vladimir', 'Ali', 'Ivan', 'Olga'].flatMap((given, i) =>
    Array.from({ length: 30 }, (_, j) => ({
      ref: `filler-${i}-${j}`,
      names: [
        {
          full: `SURNAME${String.fromCharCode(97 + i)}${String.fromCharCode(97 + (j % 26))}X${j}, ${given}`,
          strength: 'strong' as const,
        },
      ],
    })),
  ),
  ...Array.from({ length: 40 }, (_, j) => ({
    ref: `company-${j}`,
    names: [
      {
        full: `${['OMEGA', 'SIGMA', 'DELTA', 'GAMMA'][j % 4]}${j} ${j % 2 ? 'TRADING LLC' : 'BANK'}`,
        strength: 'strong' as const,
      },
    ],
  })),
];

const index = buildNameIndex(PARTIES);
const top = (names: string[], extra: { dob?: string; nationality?: string } = {}) =>
  index.search({ names, ...extra }, { minScore: 0 })[0];
const scoreOf = (ref: string, names: string[], extra: { dob?: string; nationality?: string } = {}) =>
  index.search({ names, ...extra }, { minScore: 0, limit: 50 }).find((m) => m.ref === ref)?.score ?? 0;

describe('NameIndex.search', () => {
  it('finds a designee written in another script, order and case', () => {
    for (const name of ['Vladimir Putin', 'Путин Владимир Владимирович', 'putin, VLADIMIR', 'Wladimir Putin']) {
      const match = top([name]);
      expect(match?.ref, name).toBe('putin');
      expect(match?.score, name).toBeGreaterThan(0.85);
    }
  });

  it('forgives a missing patronymic or middle name more than a missing surname', () => {
    expect(scoreOf('khamenei', ['Ali Khamenei'])).toBeGreaterThan(0.8);
    expect(scoreOf('khamenei', ['Ali Husseini'])).toBeLessThan(scoreOf('khamenei', ['Ali Khamenei']));
    expect(scoreOf('putin', ['Vladimir'])).toBeLessThan(0.7);
  });

  it('lets an initial stand for a given name, for less than the name itself', () => {
    const initial = scoreOf('putin', ['V. Putin']);
    expect(initial).toBeGreaterThan(0.7);
    expect(initial).toBeLessThan(scoreOf('putin', ['Vladimir Putin']));
  });

  it('does not let legal forms or generic words carry a match', () => {
    expect(scoreOf('alpha', ['Beta Trading LLC'])).toBeLessThan(0.5);
    expect(scoreOf('rossiya', ['Bank Alfa'])).toBeLessThan(0.5);
    expect(scoreOf('rossiya', ['Rossiya'])).toBeGreaterThan(0.85);
    expect(scoreOf('alpha', ['Alpha Trading Limited'])).toBeGreaterThan(0.9);
  });

  it('weakens a match on a clearly different birth year and strengthens it on the same date', () => {
    const plain = scoreOf('putin', ['Vladimir Putin']);
    expect(scoreOf('putin', ['Vladimir Putin'], { dob: '1990-01-01' })).toBeLessThan(0.8);
    expect(scoreOf('putin', ['Vladimir Putin'], { dob: '1990' })).toBeLessThan(plain);
    const weaker = scoreOf('putin', ['Vladimir Putina']);
    expect(scoreOf('putin', ['Vladimir Putina'], { dob: '1952-10-07' })).toBeGreaterThan(weaker);
    const match = index.search({ names: ['Vladimir Putin'], dob: '1952-10-07', nationality: 'RU' })[0];
    expect(match?.features.dob).toBe('exact');
    expect(match?.features.nationality).toBe('match');
  });

  it('does not prune a name that its date of birth lifts over the threshold', () => {
    const plain = scoreOf('putin', ['Vladimir Putina']);
    expect(plain).toBeLessThan(0.9);
    const lifted = index.search(
      { names: ['Vladimir Putina'], dob: '1952-10-07', nationality: 'RU' },
      { minScore: 0.9 },
    );
    expect(lifted.map((m) => m.ref)).toEqual(['putin']);
  });

  it('ranks, among many names sharing the query words, the one with least else in it first', () => {
    const many: MatchableParty[] = Array.from({ length: 80 }, (_, i) => ({
      ref: `long-${i}`,
      names: [
        { full: `ALI, Muhammad Hassan Abdallah${String.fromCharCode(97 + (i % 26))}${i}`, strength: 'strong' as const },
      ],
    }));
    const crowded = buildNameIndex([...many, { ref: 'exact', names: [{ full: 'ALI, Muhammad', strength: 'strong' }] }]);
    expect(crowded.search({ names: ['Muhammad Ali'] })[0]?.ref).toBe('exact');
  });

  it('discounts weak aliases', () => {
    const match = index.search({ names: ['Ramzik'] }, { minScore: 0 }).find((m) => m.ref === 'kadyrov');
    expect(match?.features.aliasStrength).toBe('weak');
    expect(match?.score).toBeLessThan(1);
    expect(match?.score).toBeGreaterThan(0.8);
  });

  it('returns nothing for a name sharing no word with the corpus', () => {
    expect(index.search({ names: ['Zzyzx Qwerty'] }, { minScore: 0 })).toEqual([]);
  });

  it('returns parties best first, each once, within the limit', () => {
    const matches = index.search({ names: ['Sergei', 'Vladimir Putin'] }, { minScore: 0, limit: 5 });
    expect(matches.length).toBeLessThanOrEqual(5);
    expect(new Set(matches.map((m) => m.ref)).size).toBe(matches.length);
    for (let i = 1; i < matches.length; i++) expect(matches[i - 1]!.score).toBeGreaterThanOrEqual(matches[i]!.score);
  });

  it('gives the same scores whatever order the parties were indexed in', () => {
    const reversed = buildNameIndex([...PARTIES].reverse());
    for (const name of ['Vladimir Putin', 'Ali Khamenei', 'Alpha Trading']) {
      const a = index.search({ names: [name] }, { minScore: 0.5 }).map((m) => [m.ref, m.score]);
      const b = reversed.search({ names: [name] }, { minScore: 0.5 }).map((m) => [m.ref, m.score]);
      expect(b).toEqual(a);
    }
  });

  it('scores a query alike whatever the index order and whatever was screened before it', () => {
    // OFAC spells the same given name IGOR and IHOR (one key): 이고리 transcribes Igor, not Ihor.
    const sechins: MatchableParty[] = [
      { ref: 'ihor', names: [{ full: 'IHOR SECHIN', strength: 'strong' }] },
      { ref: 'igor', names: [{ full: 'IGOR SECHIN', strength: 'strong' }] },
    ];
    const results = (parties: MatchableParty[], before?: string) => {
      const sechinIndex = buildNameIndex(parties);
      if (before) sechinIndex.search({ names: [before] }, { minScore: 0.5 });
      return sechinIndex.search({ names: ['이고리 세친'] }, { minScore: 0.5 }).map((m) => [m.ref, m.score]);
    };
    const found = results(sechins);
    expect(found.map(([ref]) => ref)).toEqual(['igor']);
    expect(results([...sechins].reverse())).toEqual(found);
    expect(results(sechins, '이고리 이호르')).toEqual(found);
    expect(results([...sechins].reverse(), '이고리 이호르')).toEqual(found);
  });

  it('finds a key by any of its listed spellings, not by the first only', () => {
    // HARRY and GARY are one key; only GARY has the class key kr that 게리 (Gary) is looked up by.
    const garys: MatchableParty[] = [
      { ref: 'harry', names: [{ full: 'HARRY', strength: 'strong' }] },
      { ref: 'gary', names: [{ full: 'GARY', strength: 'strong' }] },
    ];
    const found = (parties: MatchableParty[]) =>
      buildNameIndex(parties)
        .search({ names: ['게리'] }, { minScore: 0.5 })
        .map((m) => [m.ref, m.score]);
    expect(found(garys).map(([ref]) => ref)).toEqual(['gary']);
    expect(found([...garys].reverse())).toEqual(found(garys));
  });
});

describe('candidate ranking', () => {
  it('ranks an Arabic name by its common given name too, not by its rarer word alone', () => {
    // UN list: محمد احمدی MOHAMMAD AHMADI. MOHAMMAD is in too many names to find any; the names of AHMADI alone,
    // listed first, took every place.
    const corpus = buildNameIndex([
      ...Array.from({ length: 60 }, (_, j) => ({
        ref: `mohammad-${String(j).padStart(2, '0')}`,
        names: [
          { full: `MOHAMMAD ${'BCDFGHJKLMNPRSTVZ'[j % 17]}${'AEIOU'[j % 5]}RAN${j}`, strength: 'strong' as const },
        ],
      })),
      ...Array.from({ length: 40 }, (_, j) => ({
        ref: `ahmadi-${String(j).padStart(2, '0')}`,
        names: [{ full: 'AHMADI', strength: 'strong' as const }],
      })),
      { ref: 'target', names: [{ full: 'MOHAMMAD AHMADI', strength: 'strong' }] },
    ]);
    expect(corpus.search({ names: ['محمد احمدی'] }, { minScore: 0.8 })[0]?.ref).toBe('target');
  });

  it('does not fill the places of one-word names with names whose generic words a query word agrees with', () => {
    // جيانيتى jyanita agrees by skeleton with JOINT (jnt) as with GIANETTI; the many JOINT STOCK COMPANY names,
    // listed first, would take every candidate place (they are few enough for JOINT to count as a rare word).
    const companies = Array.from({ length: 45 }, (_, j) => ({
      ref: `company-${String(j).padStart(2, '0')}`,
      names: [{ full: `${['VTB', 'ALFA', 'ZVEZDA'][j % 3]} JOINT STOCK COMPANY`, strength: 'strong' as const }],
    }));
    const corpus = buildNameIndex([
      ...companies,
      { ref: 'gianetti', names: [{ full: 'GIANETTI', strength: 'strong' }] },
    ]);
    expect(corpus.search({ names: ['جيانيتى'] }, { minScore: 0.8 })[0]?.ref).toBe('gianetti');
  });

  it('keeps what sorting every candidate by priority (ties by id) and cutting would keep', () => {
    // Few distinct priorities, so that ties are common.
    const candidates = fc.uniqueArray(fc.tuple(fc.nat(500), fc.integer({ min: 0, max: 6 })), {
      selector: ([id]) => id,
      maxLength: 80,
    });
    fc.assert(
      fc.property(candidates, fc.integer({ min: 1, max: 40 }), (items, limit) => {
        const priority = new Map(items.map(([id, p]) => [id, p / 6]));
        const sorted = items
          .map(([id]) => id)
          .sort((a, b) => (priority.get(b) as number) - (priority.get(a) as number) || a - b)
          .slice(0, limit);
        expect(
          topByPriority(
            items.map(([id]) => id),
            limit,
            (id) => priority.get(id) as number,
          ),
        ).toEqual(sorted);
      }),
    );
  });
});
