/**
 * Every real list file in the shared datasets, parsed end to end. Pinned counts were computed independently of
 * this package, with the shell or Python commands given beside each (run from the datasets folder).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { diffLists } from './diff.js';
import { errorRecords, ListParseError } from './errors.js';
import { loadList, parseList, type LoadedList } from './load.js';
import { summariseList } from './summary.js';
import { datasetPath, fixturePath } from './test-paths.js';

// Whole real lists take a second or two each; on a shared two-core machine that can pass the default 5 s budget.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const summary = (list: LoadedList) => summariseList(list.entities, list.issues);
const byId = (list: LoadedList, id: string) => list.entities.find((e) => e.id === id);

describe('OFAC SDN legacy CSV sets', () => {
  let sdn2019: LoadedList;
  let sdn2021: LoadedList;
  let sdn2023: LoadedList;
  beforeAll(async () => {
    [sdn2019, sdn2021, sdn2023] = await Promise.all(
      ['2019-01-15', '2021-07-07', '2023-12-28'].map((d) => loadList('ofac-csv', datasetPath(`ofac-sdn/${d}`))),
    );
  });

  // Entities by type: grep -c '^[0-9]*,"[^"]*","individual",' sdn.csv (likewise "vessel", "aircraft"), and
  // grep -c '^[0-9]*,"[^"]*",-0- ,' sdn.csv for the untyped entities; the total is grep -c '^[0-9]' sdn.csv.
  it.each([
    ['2019-01-15', { individual: 3845, entity: 2994, vessel: 323, aircraft: 217 }],
    ['2021-07-07', { individual: 4620, entity: 3673, vessel: 406, aircraft: 277 }],
    ['2023-12-28', { individual: 6646, entity: 6033, vessel: 764, aircraft: 378 }],
  ])('%s: entities by type', (date, types) => {
    const list = { '2019-01-15': sdn2019, '2021-07-07': sdn2021, '2023-12-28': sdn2023 }[date]!;
    expect(list.source).toBe('ofac-sdn');
    expect(summary(list).byType).toEqual(Object.fromEntries(Object.entries(types).sort()));
  });

  // Addresses by ticker, one per entity listing it: Python csv over sdn.csv with each sdn_comments.csv row appended
  // to its remark, regex `Digital Currency Address - (\S+) ([^\s;]+)`, skipping (2023) a match that ends a remark
  // cut at 1,000 characters. 2021 includes 29703's ETH address, split across sdn.csv and sdn_comments.csv.
  it('2019-01-15: the first two XBT addresses, no flags', () => {
    expect(summary(sdn2019).addressesByTicker).toEqual({ XBT: 2 });
    expect(summary(sdn2019).flags).toEqual({});
    expect(sdn2019.issues).toEqual([]);
  });

  it('2021-07-07: 97 addresses over 11 tickers, the straddling one joined', () => {
    expect(summary(sdn2021).addressesByTicker).toEqual({
      BCH: 2,
      BSV: 1,
      BTG: 1,
      DASH: 3,
      ETC: 1,
      ETH: 10,
      LTC: 9,
      XBT: 65,
      XMR: 1,
      XVG: 1,
      ZEC: 3,
    });
    const straddling = byId(sdn2021, '29703')!.digitalCurrencyAddresses.map((d) => d.address);
    expect(straddling).toContain('0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c');
    expect(byId(sdn2021, '29703')!.flags).not.toContain('remarks-truncated');
    expect(sdn2021.issues).toEqual([]);
  });

  it('2021-07-07: the two addresses OFAC listed invalid are kept and flagged (verdicts from @cordon/addresses)', () => {
    // 29585 lists a 64-hex-digit XMR "address"; 29702 an ETH address with 39 hex digits.
    expect(summary(sdn2021).invalidAddresses).toBe(2);
    expect(sdn2021.entities.filter((e) => e.flags.includes('invalid-address')).map((e) => e.id)).toEqual([
      '29585',
      '29702',
    ]);
  });

  it('2023-12-28: addresses by ticker, with the cut remarks flagged and no fragment emitted', () => {
    expect(summary(sdn2023).addressesByTicker).toEqual({
      ARB: 1,
      BCH: 2,
      BSC: 1,
      BTG: 1,
      DASH: 3,
      ETC: 1,
      ETH: 45,
      LTC: 4,
      TRX: 3,
      USDC: 2,
      USDT: 9,
      XBT: 186,
      XMR: 3,
      XVG: 1,
      ZEC: 2,
    });
    // Remarks of exactly 1,000 characters (Python: len(row[11]) == 1000): the 17 the dataset README names.
    const truncated = sdn2023.entities.filter((e) => e.flags.includes('remarks-truncated')).map((e) => e.id);
    expect(truncated.sort()).toEqual(
      [
        '17018',
        '27307',
        '28263',
        '28264',
        '29703',
        '30518',
        '31212',
        '33151',
        '33854',
        '36216',
        '37070',
        '39585',
        '39593',
        '39796',
        '42496',
        '44718',
        '45430',
      ].sort(),
    );
    // Read by eye from the last 90 characters of those 17 remarks: these end inside a digital currency address
    // entry ("... - XBT 1Gq", "Digital Currency Addres", "alt. Digital"); 42496 ends just after a full "...;".
    const fragments = sdn2023.entities.filter((e) => e.flags.includes('address-fragment-dropped')).map((e) => e.id);
    expect(fragments.sort()).toEqual(
      ['29703', '30518', '31212', '33151', '33854', '36216', '37070', '39585', '39593', '39796'].sort(),
    );
    for (const e of sdn2023.entities) {
      for (const d of e.digitalCurrencyAddresses)
        expect(e.remarks).toMatch(new RegExp(`${d.ticker} ${d.address}[;.]`, 'u'));
    }
    expect(byId(sdn2023, '30518')!.digitalCurrencyAddresses.map((d) => d.address)).not.toContain('1Gq');
    expect(sdn2023.issues.map((i) => i.code)).toEqual(['comments-file-missing']);
  });

  it('2023-12-28: invalid addresses (verdicts from @cordon/addresses)', () => {
    // 29585's 64-hex-digit XMR value again, and 45404's Tron address listed under XBT.
    expect(sdn2023.entities.filter((e) => e.flags.includes('invalid-address')).map((e) => e.id)).toEqual([
      '29585',
      '45404',
    ]);
  });

  it('reads the remarks: dates of birth, nationality, weak aliases, documents', () => {
    const e = byId(sdn2023, '17927');
    expect(e?.names[0]).toMatchObject({
      full: 'AL HOUTHI, Abdul Malik',
      family: 'AL HOUTHI',
      given: 'Abdul Malik',
      kind: 'primary',
    });
    expect(e?.birthDates.map((b) => b.date)).toEqual(['1982', '1981', '1980']);
    expect(e?.nationalities).toEqual(['YE']);
    expect(byId(sdn2021, '306')?.names).toContainEqual({ full: 'BNC', kind: 'weak', strength: 'weak', script: 'Latn' });
  });

  // Deltas by ent_num: added / removed from `comm` of the two sets' ent_num columns. Changed: Python compares, per
  // common ent_num, sdn.csv columns 2-11, the remark with its continuation, and the sorted (type, name, remarks)
  // alias and (address, city, country, remarks) address tuples, ignoring OFAC's alt_num/add_num.
  it('delta 2019-01-15 -> 2021-07-07', () => {
    const delta = diffLists(sdn2019.entities, sdn2021.entities);
    expect([delta.added.length, delta.removed.length, delta.changed.length, delta.unchanged]).toEqual([
      1858, 261, 842, 6276,
    ]);
  });

  it('delta 2021-07-07 -> 2023-12-28', () => {
    // The raw comparison counts 742 changed; 6 of them (8407 10594 12609 13369 16448 20125) only dropped an alias that
    // repeated another of their names, which the model already lists once, so 736 changed and 6 more unchanged.
    const delta = diffLists(sdn2021.entities, sdn2023.entities);
    expect([delta.added.length, delta.removed.length, delta.changed.length, delta.unchanged]).toEqual([
      5637, 792, 736, 7448,
    ]);
    const ids = new Set(delta.changed.map((c) => c.id));
    for (const id of ['8407', '10594', '12609', '13369', '16448', '20125']) expect(ids.has(id)).toBe(false);
    expect(delta.changed.find((c) => c.id === '15038')?.fields).toEqual(['vessel']);
  });

  it('gives the same hash for the same set with every file in another row order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lists-shuffled-'));
    for (const name of ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv']) {
      const lines = readFileSync(datasetPath(`ofac-sdn/2021-07-07/${name}`), 'latin1')
        .split('\r\n')
        .filter((l) => l !== '' && l !== '\u001a');
      // Deterministic reorder: reversed, then every other line moved to the end.
      const reordered = [...lines.reverse().filter((_, i) => i % 2 === 0), ...lines.filter((_, i) => i % 2 === 1)];
      writeFileSync(join(dir, name), `${reordered.join('\r\n')}\r\n`, 'latin1');
    }
    const shuffled = await loadList('ofac-csv', dir);
    expect(shuffled.contentHash).toBe(sdn2021.contentHash);
    expect(shuffled.entities).toEqual(sdn2021.entities);
  });
});

describe('OFAC Consolidated', () => {
  // Totals and types: grep -c '^[0-9]' cons_prim.csv and grep -c '<sdnEntry>' / grep -o '<sdnType>[^<]*' | sort | uniq -c.
  it.each([
    ['ofac-csv', 'ofac-consolidated/2018-04-06', { entity: 471, individual: 94, vessel: 74 }],
    ['ofac-xml', 'ofac-consolidated/2018-04-06/consolidated.xml', { entity: 471, individual: 94, vessel: 74 }],
    ['ofac-csv', 'ofac-consolidated/2025-12-19', { entity: 363, individual: 79 }],
    ['ofac-xml', 'ofac-consolidated/2026-01-08/CONSOLIDATED.XML', { entity: 363, individual: 79 }],
  ])('%s %s', async (format, path, types) => {
    const list = await loadList(format, datasetPath(path));
    expect(list.source).toBe('ofac-consolidated');
    expect(summary(list).byType).toEqual(types);
    expect(list.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads the publication header of both XML namespaces', async () => {
    expect((await loadList('ofac-xml', datasetPath('ofac-consolidated/2018-04-06/consolidated.xml'))).published).toBe(
      '04/06/2018',
    );
    expect((await loadList('ofac-xml', datasetPath('ofac-consolidated/2026-01-08/CONSOLIDATED.XML'))).published).toBe(
      '01/08/2026',
    );
  });

  it("2023-12-28 SDN CSV: OFAC's Title field is the entity's title (PUTIN, KHAMENEI); no title, no field", async () => {
    const list = await loadList('ofac-csv', datasetPath('ofac-sdn/2023-12-28'));
    // grep '^35096,\|^26945,\|^27848,' sdn.csv: column 5 is the title, -0- where there is none.
    expect(byId(list, '35096')!.title).toBe('President of the Russian Federation');
    expect(byId(list, '26945')!.title).toBe('Supreme Leader of Iran');
    expect(byId(list, '27848')).not.toHaveProperty('title');
    expect(list.entities.filter((e) => e.title !== undefined).length).toBeGreaterThan(100);
  });

  it('2025-12-19 CSV: the ten remarks continued in cons_comments.csv are joined', async () => {
    const list = await loadList('ofac-csv', datasetPath('ofac-consolidated/2025-12-19'));
    // awk -F, '{print $1}' cons_comments.csv: 17014 17016 17018 17143 17250 17254 30930 31693 31694 31695
    for (const id of ['17014', '17016', '17018', '17143', '17250', '17254', '30930', '31693', '31694', '31695']) {
      expect(byId(list, id)!.remarks!.length).toBeGreaterThan(1000);
    }
    expect(list.entities.some((e) => e.flags.includes('remarks-truncated'))).toBe(false);
  });

  it('2018-04-06: the CSV and XML editions of the same publication agree field by field', async () => {
    const csv = await loadList('ofac-csv', datasetPath('ofac-consolidated/2018-04-06'));
    const xml = await loadList('ofac-xml', datasetPath('ofac-consolidated/2018-04-06/consolidated.xml'));
    expect(csv.entities.map((e) => e.id)).toEqual(xml.entities.map((e) => e.id));
    const differing = (field: keyof (typeof csv.entities)[number]) =>
      csv.entities
        .filter((e, i) => JSON.stringify(e[field]) !== JSON.stringify(xml.entities[i]![field]))
        .map((e) => e.id);
    for (const field of [
      'type',
      'birthDates',
      'placesOfBirth',
      'nationalities',
      'citizenships',
      'programs',
      'gender',
      'title',
    ] as const) {
      expect(differing(field)).toEqual([]);
    }
    // The CSV turns double quotes inside a name or address into single quotes; nothing else differs.
    expect(differing('names')).toEqual(['22391']);
    expect(differing('addresses')).toEqual(['11625']);
  });
});

describe('OFAC SDN XML with digital currency addresses (hand-made fixture)', () => {
  it('reads Digital Currency Address ids, aliases by quality, documents and gender', async () => {
    const list = await loadList('ofac-xml', fixturePath('ofac-sdn-sample.xml'));
    expect(list.source).toBe('ofac-sdn');
    const person = byId(list, '990001')!;
    expect(person.digitalCurrencyAddresses.map((d) => [d.ticker, d.address])).toEqual([
      ['XBT', '18Ke1QWE9nQfXuhJijHggZuPJ5ZYxapoBK'],
      ['ETH', '0x7Db418b5D567A4e0E8c59Ad71BE1FcE48f3E6107'],
    ]);
    expect(person.names.map((n) => [n.full, n.kind, n.strength])).toEqual([
      ['EXAMPLEOV, Ivan', 'primary', 'strong'],
      ['EKZAMPLOV, Ivan', 'aka', 'strong'],
      ['VANYA', 'weak', 'weak'],
    ]);
    expect(person.gender).toBe('Male');
    expect(person.identifiers).toEqual([
      { type: 'Passport', value: '4005504207', country: 'Russia', note: 'expires 01 Jan 2030' },
    ]);
    const exchange = byId(list, '990002')!;
    expect(exchange.names[1]).toMatchObject({ full: 'OLD EXAMPLE LLC', kind: 'fka', strength: 'weak' });
    expect(exchange.digitalCurrencyAddresses[0]!.canonical).toBe(person.digitalCurrencyAddresses[1]!.canonical);
  });
});

describe('UN, UK and EU lists', () => {
  // grep -o '<INDIVIDUAL>' consolidated.xml | wc -l; likewise <ENTITY>.
  it.each([
    ['un/2018-10-29/consolidated.xml', 703, 390, '2018-10-29T19:09:49.856-04:00'],
    ['un/2026-01-28/consolidated.xml', 726, 273, '2026-01-28T00:00:11.197Z'],
  ])('UN %s', async (path, individuals, entities, generated) => {
    const list = await loadList('un-xml', datasetPath(path));
    expect(summary(list).byType).toEqual({ entity: entities, individual: individuals });
    expect(list.published).toBe(generated);
    const scripts = new Set(list.entities.flatMap((e) => e.names.map((n) => n.script)));
    expect([...scripts]).toEqual(expect.arrayContaining(['Latn', 'Arab', 'Cyrl', 'Hani']));
  });

  it('UN: several spellings in one ALIAS_NAME are separate names of the same quality', async () => {
    // grep -o '<ALIAS_NAME>[^<]*;[^<]*</ALIAS_NAME>' consolidated.xml: 27 such aliases in the 2026-01-28 list.
    const list = await loadList('un-xml', datasetPath('un/2026-01-28/consolidated.xml'));
    expect(list.entities.flatMap((e) => e.names).filter((n) => n.full.includes(';'))).toEqual([]);
    const zolqadr = list.entities.find((e) => e.id === '110404')!;
    expect(
      zolqadr.names
        .filter((n) => n.kind === 'aka')
        .map((n) => n.full)
        .sort(),
    ).toEqual(['Mohammad Bakr Zolkadr', 'Mohammad Bakr Zolqadr', 'Mohammad Baqer Zolqader', 'Mohammad Baqer Zolqadir']);
    // Two bodies designated in one record: the second is a name of the record, not part of the first.
    const cagl = list.entities.find((e) => e.id === '6908026')!;
    expect(cagl.names.map((n) => [n.kind, n.full])).toEqual(
      expect.arrayContaining([
        ['primary', 'COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)'],
        ['aka', 'GREAT LAKES BUSINESS COMPANY (GLBC)'],
      ]),
    );
  });

  it('UK Sanctions List excerpt: 5 designations, the Persian name detected as Arabic script', async () => {
    const list = await loadList(
      'uk-xml',
      datasetPath('uk/uk-sanctions-list/2026-09-10_excerpt/sample_uk_sanctions.xml'),
    );
    expect(summary(list).byType).toEqual({ entity: 2, individual: 2, vessel: 1 });
    expect(byId(list, 'AFG0001')!.names.map((n) => n.script)).toEqual(['Latn', 'Arab', 'Latn']);
    expect(byId(list, 'BEL0107')!.names.map((n) => [n.full, n.strength])).toContainEqual(['BNK', 'weak']);
    expect(byId(list, 'AFG0006')!.birthDates.map((b) => b.date)).toEqual(['1958-05-12', '1945', '1946']);
    expect(byId(list, 'DPR0075')!.identifiers).toContainEqual({ type: 'IMO', value: 'IMO9562233' });
  });

  it('OFSI ConList CSV (Windows-1252): 2,106 groups', async () => {
    // tail -n +3 sanctionsconlist.csv | awk -F, '{print $(NF-5) "," $NF}' | sort -u | cut -d, -f1 | uniq -c
    const list = await loadList('uk-ofsi-csv', datasetPath('uk/ofsi-conlist/2018-04-13/sanctionsconlist.csv'));
    expect(summary(list).byType).toEqual({ entity: 680, individual: 1426 });
    expect(list.published).toBe('13/04/2018');
    expect(list.issues.map((i) => i.code)).toEqual(['not-utf8']);
    expect(list.entities.every((e) => e.names[0]?.kind === 'primary')).toBe(true);
    const text = JSON.stringify(list.entities);
    expect(text).not.toMatch(/[\u0080-\u009f\ufffd]/u);
    expect(text).toContain('\u2018');
  });

  it('EU legacy CSV excerpt: 93 entities, names lost to "?" dropped and flagged', async () => {
    // cut -d';' -f2,3 EUSanctionsShort.csv | tail -n +2 | sort -u | cut -d';' -f2 | sort | uniq -c
    const list = await loadList('eu-csv', datasetPath('eu/2018-07-04-excerpt/EUSanctionsShort.csv'));
    expect(summary(list).byType).toEqual({ entity: 32, individual: 61 });
    const mugabe = byId(list, '1')!;
    expect(mugabe.names[0]).toMatchObject({ full: 'Robert Gabriel Mugabe', kind: 'primary' });
    expect(mugabe.gender).toBe('Male');
    // The source replaced letters outside Latin-1 with "?": names that are mostly "?" ("???????? ?????????") go,
    // names with a few ("Czarny Wrzesie?") stay.
    const names = list.entities.flatMap((e) => e.names.map((n) => n.full));
    expect(names).toContain('Czarny Wrzesie?');
    expect(names.filter((n) => /^[?\s]+$/u.test(n))).toEqual([]);
    expect(byId(list, '201')!.flags).toContain('unparsed-fields');
  });

  it('EU FSF XML (hand-made from the XSD)', async () => {
    const list = await loadList('eu-xml', fixturePath('eu-fsf-sample.xml'));
    expect(list.published).toBe('2024-05-02T17:02:14.212+02:00');
    const person = byId(list, '900001')!;
    expect(person.names.map((n) => [n.full, n.kind, n.script])).toEqual([
      ['Ivan Petrovich Sidorov', 'primary', 'Latn'],
      ['Иван Петрович Сидоров', 'aka', 'Cyrl'],
      ['Vanya', 'weak', 'Latn'],
    ]);
    expect(person.citizenships).toEqual(['RU']);
    expect(person.birthDates).toEqual([{ raw: '1965-04-12', date: '1965-04-12' }]);
    expect(byId(list, '900003')!.birthDates).toEqual([
      { raw: 'circa 1970', date: '1970', fromYear: 1969, toYear: 1971 },
      { raw: '1968 to 1972', fromYear: 1968, toYear: 1972 },
    ]);
    expect(byId(list, '900002')!.addresses).toEqual([
      { full: '1 Example Street, 220000, Minsk, BELARUS', country: 'BY' },
    ]);
  });
});

describe('broken input is an error, never a shorter list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lists-broken-'));
  let n = 0;
  const write = (content: string | Uint8Array, name = `f${(n += 1)}`): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  // Fixed pseudo-random bytes (a linear congruential sequence), so a failure reproduces.
  const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 1103515245 + 12345) % 251);

  it.each(['ofac-xml', 'un-xml', 'uk-xml', 'eu-xml', 'uk-ofsi-csv', 'eu-csv'])('%s: garbage bytes', async (format) => {
    await expect(loadList(format, write(garbage))).rejects.toBeInstanceOf(ListParseError);
  });

  it('ofac-csv: garbage in sdn.csv', async () => {
    const set = join(dir, 'garbage-set');
    mkdirSync(set);
    writeFileSync(join(set, 'sdn.csv'), garbage);
    await expect(loadList('ofac-csv', set)).rejects.toMatchObject({ code: 'MALFORMED_CSV' });
  });

  it.each([
    ['ofac-xml', 'ofac-consolidated/2026-01-08/CONSOLIDATED.XML'],
    ['un-xml', 'un/2026-01-28/consolidated.xml'],
    ['uk-xml', 'uk/uk-sanctions-list/2026-09-10_excerpt/sample_uk_sanctions.xml'],
  ])('%s: a download cut in half', async (format, path) => {
    const bytes = readFileSync(datasetPath(path));
    await expect(loadList(format, write(bytes.subarray(0, bytes.length >> 1)))).rejects.toMatchObject({
      code: 'TRUNCATED',
    });
  });

  it('ofac-csv: sdn.csv cut inside a quoted field', async () => {
    const set = join(dir, 'cut-set');
    mkdirSync(set);
    const text = readFileSync(datasetPath('ofac-sdn/2021-07-07/sdn.csv'), 'latin1');
    writeFileSync(join(set, 'sdn.csv'), text.slice(0, text.indexOf('"BANCO NACIONAL') + 5), 'latin1');
    await expect(loadList('ofac-csv', set)).rejects.toMatchObject({ code: 'MALFORMED_CSV' });
  });

  it('the streaming form fails the same way, after the entities it could read', async () => {
    const bytes = readFileSync(datasetPath('un/2026-01-28/consolidated.xml'));
    const seen: string[] = [];
    const read = async () => {
      for await (const e of parseList('un-xml', write(bytes.subarray(0, bytes.length >> 1)))) seen.push(e.id);
    };
    await expect(read()).rejects.toMatchObject({ code: 'TRUNCATED' });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('a missing file, an unknown format, a wrong root and an empty list are coded errors', async () => {
    await expect(loadList('un-xml', join(dir, 'nope.xml'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(loadList('ofac-csv', mkdtempSync(join(tmpdir(), 'lists-empty-')))).rejects.toMatchObject({
      code: 'MISSING_FILE',
    });
    await expect(loadList('xlsx', join(dir, 'x'))).rejects.toMatchObject({ code: 'UNKNOWN_FORMAT' });
    await expect(loadList('un-xml', fixturePath('eu-fsf-sample.xml'))).rejects.toMatchObject({ code: 'NOT_A_LIST' });
    await expect(
      loadList('un-xml', write('<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>')),
    ).rejects.toMatchObject({ code: 'EMPTY_LIST' });
  });

  it('an announced record count that does not match is an error issue', async () => {
    const text = readFileSync(fixturePath('ofac-sdn-sample.xml'), 'utf8').replace(
      '<Record_Count>2<',
      '<Record_Count>3<',
    );
    const list = await loadList('ofac-xml', write(text, 'sdn.xml'));
    expect(list.issues).toMatchObject([{ severity: 'error', code: 'record-count-mismatch', records: 1 }]);
  });

  it('weighs a record count mismatch by the records missing, not as one error', async () => {
    const text = readFileSync(fixturePath('ofac-sdn-sample.xml'), 'utf8').replace(
      '<Record_Count>2<',
      '<Record_Count>2002<',
    );
    const list = await loadList('ofac-xml', write(text, 'sdn.xml'));
    expect(list.entities).toHaveLength(2);
    expect(list.issues).toMatchObject([{ severity: 'error', code: 'record-count-mismatch', records: 2000 }]);
    expect(errorRecords(list.issues)).toBe(2000);
  });

  it('reports alias rows whose entity is missing from the main file', async () => {
    const set = join(dir, 'orphan-set');
    mkdirSync(set);
    for (const name of ['sdn.csv', 'add.csv', 'alt.csv'])
      copyFileSync(datasetPath(`ofac-sdn/2019-01-15/${name}`), join(set, name));
    writeFileSync(join(set, 'alt.csv'), '\n999999999,1,"aka","NOBODY",-0- \n', { flag: 'a' });
    const list = await loadList('ofac-csv', set);
    expect(list.issues.filter((i) => i.code === 'orphan-row').map((i) => i.entityId)).toEqual(['999999999']);
  });
});
