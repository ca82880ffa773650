import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from './policy.js';
import { ENGINE_VERSION, screen } from './screen.js';
import { buildSnapshot, type ListInput } from './snapshot.js';
import { entity } from './test-entities.js';
import type { Decision, Withdrawal } from './types.js';

const ETH = '0x7F367cC41522cE07553e823bf3be79A889DEbe1B';
const BCH = 'qpf2cphc5dkuclkqur7lhj2yuqq9pk3hmukle77vhq';
const BECH32 = 'bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rq';
const NOT_AN_ADDRESS = '5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320';

const SDN: ListInput = {
  source: 'ofac-sdn',
  version: 'sdn-v1',
  entities: [
    entity({ id: '1001', names: ['DOE, John Alexander'], addresses: [`ETH ${ETH}`, `BCH ${BCH}`, `XBT ${BECH32}`] }),
    entity({
      id: '1002',
      names: ['PRIGOZHIN, Yevgeniy Viktorovich', '~CHEF'],
      dob: ['1961-06-01'],
      nationalities: ['RU'],
    }),
    entity({ id: '1004', type: 'entity', names: ['ALPHA SHIPPING LLC'] }),
    entity({ id: '1005', names: ['ROE, Richard'], addresses: [`XMR ${NOT_AN_ADDRESS}`] }),
  ],
};
const UN: ListInput = {
  source: 'un',
  version: 'un-v1',
  entities: [entity({ id: '2001', source: 'un', names: ['KHAMENEI, Ali Husseini'], dob: ['1939-04-19'] })],
};
const snapshot = buildSnapshot([SDN, UN]);

const run = (withdrawal: Omit<Withdrawal, 'id'>, policy = DEFAULT_POLICY): Decision =>
  screen({ id: 'w-1', ...withdrawal }, snapshot, policy);
const hitIds = (d: Decision): string[] => d.hits.map((h) => `${h.kind}:${h.source}:${h.entityId}:${h.field}`);

// An independent canonical form (sorted keys, recursively) and hash, to check the decision hash from outside.
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('screen: addresses', () => {
  it('blocks a listed EVM address in any case and under any EVM token', () => {
    for (const [address, ticker] of [
      [ETH.toLowerCase(), 'USDC'],
      [`0x${ETH.slice(2).toUpperCase()}`, 'ETH'],
      [ETH, 'USDT'],
    ] as const) {
      const d = run({ destination: { address, ticker } });
      expect(d.decision, `${ticker} ${address}`).toBe('BLOCK');
      expect(hitIds(d)).toEqual(['address:ofac-sdn:1001:destination']);
      expect(d.hits[0]?.matched).toBe(ETH);
    }
  });

  it('blocks a listed Bitcoin Cash address with or without its prefix and in upper case', () => {
    for (const address of [BCH, `bitcoincash:${BCH}`, `BITCOINCASH:${BCH.toUpperCase()}`]) {
      expect(run({ destination: { address, ticker: 'BCH' } }).decision, address).toBe('BLOCK');
    }
  });

  it('finds the chain itself when the ticker is missing or wrong', () => {
    const noTicker = run({ destination: { address: BECH32.toUpperCase() } });
    expect(noTicker.decision).toBe('BLOCK');
    expect(noTicker.hits[0]?.features.via).toBe('detected');
    const wrongTicker = run({ destination: { address: BECH32, ticker: 'ETH' } });
    expect(wrongTicker.decision).toBe('BLOCK');
    expect(wrongTicker.hits[0]?.features.via).toBe('detected');
  });

  it('matches a listed string that is no valid address exactly as written', () => {
    expect(run({ destination: { address: ` ${NOT_AN_ADDRESS} `, ticker: 'XMR' } }).decision).toBe('BLOCK');
    expect(run({ destination: { address: NOT_AN_ADDRESS.toUpperCase(), ticker: 'XMR' } }).decision).toBe('ALLOW');
  });

  it('screens source and counterparty addresses too', () => {
    const d = run({
      destination: { address: '0x0000000000000000000000000000000000000001', ticker: 'ETH' },
      sources: [{ address: ETH, ticker: 'ETH' }],
      counterparties: [{ address: BCH, ticker: 'BCH' }],
    });
    expect(d.decision).toBe('BLOCK');
    expect(hitIds(d)).toEqual(['address:ofac-sdn:1001:counterparty', 'address:ofac-sdn:1001:source']);
  });

  it('follows the policy for what an address hit asks for', () => {
    const lenient = parsePolicy({ address: { onHit: 'HOLD' } });
    expect(run({ destination: { address: ETH, ticker: 'ETH' } }, lenient).decision).toBe('HOLD');
  });
});

