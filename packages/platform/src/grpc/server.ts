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
}

/** TLS for the gRPC server; without it the server listens in plaintext (cluster-internal, behind mTLS mesh). */
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
}

/**
 * Starts a gRPC server with health (grpc.health.v1) and server reflection (grpc.reflection.v1 and v1alpha) of the
 * bound services. Throws when a bound service is not in the descriptor set as bound (name and methods).
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? 4 * 1024 * 1024,
  });
  const statuses: ServingStatusMap = { '': 'SERVING' };
  for (const service of options.services) {
    server.addService(service.definition, service.implementation);
    statuses[service.name] = 'SERVING';
  }
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
