import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ofacCsvEntity, OFAC_REMARKS_LIMIT, type OfacLinkedData } from './ofac-csv.js';
import { parseIdentifierSegment, parseOfacRemarks } from './ofac-remarks.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('parseOfacRemarks on real remark shapes', () => {
  it('reads weak aliases, dates, places, nationality, documents, gender and addresses', () => {
    const facts = parseOfacRemarks(
      "DOB 15 Jan 1964; alt. DOB circa 1965; POB Moscow, Russia; nationality Russia; citizen Korea, North; Gender Male; Passport A123456 (Iran) expires 2020; Tax ID No. 7744001497 (Russia); Digital Currency Address - XBT 1AbcDEF; alt. Digital Currency Address - ETH 0xAbC; Linked To: SOMEONE; a.k.a. 'NICK'; a.k.a. 'ABU MUS'AB'.",
      { truncated: false },
    );
    expect(facts.weakAliases).toEqual(['NICK', "ABU MUS'AB"]);
    expect(facts.birthDates.map((b) => b.date)).toEqual(['1964-01-15', '1965']);
    expect(facts.placesOfBirth).toEqual(['Moscow, Russia']);
    expect(facts.nationalities).toEqual(['RU']);
    expect(facts.citizenships).toEqual(['KP']);
    expect(facts.gender).toBe('Male');
    expect(facts.identifiers).toEqual([
      { type: 'Passport', value: 'A123456', country: 'Iran', note: 'expires 2020' },
      { type: 'Tax ID No.', value: '7744001497', country: 'Russia' },
    ]);
    expect(facts.addresses).toEqual([
      { ticker: 'XBT', address: '1AbcDEF' },
      { ticker: 'ETH', address: '0xAbC' },
    ]);
    expect(facts.fragmentDropped).toBe(false);
  });

  it('reads an address that ends the remark without keeping the full stop', () => {
    const facts = parseOfacRemarks('Digital Currency Address - XMR 4Abc.', { truncated: false });
    expect(facts.addresses).toEqual([{ ticker: 'XMR', address: '4Abc' }]);
  });

  it.each([
    ['alt. Digital Currency Address - XBT 1Gq', true],
    ['Digital Currency Addres', true],
    ['alt. Digital Currency A', true],
    ['alt. Digital', true],
    ['Digital Currency Address - XBT ', true],
    ["a.k.a. 'WHOIS HACKIN", false],
    ['Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.2', false],
  ])('a cut remark ending "%s" drops its tail (fragment flag: %s)', (tail, fragment) => {
    const facts = parseOfacRemarks(`Digital Currency Address - XBT 1Complete; ${tail}`, { truncated: true });
    expect(facts.addresses).toEqual([{ ticker: 'XBT', address: '1Complete' }]);
    expect(facts.fragmentDropped).toBe(fragment);
    expect(facts.weakAliases).toEqual([]);
  });

  it('reads identifier types whose value has no digit, and skips designation context', () => {
    expect(parseIdentifierSegment('Website www.example.com')).toEqual({ type: 'Website', value: 'www.example.com' });
    expect(parseIdentifierSegment('Vessel Registration Identification IMO 9187667')).toEqual({
      type: 'Vessel Registration Identification',
      value: 'IMO 9187667',
    });
    expect(parseIdentifierSegment('Linked To: BANK 1')).toBeUndefined();
    expect(parseIdentifierSegment('Listing Date (EO 14024 Directive 3): 24 Feb 2022')).toBeUndefined();
  });
});