describe('screen: names', () => {
  it('holds a designee named in Cyrillic and blocks them with their exact date of birth', () => {
    const held = run({ customer: { name: 'Евгений Пригожин' } });
    expect(held.decision).toBe('HOLD');
    expect(hitIds(held)).toEqual(['name:ofac-sdn:1002:name']);
    expect(held.hits[0]?.features.queryScript).toBe('Cyrl');
    const blocked = run({ customer: { name: 'Евгений Пригожин', dob: '1961-06-01' } });
    expect(blocked.decision).toBe('BLOCK');
    expect(blocked.hits[0]?.features.dob).toBe('exact');
  });

  it('lets a clearly different birth year clear a name match', () => {
    const d = run({ customer: { name: 'Yevgeniy Prigozhin', dob: '1990-01-01' } });
    expect(d.decision).toBe('ALLOW');
    expect(d.hits).toEqual([]);
  });

  it('never blocks on a weak alias alone', () => {
    const policy = parsePolicy({ name: { blockAt: 0.85 } });
    const d = run({ customer: { name: 'Chef', dob: '1961-06-01' } }, policy);
    expect(d.decision).toBe('HOLD');
    expect(d.hits[0]?.features.aliasStrength).toBe('weak');
    expect(d.hits[0]?.score).toBeGreaterThanOrEqual(0.85);
  });

  it('holds but never blocks on a listed family name alone, even with the exact date of birth', () => {
    const policy = parsePolicy({ name: { blockAt: 0.85 } });
    const d = run({ customer: { name: 'Prigozhin', dob: '1961-06-01', nationality: 'RU' } }, policy);
    expect(d.decision).toBe('HOLD');
    expect(d.hits[0]?.entityId).toBe('1002');
    expect(d.hits[0]?.features.partialName).toBe(true);
    expect(d.hits[0]?.score).toBeGreaterThanOrEqual(0.85);
  });

  it('screens aliases and every list', () => {
    const d = run({ customer: { name: 'Jane Roe', aliases: ['Ali Khamenei'] } });
    expect(hitIds(d)).toEqual(['name:un:2001:name']);
  });

  it('allows an unrelated customer', () => {
    const d = run({ customer: { name: 'Maria Garcia', dob: '1980-02-02', nationality: 'ES' } });
    expect(d.decision).toBe('ALLOW');
    expect(d.reasons).toEqual(['no hits']);
  });
});

describe('screen: jurisdictions', () => {
  it('holds comprehensively sanctioned nationalities, countries and regions', () => {
    expect(hitIds(run({ customer: { nationality: 'ir' } }))).toEqual(['jurisdiction:policy:IR:nationality']);
    expect(run({ customer: { regionOfResidence: 'UA-43' } }).decision).toBe('HOLD');
    expect(run({ customer: { regionOfResidence: 'CU-03' } }).hits[0]?.entityId).toBe('CU');
    expect(run({ customer: { countryOfResidence: 'KP' } }).decision).toBe('HOLD');
  });

  it('leaves other places alone', () => {
    expect(
      run({ customer: { countryOfResidence: 'UA', regionOfResidence: 'UA-30', nationality: 'RU' } }).decision,
    ).toBe('ALLOW');
  });
});

