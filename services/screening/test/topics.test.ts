/** Review F6: screening on its defaults (KAFKA_TOPICS=verify) refuses to start on a cluster without its topics. */
import { afterAll, describe, expect, it } from 'vitest';
import { coreEngine } from '@cordon/screening-core/contract';
import { createKafka } from '@cordon/platform';
import { startScreening } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';

const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('topics-test') }, testLogger());
afterAll(() => kafka.close());

describe('screening and the topics it needs', () => {
  it('a service on its defaults (KAFKA_TOPICS=verify) refuses to start rather than create topics', async () => {
    const servicePrefix = `${uniqueName('topics-svc')}.`;
    const config = readConfig({
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_TOPIC_PREFIX: servicePrefix,
      SCREENING_GRPC_PORT: '0',
      SCREENING_OPS_PORT: '0',
      CORDON_INSECURE_DEV_NO_AUTH: '1',
    });
    expect(config.kafka.topics.mode).toBe('verify');
    await expect(
      startScreening(config, { logger: testLogger('screening'), engine: coreEngine() }),
    ).rejects.toMatchObject({
      code: 'TOPICS_INVALID',
    });
    const admin = await kafka.admin();
    expect((await admin.listTopics()).filter((t) => t.startsWith(servicePrefix))).toEqual([]);
  });
});
