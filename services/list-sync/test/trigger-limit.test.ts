/**
 * Review F16: TriggerSync shares a sync already queued, but nothing stopped an operator (or a script looping on it)
 * from triggering download after download. Each operator now has a burst, then a rate, and a refusal says when to
 * come back, in the message and in a google.rpc.RetryInfo.
 */
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListSource, ListSyncServiceClient, SyncOutcome, type TriggerSyncResponse } from '@cordon/contracts';
import { createKafka, STATUS_DETAILS_TRAILER, TYPE_URLS } from '@cordon/platform';
import { bearer } from '../../../test/auth.js';
import { brokers, testLogger, uniqueName } from '../../../test/support.js';
import { startListSync, type RunningListSync } from '../src/app.js';
import { dataset, deleteTopics, testConfig, testIdentities } from './helpers.js';

const logger = testLogger('list-sync');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('list-sync-test') }, logger);
const prefix = `${uniqueName('t')}.`;

/** The retry_delay of the RetryInfo in a google.rpc.Status, in milliseconds (undefined: none). */
function retryDelayMillis(statusBytes: Uint8Array): number | undefined {
  const status = new BinaryReader(statusBytes);
  while (status.pos < status.len) {
    const [field, wireType] = status.tag();
    if (field !== 3) {
      status.skip(wireType);
      continue;
    }
    const any = new BinaryReader(status.bytes());
    let typeUrl = '';
    let value: Uint8Array = new Uint8Array();
    while (any.pos < any.len) {
      const [f, w] = any.tag();
      if (f === 1) typeUrl = any.string();
      else if (f === 2) value = any.bytes();
      else any.skip(w);
    }
    if (typeUrl !== TYPE_URLS.retryInfo) continue;
    const retry = new BinaryReader(value);
    retry.tag();
    const duration = new BinaryReader(retry.bytes());
    let millis = 0;
    while (duration.pos < duration.len) {
      const [f, w] = duration.tag();
      if (f === 1) millis += Number(duration.int64()) * 1000;
      else if (f === 2) millis += duration.int32() / 1_000_000;
      else duration.skip(w);
    }
    return millis;
  }
  return undefined;
}

describe('TriggerSync is rate-limited per operator', () => {
  let service: RunningListSync;
  const clients: ListSyncServiceClient[] = [];

  beforeAll(async () => {
    const sources = [
      { source: 'ofac-sdn', format: 'ofac-csv', path: dataset('ofac-sdn'), newest: true, allowTruncatedRemarks: true },
    ];
    service = await startListSync(
      testConfig(prefix, sources, { LIST_SYNC_TRIGGER_BURST: '2', LIST_SYNC_TRIGGER_PER_HOUR: '1' }),
      { logger, kafka },
    );
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop();
    await deleteTopics(kafka, prefix);
  });

  const operator = async (subject: string) => {
    const client = new ListSyncServiceClient(
      `127.0.0.1:${service.grpcPort}`,
      credentials.createInsecure(),
      bearer(await testIdentities.token(subject, ['operator'])),
    );
    clients.push(client);
    return () =>
      new Promise<TriggerSyncResponse>((resolve, reject) =>
        client.triggerSync({ source: ListSource.OFAC_SDN }, (error, response) =>
          error ? reject(error) : resolve(response!),
        ),
      );
  };

  it('lets a burst through, then refuses with RESOURCE_EXHAUSTED and when to retry; other operators are not held', async () => {
    const trigger = await operator('ops');
    expect((await trigger()).outcome).toBe(SyncOutcome.PUBLISHED);
    expect((await trigger()).outcome).toBe(SyncOutcome.UNCHANGED);

    const refused = (await trigger().then(
      () => expect.fail('the third TriggerSync within the hour was accepted'),
      (error: ServiceError) => error,
    )) as ServiceError;
    expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
    // One an hour: the next token is an hour after the first call, less the time the two syncs took.
    expect(refused.details).toMatch(
      /^ops is over its TriggerSync rate \(a burst of 2, then 1 an hour\): retry in (59 min \d+ s|60 min 0 s)$/,
    );
    const delay = retryDelayMillis(refused.metadata.get(STATUS_DETAILS_TRAILER)[0] as Buffer);
    expect(delay).toBeGreaterThan(3_000_000);
    expect(delay).toBeLessThanOrEqual(3_600_000);

    const other = await operator('ops-2');
    expect((await other()).outcome).toBe(SyncOutcome.UNCHANGED);
  });
});
