import { BinaryReader } from '@bufbuild/protobuf/wire';
import { credentials, makeGenericClientConstructor, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
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
import { bearer, testAuth, type TestAuth } from '../../../test/auth.js';
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
  let auth: TestAuth;
  const clientFor = async (subject: string, roles: string[]) =>
    new ScreeningServiceClient(
      `127.0.0.1:${service.grpcPort}`,
      credentials.createInsecure(),
      bearer(await auth.token(subject, roles)),
    );
  const health = (name: string) => {
    const Health = makeGenericClientConstructor(healthService, 'Health');
    const healthClient = new Health(
      `127.0.0.1:${service.grpcPort}`,
      credentials.createInsecure(),
    ) as unknown as Client & {
      check(request: { service: string }, callback: (error: Error | null, response: { status: string }) => void): void;
    };
    return new Promise<string>((resolve, reject) =>
      healthClient.check({ service: name }, (error, response) => {
        healthClient.close();
        return error ? reject(error) : resolve(response.status);
      }),
    );
  };

  beforeAll(async () => {
    auth = testAuth();
    dropTopics = await createTopics(kafka, [
      { topic: topics.withdrawalsRequested, partitions: 1 },
      { topic: topics.sanctionsSnapshots, partitions: 1 },
      { topic: topics.sanctionsEntities, partitions: 1, config: { 'cleanup.policy': 'compact' } },
    ]);
    withAddresses = (await ofac2023()).entities.filter((e) => e.digitalCurrencyAddresses.length > 0);
    service = await startScreening(
      testConfig(brokers(), prefix, {
        auth: auth.settings,
        prechecks: { workers: 1, maxQueuedPerWorker: 64, ratePerSecond: 1, burst: 20 },
      }),
      { logger, engine: coreEngine() },
    );
    client = await clientFor('wallets', ['producer']);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await dropTopics?.();
    auth?.remove();
  });

  // Review F5: pre-checks were open to anyone who could reach the port.
  it('refuses callers without a valid producer token', async () => {
    const anonymous = new ScreeningServiceClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
    const request = { requestId: 'r-anon', ticker: 'ETH', address: '0x1111111111111111111111111111111111111111' };
    expect((await failure(anonymous.screenAddress.bind(anonymous), request)).code).toBe(status.UNAUTHENTICATED);
    anonymous.close();
    const forged = new ScreeningServiceClient(
      `127.0.0.1:${service.grpcPort}`,
      credentials.createInsecure(),
      bearer(`${await auth.token('wallets', ['producer'])}x`),
    );
    expect((await failure(forged.screenAddress.bind(forged), request)).code).toBe(status.UNAUTHENTICATED);
    forged.close();
    const analyst = await clientFor('alice', ['analyst']);
    expect((await failure(analyst.screenAddress.bind(analyst), request)).code).toBe(status.PERMISSION_DENIED);
    analyst.close();
  });

  // Review F21: the health service said SERVING whatever the state of the lists.
  it('reports NOT_SERVING on gRPC health until the required lists are in force', async () => {
    expect(await health('cordon.screening.v1.ScreeningService')).toBe('NOT_SERVING');
    expect(await health('')).toBe('NOT_SERVING');
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
    expect(await health('cordon.screening.v1.ScreeningService')).toBe('SERVING');
    expect(await health('')).toBe('SERVING');
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
    // The default policy holds a name hit for review (it blocks on an address hit only).
    expect(held.outcome).toBe(DecisionOutcome.HOLD);
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

  // Review F7: a ScreenParty had no bound on its nationalities or other names, and the server took 4 MB.
  it('refuses a party past the bounds, and a message past the pre-check size, before screening it', async () => {
    const tooMany = await failure(
      client.screenParty.bind(client),
      ScreenPartyRequest.fromPartial({
        requestId: 'r-many',
        party: { fullName: 'Emma Johansson', nationalities: Array.from({ length: 11 }, () => 'IR') },
      }),
    );
    expect(tooMany.code).toBe(status.INVALID_ARGUMENT);
    const [trailer] = tooMany.metadata.get(GRPC_FIELD_VIOLATIONS_TRAILER) as Buffer[];
    expect(FieldViolations.decode(trailer!).violations.map((v) => `${v.field} ${v.code}`)).toEqual([
      'party.nationalities TOO_MANY',
    ]);
    // About 400 KB: a hundred thousand nationalities.
    const huge = await failure(
      client.screenParty.bind(client),
      ScreenPartyRequest.fromPartial({
        requestId: 'r-huge',
        party: { fullName: 'Emma Johansson', nationalities: Array.from({ length: 100_000 }, () => 'IR') },
      }),
    );
    expect(huge.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('limits each caller to its pre-check rate, apart from other callers', async () => {
    const greedy = await clientFor('greedy', ['producer']);
    const request = { requestId: 'r-rate', ticker: 'ETH', address: '0x1111111111111111111111111111111111111111' };
    const codes = await Promise.all(
      Array.from({ length: 30 }, () =>
        call(greedy.screenAddress.bind(greedy), request).then(
          () => status.OK,
          (error: ServiceError) => error.code,
        ),
      ),
    );
    greedy.close();
    // A burst of 20 at 1 a second: at most a couple more are refilled while the 30 are answered.
    expect(codes.filter((code) => code === status.OK).length).toBeGreaterThanOrEqual(20);
    expect(codes.filter((code) => code === status.RESOURCE_EXHAUSTED).length).toBeGreaterThanOrEqual(8);
    expect(codes.every((code) => code === status.OK || code === status.RESOURCE_EXHAUSTED)).toBe(true);
    // The producer that kept to its rate is still served.
    expect((await call(client.screenAddress.bind(client), request)).outcome).toBe(DecisionOutcome.ALLOW);
  });
});
