import { afterAll, describe, expect, it } from 'vitest';
import { topicNames } from '@cordon/contracts';
import { deleteTopics } from '@cordon/platform';
import { parsePolicy } from '@cordon/screening-core';
import { coreEngine } from '@cordon/screening-core/contract';
import { brokers, testKafka, testLogger, uniqueName } from '../../../test/support.js';
import { startScreening } from '../src/app.js';
import { testConfig } from './fixtures.js';

const logger = testLogger('screening-test');

describe('the policy a screening replica may run (real broker)', () => {
  const prefix = `${uniqueName('policy')}.`;
  const kafka = testKafka();
  afterAll(async () => {
    await deleteTopics(kafka, Object.values(topicNames(prefix))).catch(() => undefined);
  });

  it('starts with the expected policy hash and exports it; refuses another hash and an unmeant permissive policy', async () => {
    const engine = coreEngine();
    const service = await startScreening(
      testConfig(brokers(), prefix, { policy: { expectedHash: engine.policyHash } }),
      {
        logger,
        engine,
      },
    );
    try {
      const metrics = await (await fetch(`http://127.0.0.1:${service.opsPort}/metrics`)).text();
      expect(metrics).toContain(
        `screening_policy_info{policy_hash="${engine.policyHash}",engine_version="${engine.engineVersion}",service="screening"} 1`,
      );
    } finally {
      await service.stop();
    }

    const other = coreEngine(parsePolicy({ name: { holdAt: 0.75 } }));
    await expect(
      startScreening(testConfig(brokers(), prefix, { policy: { expectedHash: engine.policyHash } }), {
        logger,
        engine: other,
      }),
    ).rejects.toThrow(`policy hash ${other.policyHash} is not the expected ${engine.policyHash}`);

    const lax = coreEngine(parsePolicy({ jurisdiction: { codes: [] } }));
    await expect(startScreening(testConfig(brokers(), prefix), { logger, engine: lax })).rejects.toThrow(
      /more permissive than the default \(jurisdiction\.codes leaves out CU/,
    );
  });
});