// Generators for remark segments as OFAC writes them. Addresses and tickers are made of the characters real ones
// use (no space, ";" or "."), so every generated segment is unambiguous.
const ticker = fc.stringMatching(/^[A-Z][A-Z0-9]{1,4}$/u);
const address = fc.stringMatching(/^[A-Za-z0-9]{20,64}$/u);
const dca = fc.record({ ticker, address });
const dob = fc.date({ min: new Date('1930-01-01'), max: new Date('2005-12-31'), noInvalidDate: true }).map((d) => ({
  iso: d.toISOString().slice(0, 10),
  text: `${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
}));
const filler = fc.constantFrom(
  'Linked To: EXAMPLE GROUP',
  'Additional Sanctions Information - Subject to Secondary Sanctions',
  'Gender Male',
  'POB Tehran, Iran',
);
type Segment =
  | { kind: 'dca'; value: { ticker: string; address: string } }
  | { kind: 'dob'; value: { iso: string; text: string } }
  | { kind: 'other'; value: string };
const segment: fc.Arbitrary<Segment> = fc.oneof(
  dca.map((value) => ({ kind: 'dca' as const, value })),
  dob.map((value) => ({ kind: 'dob' as const, value })),
  filler.map((value) => ({ kind: 'other' as const, value })),
);

function write(segments: Segment[]): string {
  const parts = segments.map((s, i) => {
    const alt = i > 0 && s.kind !== 'other' && segments[i - 1]!.kind === s.kind ? 'alt. ' : '';
    if (s.kind === 'dca') return `${alt}Digital Currency Address - ${s.value.ticker} ${s.value.address}`;
    if (s.kind === 'dob') return `${alt}DOB ${s.value.text}`;
    return s.value;
  });
  return `${parts.join('; ')}.`;
}

const addressesOf = (segments: Segment[]) =>
  segments.flatMap((s) => (s.kind === 'dca' ? [{ ticker: s.value.ticker, address: s.value.address }] : []));

function linked(comments: Map<string, string>, hasComments: boolean): OfacLinkedData {
  return { addresses: new Map(), aliases: new Map(), comments, hasComments };
}

function sdnRow(id: string, remarks: string): string[] {
  return [
    id,
    'EXAMPLE, Person',
    'individual',
    'CYBER2',
    '-0- ',
    '-0- ',
    '-0- ',
    '-0- ',
    '-0- ',
    '-0- ',
    '-0- ',
    remarks,
  ];
}

describe('parseOfacRemarks properties', () => {
  it('reads back every address and date of birth written into a complete remark, in order', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 30 }), (segments) => {
        const facts = parseOfacRemarks(write(segments), { truncated: false });
        expect(facts.addresses).toEqual(addressesOf(segments));
        expect(facts.birthDates.map((b) => b.date)).toEqual(
          segments.flatMap((s) => (s.kind === 'dob' ? [s.value.iso] : [])),
        );
        expect(facts.fragmentDropped).toBe(false);
      }),
    );
  });

  it('joins a remark cut at 1,000 characters with its spillover row into exactly the uncut addresses', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 25, maxLength: 60 }), (segments) => {
        const remarks = write(segments);
        fc.pre(remarks.length > OFAC_REMARKS_LIMIT);
        const row = sdnRow('1', remarks.slice(0, OFAC_REMARKS_LIMIT));
        const { entity } = ofacCsvEntity(
          'ofac-sdn',
          row,
          linked(new Map([['1', remarks.slice(OFAC_REMARKS_LIMIT)]]), true),
        );
        expect(entity.digitalCurrencyAddresses.map((d) => ({ ticker: d.ticker, address: d.address }))).toEqual(
          addressesOf(segments).filter(
            (a, i, all) => all.findIndex((b) => b.ticker === a.ticker && b.address === a.address) === i,
          ),
        );
        expect(entity.flags).not.toContain('remarks-truncated');
        expect(entity.remarks).toBe(remarks);
      }),
    );
  });

  it('never emits a fragment when the spillover file is missing, and flags a cut inside an address', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 25, maxLength: 60 }), (segments) => {
        const remarks = write(segments);
        fc.pre(remarks.length > OFAC_REMARKS_LIMIT);
        const published = remarks.slice(0, OFAC_REMARKS_LIMIT);
        const { entity } = ofacCsvEntity('ofac-sdn', sdnRow('1', published), linked(new Map(), false));
        const written = addressesOf(segments);
        const emitted = entity.digitalCurrencyAddresses.map((d) => ({ ticker: d.ticker, address: d.address }));
        for (const a of emitted) expect(written).toContainEqual(a);
        // Every address whose segment was closed by ";" before the cut must survive.
        const complete = written.filter((a) => {
          const at = published.indexOf(`${a.ticker} ${a.address};`);
          return at >= 0;
        });
        for (const a of complete) expect(emitted).toContainEqual(a);
        expect(entity.flags).toContain('remarks-truncated');
        const cutInsideAddress = written.some((a) => {
          const token = `Digital Currency Address - ${a.ticker} ${a.address}`;
          const at = remarks.indexOf(token);
          return at < OFAC_REMARKS_LIMIT && at + token.length >= OFAC_REMARKS_LIMIT && at + 4 <= OFAC_REMARKS_LIMIT;
        });
        if (cutInsideAddress) expect(entity.flags).toContain('address-fragment-dropped');
      }),
    );
  });
});
