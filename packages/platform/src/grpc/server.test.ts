import { fromBinary } from '@bufbuild/protobuf';
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { connect } from 'node:http2';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descriptorSet, ListSyncServiceService, ScreeningServiceService } from '@cordon/contracts';
import { createMetricsRegistry, startOpsServer, type OpsServer } from '../http.js';
import { DEFAULT_GRPC_LIMITS, descriptorFiles, startGrpcServer, type RunningGrpcServer } from './server.js';

type HealthClient = grpc.Client & {
  check(
    request: { service: string },
    callback: (error: grpc.ServiceError | null, response: { status: string }) => void,
  ): void;
};

// A loopback server and client: no broker or database involved.
describe('gRPC server helper', () => {
  let server: RunningGrpcServer;
  let client: HealthClient;

  beforeAll(async () => {
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [] });
    const Client = grpc.makeGenericClientConstructor(healthService, 'Health');
    client = new Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as HealthClient;
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1_000);
  });

  const check = (name: string) =>
    new Promise<{ status: string } | grpc.ServiceError>((resolve) =>
      client.check({ service: name }, (error, response) => resolve(error ?? response)),
    );

  // Review F21: the server announced no stream limit (HTTP/2's default: unlimited) and had no keepalive or
  // connection-age settings.
  it('announces a limit on concurrent streams per connection', async () => {
    const session = connect(`http://127.0.0.1:${server.port}`);
    const settings = await new Promise<{ maxConcurrentStreams?: number }>((resolve, reject) => {
      session.once('remoteSettings', resolve);
      session.once('error', reject);
    });
    session.close();
    expect(settings.maxConcurrentStreams).toBe(DEFAULT_GRPC_LIMITS.maxConcurrentStreams);
  });

  it('answers the standard health check, per service and overall', async () => {
    expect(await check('')).toMatchObject({ status: 'SERVING' });
    server.health.setStatus('cordon.test.v1.Thing', 'NOT_SERVING');
    expect(await check('cordon.test.v1.Thing')).toMatchObject({ status: 'NOT_SERVING' });
    expect(await check('cordon.unknown.v1.Nope')).toMatchObject({ code: grpc.status.NOT_FOUND });
  });
});

