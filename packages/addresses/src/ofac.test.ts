/**
 * Every digital currency address in the real OFAC files, extracted here with a regex over the remarks (CSV) and
 * the id lists (XML), never from a hard-coded ticker list: each must be valid, or invalid for a reason checked by
 * hand and pinned below.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { checkAddress } from './index.js';

const DATASETS = new URL('../../../../shared/datasets/', import.meta.url);
const MARKER = /Digital Currency Address - (\S+) ([^\s;]*)/g;
/** OFAC cuts `remarks` at 1,000 characters; the rest is in the comments file when there is one. */
const REMARKS_CUT = 1000;

interface Listed {
  ticker: string;
  address: string;
  where: string;
}

function csvRows(path: URL): string[][] {
  const rows = parse(readFileSync(path), { relax_column_count: true }) as string[][];
  return rows.filter((r) => r.length >= 2);
}

function fromCsv(dir: URL, main: string, comments: string, where: string): Listed[] {
  const continuation = new Map<string, string>();
  if (existsSync(new URL(comments, dir))) {
    for (const [id, text] of csvRows(new URL(comments, dir))) continuation.set(id!.trim(), text!);
  }
  const out: Listed[] = [];
  for (const row of csvRows(new URL(main, dir))) {
    if (row.length < 12) continue;
    const id = row[0]!.trim();
    const own = row[11]!.trim() === '-0-' ? '' : row[11]!;
    const rest = continuation.get(id);
    const remarks = own + (rest ?? '');
    const cut = rest === undefined && own.length >= REMARKS_CUT;
    for (const m of remarks.matchAll(MARKER)) {
      // At a cut with no continuation, the text after the marker is a fragment, not an address.
      if (cut && m.index + m[0].length >= remarks.length) continue;
      out.push({ ticker: m[1]!, address: m[2]!.replace(/\.$/, ''), where: `${where}#${id}` });
    }
  }
  return out;
}

function fromXml(path: URL, where: string): Listed[] {
  const xml = readFileSync(path, 'utf8');
  const id = /<idType>Digital Currency Address - ([^<]+)<\/idType>\s*<idNumber>([^<]*)<\/idNumber>/g;
  return [...xml.matchAll(id)].map((m) => ({ ticker: m[1]!.trim(), address: m[2]!, where }));
}

function listed(): Listed[] {
  const out: Listed[] = [];
  for (const [source, main, comments] of [
    ['ofac-sdn', 'sdn.csv', 'sdn_comments.csv'],
    ['ofac-consolidated', 'cons_prim.csv', 'cons_comments.csv'],
  ] as const) {
    for (const version of readdirSync(new URL(`${source}/`, DATASETS))) {
      const dir = new URL(`${source}/${version}/`, DATASETS);
      for (const file of readdirSync(dir)) {
        if (file === main) out.push(...fromCsv(dir, main, comments, `${source}/${version}`));
        if (/\.xml$/i.test(file)) out.push(...fromXml(new URL(file, dir), `${source}/${version}/${file}`));
      }
    }
  }
  return out;
}

/** Distinct (ticker, address) pairs, in the order first seen. */
function distinct(all: Listed[]): Listed[] {
  const seen = new Map<string, Listed>();
  for (const l of all) if (!seen.has(`${l.ticker}\t${l.address}`)) seen.set(`${l.ticker}\t${l.address}`, l);
  return [...seen.values()];
}

// Checked by hand against the files and each chain's rules.
const INVALID: Record<string, { ticker: string; reason: RegExp }> = {
  // SDN 29702 in 2021-07-07: 39 hex digits; the 2023-12-28 file lists the corrected ...fa20b008.
  '0xa7e5d5a720f06526557c513402f2e6b5fa20b00': { ticker: 'ETH', reason: /^39 hex digits after 0x/ },
  // SDN 29585: 32 bytes in hex under XMR - a transaction id or key, not a Monero address.
  '5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320': {
    ticker: 'XMR',
    reason: /^64 hex digits \(32 bytes\).*not an address/,
  },
  // SDN 45404 in 2023-12-28: a Tron address (version 0x41) listed under XBT.
  TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq: { ticker: 'XBT', reason: /^a valid Tron account address, not valid for XBT/ },
};

// Distinct (ticker, address) pairs per ticker across all the files, counted by hand from the remarks.
const COUNTS: Record<string, number> = {
  XBT: 189,
  ETH: 51,
  USDT: 9,
  LTC: 8,
  BCH: 3,
  DASH: 3,
  TRX: 3,
  XMR: 3,
  ZEC: 3,
  USDC: 2,
  ARB: 1,
  BSC: 1,
  BSV: 1,
  BTG: 1,
  ETC: 1,
  XVG: 1,
};

describe('OFAC digital currency addresses', () => {
  const addresses = distinct(listed());

  it('finds every listed address, and the per-ticker counts are the ones counted by hand', () => {
    const counts: Record<string, number> = {};
    for (const a of addresses) counts[a.ticker] = (counts[a.ticker] ?? 0) + 1;
    expect(counts).toEqual(COUNTS);
  });

  it('never takes the fragment at a cut remark for an address', () => {
    const fragments = ['1Gq', '1B64QRxf', '3', '1B11Ezqg3AXj', '3F6bbvS1krsc1qR8FsbTDfYQyvkMm', '1N6XqS', ''];
    expect(addresses.filter((a) => fragments.includes(a.address))).toEqual([]);
    // The 2021 file continues SDN 30518's remark in sdn_comments.csv: the straddling address is whole.
    expect(addresses.map((a) => a.address)).toContain('1GqChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr');
  });

  it.each(addresses.map((a) => [a.ticker, a.address, a.where]))('%s %s (%s)', (ticker, address) => {
    const check = checkAddress(ticker, address);
    const expected = INVALID[address];
    if (expected === undefined) {
      expect(check, check.reason).toMatchObject({ valid: true });
      expect(check.chains.length).toBeGreaterThan(0);
      expect(check.canonical).not.toMatch(/^raw:/);
    } else {
      expect(ticker).toBe(expected.ticker);
      expect(check.valid).toBe(false);
      expect(check.reason).toMatch(expected.reason);
      expect(check.canonical).toBe(`raw:${address}`);
    }
  });

  it('gives one key to the same EVM address under ETH, USDT and USDC, mixed- or lower-case', () => {
    const keys = addresses
      .filter((a) => a.address.toLowerCase() === '0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2')
      .map((a) => checkAddress(a.ticker, a.address).canonical);
    expect(keys.length).toBe(3);
    expect(new Set([...keys, checkAddress('ETH', '0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2').canonical]).size).toBe(
      1,
    );
  });
});
