import { describe, expect, it } from 'vitest';
import { buildNameIndex } from './name-index.js';

// OFAC lists LUKASHENKA, Alyaksandr Hryhoryavich (given names split off) and DERIPASKA, Oleg Vladimirovich.
const index = buildNameIndex([
  {
    ref: 'lukashenka',
    names: [{ full: 'LUKASHENKA, Alyaksandr Hryhoryavich', given: 'Alyaksandr Hryhoryavich', strength: 'strong' }],
    birthDates: [{ date: '1954-08-30' }],
  },
  {
    ref: 'deripaska',
    names: [{ full: 'DERIPASKA, Oleg Vladimirovich', given: 'Oleg Vladimirovich', strength: 'strong' }],
  },
  ...[
    'SMITH, John',
    'SMITH, Paul',
    'SMITH, Anna',
    'SMITH, Mark',
    'SMITH, Joan',
    'SMITH, Peter',
    'SMITH, Rose',
    'SMITH, Ian',
    'SMITH, Liam',
  ].map((full, i) => ({
    ref: `smith-${i}`,
    names: [{ full, given: full.split(', ')[1], strength: 'strong' as const }],
  })),
  // OFAC SDN 22790 MADURO MOROS, Nicolas: two family names, the first the one he is called by.
  { ref: 'maduro', names: [{ full: 'MADURO MOROS, Nicolas', given: 'Nicolas', strength: 'strong' }] },
  { ref: 'ivanova', names: [{ full: 'IVANOVA, Elena Nikolaevna', given: 'Elena Nikolaevna', strength: 'strong' }] },
]);

describe('family names alone and names without listed given names', () => {
  it('holds a rare listed family name written alone, in its script or another, and marks it partial', () => {
    for (const query of ['Lukashenka', 'Лукашэнка', 'Deripaska']) {
      const [best] = index.search({ names: [query] }, { minScore: 0.8 });
      expect(best?.ref).toBe(query === 'Deripaska' ? 'deripaska' : 'lukashenka');
      expect(best?.features.partialName).toBe(true);
    }
  });

  it('lets a date of birth raise or lower it', () => {
    const score = (dob?: string): number =>
      index.search({ names: ['Lukashenka'], ...(dob ? { dob } : {}) }, { minScore: 0.5 })[0]?.score ?? 0;
    expect(score('1954-08-30')).toBeGreaterThan(score());
    expect(score('1990-01-01')).toBeLessThan(score());
  });

  it('does not do so for a family name common in the lists, nor for a feminine form', () => {
    expect(index.search({ names: ['Smith'] }, { minScore: 0.8 })).toEqual([]);
    expect(index.search({ names: ['Ivanov'] }, { minScore: 0.8 })).toEqual([]);
  });

  it('leaves a name without its patronymic to the usual score (not partial)', () => {
    const [best] = index.search({ names: ['Oleg Deripaska'] }, { minScore: 0.8 });
    expect(best?.ref).toBe('deripaska');
    expect(best?.features.partialName).toBe(false);
  });

  it('holds a name without its second family name, as Spanish and Portuguese names are written', () => {
    const [best] = index.search({ names: ['Nicolás Maduro'] }, { minScore: 0.8 });
    expect(best?.ref).toBe('maduro');
    expect(best?.features.partialName).toBe(true);
    // The first family name left out is not a partial name; it is scored as usual.
    const [other] = index.search({ names: ['Nicolás Moros'] }, { minScore: 0.5 });
    expect(other?.features.partialName).toBe(false);
  });
});