/** One reflection request on its own stream (field numbers from grpc/reflection/v1/reflection.proto). */
function reflect(
  port: number,
  version: 'v1' | 'v1alpha',
  request: { listServices: string } | { fileByFilename: string } | { fileContainingSymbol: string },
): Promise<{ services: string[]; files: Uint8Array[]; error?: string }> {
  const path = `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`;
  const Client = grpc.makeGenericClientConstructor(
    {
      info: {
        path,
        requestStream: true,
        responseStream: true,
        originalName: 'ServerReflectionInfo',
        requestSerialize: (r: typeof request) => {
          const writer = new BinaryWriter();
          if ('listServices' in r) writer.tag(7, WireType.LengthDelimited).string(r.listServices);
          else if ('fileByFilename' in r) writer.tag(3, WireType.LengthDelimited).string(r.fileByFilename);
          else writer.tag(4, WireType.LengthDelimited).string(r.fileContainingSymbol);
          return Buffer.from(writer.finish());
        },
        requestDeserialize: () => request,
        responseSerialize: () => Buffer.alloc(0),
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    'ServerReflection',
  );
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as {
    info(): grpc.ClientDuplexStream<typeof request, Buffer>;
    close(): void;
  };
  return new Promise((resolve, reject) => {
    const call = client.info();
    const answer: { services: string[]; files: Uint8Array[]; error?: string } = { services: [], files: [] };
    const each = (bytes: Uint8Array, visit: (field: number, reader: BinaryReader) => void) => {
      const reader = new BinaryReader(bytes);
      while (reader.pos < reader.len) {
        const [field, wireType] = reader.tag();
        const before = reader.pos;
        visit(field, reader);
        if (reader.pos === before) reader.skip(wireType, field);
      }
    };
    call.on('data', (bytes: Buffer) =>
      each(bytes, (field, reader) => {
        // 4 file_descriptor_response { repeated bytes file_descriptor_proto = 1 }, 6 list_services_response
        // { repeated ServiceResponse service = 1 { string name = 1 } }, 7 error_response { error_message = 2 }.
        if (field === 4) each(reader.bytes(), (f, r) => f === 1 && answer.files.push(r.bytes()));
        else if (field === 6)
          each(
            reader.bytes(),
            (f, r) => f === 1 && each(r.bytes(), (g, s) => g === 1 && answer.services.push(s.string())),
          );
        else if (field === 7) each(reader.bytes(), (f, r) => f === 2 && (answer.error = r.string()));
      }),
    );
    call.on('error', reject);
    call.on('end', () => {
      client.close();
      resolve(answer);
    });
    call.write(request);
    call.end();
  });
}

describe('gRPC server reflection', () => {
  let server: RunningGrpcServer;
  const binding = (definition: grpc.ServiceDefinition, name: string) => ({ name, definition, implementation: {} });

  beforeAll(async () => {
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [binding(ListSyncServiceService, 'cordon.sanctions.v1.ListSyncService')],
    });
  });
  afterAll(() => server.shutdown(1_000));

  it('lists the bound services and serves their files as compiled, on v1 and v1alpha', async () => {
    const compiled = new Map(
      descriptorFiles(descriptorSet()).map((bytes) => [
        fromBinary(FileDescriptorProtoSchema, bytes).name,
        Buffer.from(bytes).toString('hex'),
      ]),
    );
    for (const version of ['v1', 'v1alpha'] as const) {
      expect((await reflect(server.port, version, { listServices: '*' })).services).toEqual([
        'cordon.sanctions.v1.ListSyncService',
      ]);
      const { files } = await reflect(server.port, version, {
        fileContainingSymbol: 'cordon.sanctions.v1.ListSyncService',
      });
      const served = files.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
      expect(served[0]!.name).toBe('cordon/sanctions/v1/list_sync.proto');
      expect(served[0]!.dependency).toEqual(['cordon/sanctions/v1/entity.proto', 'google/protobuf/timestamp.proto']);
      expect(served.map((file) => file.name).sort()).toEqual([
        'cordon/sanctions/v1/entity.proto',
        'cordon/sanctions/v1/list_sync.proto',
        'google/protobuf/timestamp.proto',
      ]);
      // Byte for byte what buf compiled: real field names, comments, everything.
      for (const [i, file] of served.entries()) {
        expect(Buffer.from(files[i]!).toString('hex')).toBe(compiled.get(file.name));
      }
      expect(served[0]!.messageType.flatMap((m) => m.field.map((f) => f.name))).toContain('last_attempt_at');
      const missing = await reflect(server.port, version, { fileByFilename: 'cordon/nope/v1/nope.proto' });
      expect(missing.error).toContain('not found');
    }
  });

  it('refuses to start with a service the descriptor set does not declare as bound', async () => {
    await expect(
      startGrpcServer({ port: 0, services: [binding(ListSyncServiceService, 'cordon.sanctions.v1.Nope')] }),
    ).rejects.toThrow('cordon.sanctions.v1.Nope is not in the descriptor set');
    await expect(
      startGrpcServer({
        port: 0,
        services: [binding(ScreeningServiceService, 'cordon.sanctions.v1.ListSyncService')],
      }),
    ).rejects.toThrow('is bound with /cordon.screening.v1.ScreeningService/ScreenAddress');
  });
});

describe('ops endpoint', () => {
  let ops: OpsServer;
  let ready = false;

  beforeAll(async () => {
    ops = await startOpsServer({
      registry: createMetricsRegistry('test-service'),
      readiness: { kafka: () => ready },
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(() => ops.close());

  it('serves Prometheus metrics with the service prefix, liveness, and readiness that follows its checks', async () => {
    const base = `http://127.0.0.1:${ops.port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('test_service_process_cpu_user_seconds_total');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('kafka');
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

describe('a service that starts NOT_SERVING', () => {
  it('reports NOT_SERVING for itself and overall until its owner says otherwise', async () => {
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [
        {
          name: 'cordon.screening.v1.ScreeningService',
          definition: ScreeningServiceService,
          implementation: {},
          initialStatus: 'NOT_SERVING',
        },
      ],
    });
    const Client = grpc.makeGenericClientConstructor(healthService, 'Health');
    const client = new Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as HealthClient;
    const check = (name: string) =>
      new Promise<string>((resolve, reject) =>
        client.check({ service: name }, (error, response) => (error ? reject(error) : resolve(response.status))),
      );
    try {
      expect(await check('cordon.screening.v1.ScreeningService')).toBe('NOT_SERVING');
      expect(await check('')).toBe('NOT_SERVING');
    } finally {
      client.close();
      await server.shutdown(1_000);
    }
  });
});
