/**
 * Canonicalisations per second per address family, on one core: `npx tsx packages/addresses/bench/canonicalise.bench.ts`.
 * Each family checks distinct addresses built from random bytes (valid unless the row says otherwise), in batches
 * of 100 timed together; p50/p99 are per check, from the batch times. `per CPU-s` divides by the CPU time used, which
 * is what one core does when the machine is shared. Target: >= 200,000/s for EVM and base58.
 */
import { randomBytes } from 'node:crypto';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base58, bech32 } from '@scure/base';
import { encodeBase58check } from '../src/base58check.js';
import { encodeCashaddr } from '../src/cashaddr.js';
import { toEip55 } from '../src/evm.js';
import { checkAddress } from '../src/index.js';
import { encodeMonero } from '../src/monero.js';
import { classicAddress } from '../src/ripple.js';

const DISTINCT = 20_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const BATCH = 100;

interface Family {
  name: string;
  ticker: string;
  make: () => string;
}

const b58check = (version: number[], length: number) => () =>
  encodeBase58check(Uint8Array.from([...version, ...randomBytes(length)]));

const FAMILIES: Family[] = [
  { name: 'evm lower-case', ticker: 'ETH', make: () => `0x${bytesToHex(randomBytes(20))}` },
  { name: 'evm EIP-55 mixed-case', ticker: 'ETH', make: () => `0x${toEip55(bytesToHex(randomBytes(20)))}` },
  { name: 'evm via USDT (9 chains)', ticker: 'USDT', make: () => `0x${bytesToHex(randomBytes(20))}` },
  { name: 'base58check btc p2pkh', ticker: 'XBT', make: b58check([0x00], 20) },
  { name: 'base58check ltc', ticker: 'LTC', make: b58check([0x30], 20) },
  { name: 'base58check zec t1', ticker: 'ZEC', make: b58check([0x1c, 0xb8], 20) },
  { name: 'base58check trx', ticker: 'TRX', make: b58check([0x41], 20) },
  { name: 'base58check via USDT (omni)', ticker: 'USDT', make: b58check([0x00], 20) },
  { name: 'tron 41-hex', ticker: 'TRX', make: () => `41${bytesToHex(randomBytes(20))}` },
  { name: 'bech32 p2wpkh', ticker: 'BTC', make: () => bech32.encode('bc', [0, ...bech32.toWords(randomBytes(20))]) },
  { name: 'cashaddr (to legacy key)', ticker: 'BCH', make: () => encodeCashaddr('bitcoincash', 0, randomBytes(20)) },
  { name: 'xrp classic', ticker: 'XRP', make: () => classicAddress(randomBytes(20)) },
  { name: 'monero standard', ticker: 'XMR', make: () => encodeMonero(18, randomBytes(64)) },
  { name: 'solana', ticker: 'SOL', make: () => base58.encode(randomBytes(32)) },
  { name: 'detect (empty ticker), btc', ticker: '', make: b58check([0x00], 20) },
  { name: 'invalid: btc bad checksum', ticker: 'BTC', make: () => `${b58check([0x00], 20)().slice(0, -1)}1` },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

interface Figures {
  /** Checks per wall-clock second. */
  perSecond: number;
  /** Checks per second of CPU time: what one uncontended core does on a shared machine. */
  perCpuSecond: number;
  p50: number;
  p99: number;
  valid: number;
}

function measure(family: Family): Figures {
  const inputs = Array.from({ length: DISTINCT }, family.make);
  for (let i = 0; i < DISTINCT; i++) checkAddress(family.ticker, inputs[i]!); // warm-up
  const batches: number[] = [];
  let done = 0;
  let valid = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let j = 0; j < BATCH; j++) if (checkAddress(family.ticker, inputs[(done + j) % DISTINCT]!).valid) valid++;
    batches.push((performance.now() - t0) / BATCH);
    done += BATCH;
  }
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  batches.sort((a, b) => a - b);
  return {
    perSecond: done / elapsed,
    perCpuSecond: done / ((used.user + used.system) / 1e6),
    p50: percentile(batches, 0.5),
    p99: percentile(batches, 0.99),
    valid: valid / done,
  };
}

const rows = FAMILIES.map((f) => ({ family: f.name, ...measure(f) }));
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(10))).join(' ');
console.log(row(['family', 'checks/s', 'per CPU-s', 'p50 µs', 'p99 µs', 'valid']));
for (const r of rows) {
  const us = (ms: number) => (ms * 1000).toFixed(2);
  const rate = (n: number) => String(Math.round(n));
  console.log(
    row([r.family, rate(r.perSecond), rate(r.perCpuSecond), us(r.p50), us(r.p99), `${(r.valid * 100).toFixed(0)}%`]),
  );
}
console.log(
  `RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, node ${process.version}, ${SECONDS}s per family`,
);
