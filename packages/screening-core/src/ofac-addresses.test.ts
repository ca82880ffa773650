/**
 * Every digital currency address in the OFAC SDN files under ../shared/datasets screens to BLOCK in every written
 * form its chain allows, under its listed ticker, under a related ticker and with no ticker at all.
 */
import { readFileSync } from 'node:fs';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { loadList, type LoadedList } from '@cordon/lists';
import { beforeAll, describe, expect, it } from 'vitest';
import { screen } from './screen.js';
import { buildSnapshot, type Snapshot } from './snapshot.js';

const DATASETS = new URL('../../../../shared/datasets/', import.meta.url);
const SETS = ['ofac-sdn/2019-01-15', 'ofac-sdn/2021-07-07', 'ofac-sdn/2023-12-28'];

/** EIP-55 mixed-case checksum spelling, written here from the EIP rather than taken from the code under test. */
function eip55(address: string): string {
  const hex = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak_256(utf8ToBytes(hex)));
  return `0x${[...hex].map((c, i) => (parseInt(hash[i] ?? '0', 16) >= 8 ? c.toUpperCase() : c)).join('')}`;
}

/** Every way the address may be written on its chain. */
function writtenForms(ticker: string, address: string): string[] {
  if (/^0x[0-9a-f]{40}$/i.test(address)) {
    const hex = address.slice(2);
    return [address, `0x${hex.toLowerCase()}`, `0x${hex.toUpperCase()}`, eip55(address), `0X${hex.toLowerCase()}`];
  }
  if (ticker === 'BCH' && /^[qpzr][02-9ac-hj-np-z]{41}$/i.test(address)) {
    const lower = address.toLowerCase();
    return [address, `bitcoincash:${lower}`, lower.toUpperCase(), `BITCOINCASH:${lower.toUpperCase()}`];
  }
  if (/^(bc|ltc|btg|tb)1/i.test(address)) return [address, address.toLowerCase(), address.toUpperCase()];
  return [address];
}

/** Tickers a withdrawal to this address might carry: the listed one, none, and a sibling asset on the same chain. */
function tickersFor(ticker: string, address: string): string[] {
  if (/^0x/i.test(address)) return [ticker, '', 'ETH', 'USDC', 'USDT'];
  if (ticker === 'XBT') return [ticker, '', 'BTC'];
  return [ticker, ''];
}

// Addresses in the raw remarks that certainly end there (a semicolon or the remark's closing period follows).
function completeRawAddresses(dir: string): string[] {
  const text = readFileSync(new URL(`${dir}/sdn.csv`, DATASETS), 'latin1');
  return [...text.matchAll(/Digital Currency Address - [A-Z0-9]+ ([^\s;"]+?)(?:;|\.")/g)].map((m) => m[1] as string);
}

describe.each(SETS)('OFAC %s digital currency addresses', (dir) => {
  let list: LoadedList;
  let snapshot: Snapshot;

  beforeAll(async () => {
    list = await loadList('ofac-csv', new URL(dir, DATASETS).pathname);
    // Only entities with addresses: the name index is not what this test is about, and it costs a second.
    const withAddresses = list.entities.filter((e) => e.digitalCurrencyAddresses.length > 0);
    snapshot = buildSnapshot([{ ...list, entities: withAddresses }]);
  }, 60_000);

  it('has parsed every address the raw file plainly contains', () => {
    const parsed = new Set(list.entities.flatMap((e) => e.digitalCurrencyAddresses.map((a) => a.address)));
    const raw = completeRawAddresses(dir);
    expect(raw.length).toBeGreaterThan(0);
    for (const address of raw) expect(parsed, address).toContain(address);
  });

  it('blocks every listed address in every written form, with any fitting ticker', () => {
    let screened = 0;
    for (const entity of list.entities) {
      for (const { ticker, address } of entity.digitalCurrencyAddresses) {
        for (const form of writtenForms(ticker, address)) {
          for (const asTicker of tickersFor(ticker, address)) {
            const decision = screen({ id: 't', destination: { address: form, ticker: asTicker } }, snapshot);
            const label = `${entity.id} ${ticker} ${address} as ${asTicker || '(none)'} ${form}`;
            expect(decision.decision, label).toBe('BLOCK');
            expect(
              decision.hits.map((h) => h.entityId),
              label,
            ).toContain(entity.id);
            screened++;
          }
        }
      }
    }
    expect(screened).toBeGreaterThan(0);
  });
});
