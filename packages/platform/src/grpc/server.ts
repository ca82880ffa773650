import { fromBinary } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import { readFileSync } from 'node:fs';
import { descriptorSet as contractsDescriptorSet } from '@cordon/contracts';

/** One service to serve: the generated definition and its implementation. */
export interface ServiceBinding {
  /** Fully qualified service name, e.g. `cordon.withdrawals.v1.IngestService` (health status is per name). */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
  /**
   * Health status of the service until the owner sets it: SERVING by default. A service that cannot answer yet
   * (screening before its required lists are loaded) starts NOT_SERVING and says when it can.
   */
  initialStatus?: 'SERVING' | 'NOT_SERVING';
}

/**
 * TLS for the gRPC server. Without it the server listens in plaintext: `cordon up` on loopback, or behind a mesh
 * that terminates mTLS. The Kubernetes manifests turn it on.
 */
export interface GrpcTls {
  certFile: string;
  keyFile: string;
  /** When set, clients must present a certificate signed by this CA (mTLS). */
  clientCaFile?: string;
}

/** A running gRPC server with the standard health service. */
export interface RunningGrpcServer {
  port: number;
  health: HealthImplementation;
  /** Marks every service NOT_SERVING, stops accepting calls, lets calls in flight finish, then forces. */
  shutdown(graceMillis?: number): Promise<void>;
}

/** Options for {@link startGrpcServer}. */
export interface GrpcServerOptions {
  host?: string;
  port: number;
  services: ServiceBinding[];
  tls?: GrpcTls;
  /**
   * The serialized FileDescriptorSet that server reflection (grpc.reflection.v1 and v1alpha) serves the services
   * from; the contracts' own by default (every file under proto/ as compiled, google/protobuf/* included).
   */
  descriptorSet?: Uint8Array;
  /** Largest request accepted, in bytes. */
  maxReceiveMessageBytes?: number;
  /** Connection and stream limits; {@link DEFAULT_GRPC_LIMITS} for what is not given. */
  limits?: Partial<GrpcLimits>;
}

/** Limits on what one client can hold open on a server. */
export interface GrpcLimits {
  /** Concurrent calls (HTTP/2 streams) on one connection. */
  maxConcurrentStreams: number;
  /** The server pings a connection quiet for this long, to find dead clients... */
  keepaliveTimeMillis: number;
  /** ...and closes it when the ping is not answered within this. */
  keepaliveTimeoutMillis: number;
  /** A connection with no call for this long is closed (idle connections cost memory and file descriptors). */
  maxConnectionIdleMillis: number;
  /**
   * A connection is asked to go away after this long (clients reconnect, spreading over replicas), and closed
   * after `maxConnectionAgeGraceMillis` more, calls in flight or not.
   */
  maxConnectionAgeMillis: number;
  maxConnectionAgeGraceMillis: number;
  /** HTTP/2 session memory per connection, in MiB, past which new streams are refused. */
  maxSessionMemoryMebibytes: number;
}

/** The limits every Cordon gRPC server runs with unless told otherwise. */
export const DEFAULT_GRPC_LIMITS: Readonly<GrpcLimits> = Object.freeze({
  maxConcurrentStreams: 100,
  keepaliveTimeMillis: 60_000,
  keepaliveTimeoutMillis: 20_000,
  maxConnectionIdleMillis: 300_000,
  maxConnectionAgeMillis: 1_800_000,
  maxConnectionAgeGraceMillis: 300_000,
  maxSessionMemoryMebibytes: 32,
});

/**
 * Starts a gRPC server with health (grpc.health.v1) and server reflection (grpc.reflection.v1 and v1alpha) of the
 * bound services. Throws when a bound service is not in the descriptor set as bound (name and methods).
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const limits = { ...DEFAULT_GRPC_LIMITS, ...options.limits };
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? 4 * 1024 * 1024,
    'grpc.max_concurrent_streams': limits.maxConcurrentStreams,
    'grpc.keepalive_time_ms': limits.keepaliveTimeMillis,
    'grpc.keepalive_timeout_ms': limits.keepaliveTimeoutMillis,
    'grpc.max_connection_idle_ms': limits.maxConnectionIdleMillis,
    'grpc.max_connection_age_ms': limits.maxConnectionAgeMillis,
    'grpc.max_connection_age_grace_ms': limits.maxConnectionAgeGraceMillis,
    'grpc-node.max_session_memory': limits.maxSessionMemoryMebibytes,
  });
  const statuses: ServingStatusMap = { '': 'SERVING' };
  for (const service of options.services) {
    server.addService(service.definition, service.implementation);
    statuses[service.name] = service.initialStatus ?? 'SERVING';
  }
  // The overall status ('') is the worst of the services'.
  if (Object.values(statuses).includes('NOT_SERVING')) statuses[''] = 'NOT_SERVING';
  const health = new HealthImplementation(statuses);
  health.addToServer(server);
  reflection(options.descriptorSet ?? contractsDescriptorSet(), options.services).addToServer(server);
  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(
        options.tls.clientCaFile ? readFileSync(options.tls.clientCaFile) : null,
        [{ cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) }],
        Boolean(options.tls.clientCaFile),
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host ?? '0.0.0.0'}:${options.port}`, credentials, (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    health,
    async shutdown(graceMillis = 10_000) {
      for (const name of Object.keys(statuses)) health.setStatus(name, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMillis);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** The files of a serialized FileDescriptorSet (`repeated FileDescriptorProto file = 1`), each as compiled. */
export function descriptorFiles(set: Uint8Array): Uint8Array[] {
  const files: Uint8Array[] = [];
  const reader = new BinaryReader(set);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) files.push(reader.bytes());
    else reader.skip(wireType, field);
  }
  return files;
}

/**
 * Server reflection of `services` from the files of `set`. @grpc/reflection indexes the `fileDescriptorProtos`
 * of the package definition it is given and serves them; it gets the compiled files themselves, not the ones
 * proto-loader would synthesize from parsed .proto files (merged per package, no declared dependencies,
 * camelCase field names), so a strict client links what it receives.
 */
function reflection(set: Uint8Array, services: readonly ServiceBinding[]): ReflectionService {
  const files = descriptorFiles(set);
  const declared = new Map<string, string[]>();
  for (const file of files.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes))) {
    for (const service of file.service) {
      const name = file.package ? `${file.package}.${service.name}` : service.name;
      declared.set(
        name,
        service.method.map((method) => `/${name}/${method.name}`),
      );
    }
  }
  for (const binding of services) {
    const paths = declared.get(binding.name);
    if (paths === undefined) {
      throw new Error(`gRPC reflection: ${binding.name} is not in the descriptor set (npm run proto:gen)`);
    }
    const bound = Object.values(binding.definition).map((method) => method.path);
    if ([...bound].sort().join() !== [...paths].sort().join()) {
      throw new Error(
        `gRPC reflection: ${binding.name} is bound with ${bound.join(', ')} but declared with ${paths.join(', ')}`,
      );
    }
  }
  const definition = {
    'cordon.descriptor_set': {
      format: 'Protocol Buffer 3 FileDescriptorProto',
      type: {},
      fileDescriptorProtos: files.map((bytes) => Buffer.from(bytes)),
    },
  };
  return new ReflectionService(definition as unknown as ConstructorParameters<typeof ReflectionService>[0], {
    services: services.map((binding) => binding.name),
  });
}
