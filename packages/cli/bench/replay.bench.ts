/**
 * Replay verification benchmark on the bundled OFAC SDN 2023-12-28 data, one core, in process (no broker): the
 * decisions are made by the screening service's own code path (`screenWithdrawal` over `coreEngine`), then
 * verified as `cordon replay` verifies them (input hash, pinned version and policy resolved, screened again,
 * compared byte for byte). Prints decisions verified per second for withdrawals without and with a customer name
 * (name screening dominates), and the resident set size along a long stream of decisions (it must stay flat).
 *
 *   npx tsx packages/cli/bench/replay.bench.ts [decisions-in-the-long-run, default 400000]
 */
import { randomBytes } from 'node:crypto';
import { checkAddress } from '@cordon/addresses';
import {
  IngestChannel,
  ListSource,
  ScreeningDecision,
  timestampFromMillis,
  WithdrawalRequested,
} from '@cordon/contracts';
import { loadList } from '@cordon/lists';
import { DEFAULT_POLICY, policyHash } from '@cordon/screening-core';
import { coreEngine, screenWithdrawal } from '@cordon/screening-core/contract';
import { Verifier, versionKey, type InputRecord, type ReplayCatalogue } from '../src/replay/verify.js';
import { adHocVersion } from '../src/replay/whatif.js';

const DATASET = new URL('../../../../shared/datasets/ofac-sdn/2023-12-28', import.meta.url).pathname;
const FETCHED_AT = 1_767_200_000_000;
const SCREENED_AT = 1_767_225_600_000;
const LONG_RUN = Number(process.argv[2] ?? 400_000);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const list = await loadList('ofac-csv', DATASET);
const version = adHocVersion(list.entities, '12/28/2023');
version.manifest.fetchedAt = timestampFromMillis(FETCHED_AT);
const catalogue: ReplayCatalogue = {
  versions: new Map([[versionKey(ListSource.OFAC_SDN, version.contentHash), version]]),
  policies: new Map([[policyHash(DEFAULT_POLICY), DEFAULT_POLICY]]),
  confirmations: new Set(),
};
const engine = coreEngine();
const snapshot = engine.buildSnapshot([version]);
// The replay's own verifier, its snapshot indexed once up front (as replay does on the first decision pinning it).
const verifier = new Verifier(catalogue);
const buildStarted = performance.now();
verifier.snapshotOf([version]);
const buildMillis = performance.now() - buildStarted;
const listed = list.entities.flatMap((e) => e.digitalCurrencyAddresses.filter((a) => a.valid));
const names = ['Emma Johansson', 'Li Wei', 'Olga Petrova', 'Juan Garcia', 'Amara Okafor', 'Yusuf Demir'];

/** One decided withdrawal: every tenth to a listed address, the rest to fresh ones. */
function decided(i: number, withName: boolean): { decision: ScreeningDecision; input: InputRecord } {
  const target =
    i % 10 === 0 ? listed[i % listed.length]! : { ticker: 'ETH', address: `0x${randomBytes(20).toString('hex')}` };
  const check = checkAddress(target.ticker, target.address);
  const at = timestampFromMillis(SCREENED_AT + i);
  const withdrawal = WithdrawalRequested.fromPartial({
    idempotencyKey: `idem-${i}`,
    withdrawalId: `w-${i}`,
    customer: { customerRef: `cust-${i % 5000}`, fullName: withName ? names[i % names.length]! : '' },
    chain: check.chains[0] ?? '',
    amount: { asset: check.ticker, amountDecimal: '1.5' },
    destination: {
      ticker: check.ticker,
      chain: check.chains[0] ?? '',
      address: target.address,
      canonical: check.canonical,
      valid: check.valid,
      chains: check.chains,
      reason: check.reason ?? '',
    },
    requestedAt: at,
    ingestedAt: at,
    channel: IngestChannel.GRPC,
  });
  const value = WithdrawalRequested.encode(withdrawal).finish();
  const outcome = screenWithdrawal(withdrawal, value, at, engine, snapshot, new Map());
  if (outcome.kind !== 'decision') throw new Error(`withdrawal ${i} rejected: ${outcome.detail}`);
  return {
    decision: outcome.decision,
    input: { partition: 0, offset: String(i), timestampMillis: SCREENED_AT + i, value },
  };
}

function rate(withName: boolean, count: number, seconds: number): number {
  const pairs = Array.from({ length: count }, (_, i) => decided(i, withName));
  // Decisions arrive as bytes on the topic: decoding them is part of the work.
  const records = pairs.map((p) => ({ bytes: ScreeningDecision.encode(p.decision).finish(), input: p.input }));
  let verified = 0;
  let total = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (const r of records) {
      const decision = ScreeningDecision.decode(r.bytes);
      const result = verifier.verify(decision, r.input, [r.input]);
      if (result.status === 'verified') verified++;
      total++;
    }
  }
  if (verified !== total) throw new Error(`only ${verified} of ${total} verified`);
  return (total / (performance.now() - start)) * 1000;
}

console.log(
  `OFAC SDN 2023-12-28: ${list.entities.length} entities, ${listed.length} valid listed addresses; ` +
    `snapshot indexed once in ${Math.round(buildMillis)} ms`,
);
console.log(`addresses only:          ${Math.round(rate(false, 20_000, 5)).toLocaleString('en')} decisions verified/s`);
console.log(`with customer names:     ${Math.round(rate(true, 5_000, 5)).toLocaleString('en')} decisions verified/s`);

// A long stream, made and verified in chunks as replay reads them: memory must not grow with its length.
const chunk = 10_000;
let verifiedTime = 0;
let peak = 0;
for (let done = 0; done < LONG_RUN; done += chunk) {
  const pairs = Array.from({ length: chunk }, (_, i) => decided(done + i, false));
  const start = performance.now();
  for (const p of pairs) {
    const result = verifier.verify(ScreeningDecision.decode(ScreeningDecision.encode(p.decision).finish()), p.input, [
      p.input,
    ]);
    if (result.status !== 'verified') throw new Error(`${p.decision.withdrawalId}: ${result.reason}`);
  }
  verifiedTime += performance.now() - start;
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  if ((done + chunk) % 100_000 === 0) {
    console.log(`  after ${(done + chunk).toLocaleString('en')} decisions: rss ${mb(rss)}`);
  }
}
console.log(
  `long run: ${LONG_RUN.toLocaleString('en')} decisions, ${Math.round((LONG_RUN / verifiedTime) * 1000).toLocaleString('en')} verified/s, ` +
    `peak rss ${mb(peak)}, ${verifier.snapshotsBuilt} snapshot built`,
);
