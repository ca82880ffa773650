import { BinaryReader } from '@bufbuild/protobuf/wire';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  FieldViolations,
  GRPC_FIELD_VIOLATIONS_TRAILER,
  HitKind,
  ScreeningServiceClient,
  ScreenPartyRequest,
  topicNames,
  type ScreeningDecision,
} from '@cordon/contracts';
import type { SanctionedEntity } from '@cordon/lists';
import { createKafka } from '@cordon/platform';
import { brokers, createTopics, testLogger, uniqueName } from '../../../test/support.js';
import { startScreening, type RunningScreening } from '../src/app.js';
import { decisionHash, coreEngine } from '@cordon/screening-core/contract';
import { listedAddresses, ofac2023, testConfig, waitFor } from './fixtures.js';
import { publishListVersion } from './publish-lists.js';

const logger = testLogger('screening-test');
const kafka = createKafka({ brokers: brokers(), clientId: uniqueName('screening-grpc') }, logger);

type Call<Req> = (
  request: Req,
  callback: (error: ServiceError | null, response?: { decision?: ScreeningDecision }) => void,
) => void;

function call<Req>(method: Call<Req>, request: Req): Promise<ScreeningDecision> {
  return new Promise((resolve, reject) =>
    method(request, (error, response) => (error ? reject(error) : resolve(response!.decision!))),
  );
}

async function failure<Req>(method: Call<Req>, request: Req): Promise<ServiceError> {
  return call(method, request).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: ServiceError) => error,
  );
}

/** The field paths of the google.rpc.BadRequest inside a google.rpc.Status (field numbers from the public protos). */
function badRequestFields(statusBytes: Buffer): string[] {
  const fields: string[] = [];
  const status = new BinaryReader(statusBytes);
  while (status.pos < status.len) {
    const tag = status.uint32();
    if (tag !== 26) {
      status.skip(tag & 7);
      continue;
    }
    const any = new BinaryReader(status.bytes());
    while (any.pos < any.len) {
      const anyTag = any.uint32();
      if (anyTag === 10) expect(any.string()).toBe('type.googleapis.com/google.rpc.BadRequest');
      else if (anyTag === 18) {
        const badRequest = new BinaryReader(any.bytes());
        while (badRequest.pos < badRequest.len) {
          badRequest.uint32();
          const violation = new BinaryReader(badRequest.bytes());
          violation.uint32();
          fields.push(violation.string());
        }
      } else any.skip(anyTag & 7);
    }
  }
  return fields;
}

describe('ScreeningService pre-checks over gRPC', () => {
  const prefix = `${uniqueName('grpc')}.`;
  const topics = topicNames(prefix);
  let dropTopics: () => Promise<void>;
  let service: RunningScreening;
  let client: ScreeningServiceClient;
  let withAddresses: SanctionedEntity[];

  beforeAll(async () => {
    dropTopics = await createTopics(kafka, [
      { topic: topics.withdrawalsRequested, partitions: 1 },
      { topic: topics.sanctionsSnapshots, partitions: 1 },
      { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    ]);
    withAddresses = (await ofac2023()).entities.filter((e) => e.digitalCurrencyAddresses.length > 0);
    service = await startScreening(testConfig(brokers(), prefix), { logger, engine: coreEngine() });
    client = new ScreeningServiceClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await dropTopics?.();
  });

  it('answers UNAVAILABLE and reports not ready while no list is loaded, then serves once one is', async () => {
    const unavailable = await failure(client.screenAddress.bind(client), {
      requestId: 'r-0',
      ticker: '',
      address: '1abc',
    });
    expect(unavailable.code).toBe(status.UNAVAILABLE);
    const notReady = await fetch(`http://127.0.0.1:${service.opsPort}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('lists');

    const version = await publishListVersion(kafka, topics, logger, withAddresses, { versionId: '12/28/2023' });
    await service.ready;
    expect((await fetch(`http://127.0.0.1:${service.opsPort}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${service.opsPort}/metrics`)).text();
    expect(metrics).toContain(
      `screening_list_version_info{source="ofac-sdn",content_hash="${version.contentHash}",version_id="12/28/2023",service="screening"} 1`,
    );
  });

  it('blocks a listed address and allows an ordinary one, with the decision model of the pipeline', async () => {
    await waitFor(async () => service.isReady());
    const [listed] = listedAddresses({ entities: withAddresses } as never);
    const blocked = await call(client.screenAddress.bind(client), {
      requestId: 'r-1',
      ticker: listed!.ticker,
      address: listed!.address,
    });
    expect(blocked.requestId).toBe('r-1');
    expect(blocked.withdrawalId).toBe('');
    expect(blocked.outcome).toBe(DecisionOutcome.BLOCK);
    expect(blocked.hits[0]).toMatchObject({ kind: HitKind.ADDRESS, entityId: listed!.entityId, queryField: 'address' });
    expect(decisionHash(blocked)).toBe(blocked.decisionHash);
    const allowed = await call(client.screenAddress.bind(client), {
      requestId: 'r-2',
      ticker: 'ETH',
      address: '0x1111111111111111111111111111111111111111',
    });
    expect(allowed.outcome).toBe(DecisionOutcome.ALLOW);
  });

  it('holds a listed person written another way, and allows an ordinary name', async () => {
    const listedPerson = withAddresses.find((e) => e.type === 'individual' && e.names[0]!.full.includes(','))!;
    const [family, given] = listedPerson.names[0]!.full.split(', ');
    const held = await call(
      client.screenParty.bind(client),
      ScreenPartyRequest.fromPartial({ requestId: 'r-3', party: { fullName: `${given} ${family}`.toLowerCase() } }),
    );
    expect(held.outcome).not.toBe(DecisionOutcome.ALLOW);
    expect(held.hits[0]).toMatchObject({
      kind: HitKind.NAME,
      entityId: listedPerson.id,
      queryField: 'party.full_name',
    });
    const ordinary = await call(
      client.screenParty.bind(client),
      ScreenPartyRequest.fromPartial({ requestId: 'r-4', party: { fullName: 'Emma Johansson' } }),
    );
    expect(ordinary.outcome).toBe(DecisionOutcome.ALLOW);
  });

  it('answers INVALID_ARGUMENT with every field violation, in the rich error model and the project trailer', async () => {
    const error = await failure(
      client.screenParty.bind(client),
      ScreenPartyRequest.fromPartial({
        requestId: '',
        party: { fullName: 'Ivan Petrov', dateOfBirth: '1964-13-01', nationalities: ['Russia'] },
      }),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    const expected = ['request_id', 'party.date_of_birth', 'party.nationalities[0]'];
    const [trailer] = error.metadata.get(GRPC_FIELD_VIOLATIONS_TRAILER) as Buffer[];
    expect(FieldViolations.decode(trailer!).violations.map((v) => v.field)).toEqual(expected);
    const [details] = error.metadata.get('grpc-status-details-bin') as Buffer[];
    expect(badRequestFields(details!)).toEqual(expected);
  });
});
