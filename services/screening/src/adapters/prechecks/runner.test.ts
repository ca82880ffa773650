import { afterAll, describe, expect, it } from 'vitest';
import { DecisionOutcome, ScreenAddressRequest, ScreenPartyRequest } from '@cordon/contracts';
import { createLogger } from '@cordon/platform';
import { coreEngine } from '@cordon/screening-core/contract';
import { person, versionOf } from '@cordon/screening-core/contract/testing';
import { inlineRunner, PrecheckRefused, workerPool, type PrecheckJob } from './runner.js';

const ADDRESS = '0x098b716b8aaf21512996dc57eb0615e2383e2f96';
const version = versionOf([person('27307', 'LAZARUS, Group', { addresses: [ADDRESS] })], 'v1');
const engine = coreEngine();
const address: PrecheckJob = {
  kind: 'address',
  request: ScreenAddressRequest.fromPartial({ requestId: 'r-1', ticker: 'ETH', address: ADDRESS }),
  nowMillis: 1_767_225_600_000,
};
const party: PrecheckJob = {
  kind: 'party',
  request: ScreenPartyRequest.fromPartial({ requestId: 'r-2', party: { fullName: 'Group Lazarus' } }),
  nowMillis: 1_767_225_600_000,
};

// Review F7: pre-checks ran on the event loop of the exactly-once pipeline; they now run in worker threads, and
// must decide there exactly as the pipeline's own engine would.
describe('the pre-check worker pool', () => {
  const pool = workerPool({
    size: 1,
    engine,
    maxQueuedPerWorker: 2,
    logger: createLogger('test', { level: 'silent' }),
  });
  afterAll(() => pool.close());

  it('refuses until it has lists, then decides byte for byte as the main thread does', async () => {
    await expect(pool.screen(address)).rejects.toMatchObject({ reason: 'no-snapshot' });
    pool.setVersions([version]);
    const inline = inlineRunner(engine, () => engine.buildSnapshot([version]));
    for (const job of [address, party]) {
      const [inWorker, onMain] = await Promise.all([pool.screen(job), inline.screen(job)]);
      expect(inWorker).toEqual(onMain);
    }
    expect((await pool.screen(address)).outcome).toBe(DecisionOutcome.BLOCK);
  });

  it('refuses past its queue instead of queueing without bound', async () => {
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => pool.screen(address)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as PrecheckRefused).reason);
    expect(refused).toEqual(['overloaded', 'overloaded']);
  });
});