describe('screen: the decision record', () => {
  const withdrawal: Withdrawal = {
    id: 'w-42',
    requestedAt: '2024-01-05T10:00:00Z',
    destination: { address: ETH, ticker: 'USDC' },
    customer: { name: 'Yevgeniy Prigozhin', dob: '1961', nationality: 'IR' },
  };

  it('orders hits best first and gives the worst action as the decision', () => {
    const d = screen(withdrawal, snapshot);
    expect(d.decision).toBe('BLOCK');
    for (let i = 1; i < d.hits.length; i++) expect(d.hits[i - 1]!.score).toBeGreaterThanOrEqual(d.hits[i]!.score);
    expect(d.hits.map((h) => h.kind)).toEqual(['address', 'jurisdiction', 'name']);
    expect(d.reasons).toHaveLength(3);
  });

  it('pins lists, policy and engine, and hashes itself over canonical JSON', () => {
    const d = screen(withdrawal, snapshot);
    expect(d.lists).toEqual([
      { source: 'ofac-sdn', version: 'sdn-v1' },
      { source: 'un', version: 'un-v1' },
    ]);
    expect(d.engineVersion).toBe(ENGINE_VERSION);
    const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
    const { decisionHash, ...body } = d;
    expect(decisionHash).toBe(sha(sortedJson(body)));
    expect(d.policyHash).toBe(sha(sortedJson(DEFAULT_POLICY)));
    expect(d.inputHash).toBe(sha(sortedJson(withdrawal)));
  });

  it('gives the same bytes for the same inputs, whatever order the lists and entities came in', () => {
    const again = screen(withdrawal, snapshot);
    const reordered = buildSnapshot([UN, { ...SDN, entities: [...SDN.entities].reverse() }]);
    const other = screen(withdrawal, reordered);
    expect(JSON.stringify(again)).toBe(JSON.stringify(screen(withdrawal, snapshot)));
    expect(JSON.stringify(other)).toBe(JSON.stringify(again));
  });

  it('changes the hash when any input, the policy or a list version changes', () => {
    const base = screen(withdrawal, snapshot).decisionHash;
    const variants: Withdrawal[] = [
      { ...withdrawal, id: 'w-43' },
      { ...withdrawal, requestedAt: '2024-01-05T10:00:01Z' },
      { ...withdrawal, destination: { address: ETH.toLowerCase(), ticker: 'USDC' } },
      { ...withdrawal, destination: { address: ETH, ticker: 'ETH' } },
      { ...withdrawal, customer: { ...withdrawal.customer, name: 'Yevgeny Prigozhin' } },
      { ...withdrawal, customer: { ...withdrawal.customer, dob: '1962' } },
      { ...withdrawal, customer: { ...withdrawal.customer, nationality: 'RU' } },
      { ...withdrawal, customer: { ...withdrawal.customer, aliases: ['Chef'] } },
    ];
    const hashes = variants.map((v) => screen(v, snapshot).decisionHash);
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(screen(withdrawal, snapshot, parsePolicy({ name: { holdAt: 0.81 } })).decisionHash).not.toBe(base);
    const newer = buildSnapshot([{ ...SDN, version: 'sdn-v2' }, UN]);
    expect(screen(withdrawal, newer).decisionHash).not.toBe(base);
  });

  it('does not depend on the key order of the input', () => {
    const reordered: Withdrawal = {
      customer: { nationality: 'IR', dob: '1961', name: 'Yevgeniy Prigozhin' },
      destination: { ticker: 'USDC', address: ETH },
      requestedAt: '2024-01-05T10:00:00Z',
      id: 'w-42',
    };
    expect(screen(reordered, snapshot).decisionHash).toBe(screen(withdrawal, snapshot).decisionHash);
  });

  it('does not change its inputs', () => {
    const copy = structuredClone(withdrawal);
    screen(withdrawal, snapshot);
    expect(withdrawal).toEqual(copy);
  });
});
