/**
 * The chaos run, small: withdrawals through ingest, screening and case-management as real processes, each killed
 * with SIGKILL a few times, its own broker restarted once, list versions published meanwhile (designating addresses
 * earlier withdrawals went to, so the look-back must open retro-hit cases); then nothing lost and nothing duplicated,
 * as a read_committed reader (cross-checked by Kafka's Java consumer) counts it.
 * `npm run chaos` is the full run (scripts/chaos.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatResult, runChaos } from '../../scripts/chaos/run.js';
import { databaseUrl } from '../support.js';

describe('the chaos run', () => {
  it('loses nothing and duplicates nothing through kill -9 of every service and a broker restart', async () => {
    const result = await runChaos({
      withdrawals: Number(process.env.CHAOS_WITHDRAWALS ?? 2_000),
      killsPerService: Number(process.env.CHAOS_KILLS ?? 3),
      concurrency: 32,
      seed: 7,
      listVersions: 2,
      resolveFraction: 0.2,
      holdFraction: 0.05,
      blockFraction: 0.05,
      retroFraction: 0.02,
      databaseUrl: databaseUrl(),
      settleTimeoutMillis: 600_000,
      log: (line) => console.log(`chaos ${line}`),
    });
    console.log(formatResult(result));
    expect(result.evidence).toEqual([]);
    expect(result.acknowledged).toBe(result.options.withdrawals);
    expect(Object.values(result.kills)).toEqual([3, 3, 3, 3].map(() => result.options.killsPerService));
    expect(result.brokerRestarts).toBe(1);
    // Every service exit was one of the run's own kills: none crashed (the librdkafka abort after a broker restart).
    expect(Object.values(result.unexpectedExits)).toEqual([0, 0, 0, 0]);
    expect(result.lost).toBe(0);
    expect(result.duplicatedDecisions).toBe(0);
    expect(result.casesMissing).toBe(0);
    expect(result.casesDuplicated).toBe(0);
    expect(result.casesResolved).toBeGreaterThan(0);
    // Withdrawals allowed before a list version designated their address: each got its retro-hit case, once.
    expect(result.retroExpected).toBeGreaterThan(0);
    expect(result.retroMissing).toBe(0);
    expect(result.retroDuplicated).toBe(0);
    expect(result.dispositionsMissing).toBe(0);
    expect(result.dispositionsDuplicated).toBe(0);
    expect(result.dispositionsUnexpected).toBe(0);
    expect(result.java.agree).toBe(true);
  }, 1_500_000);
});
