import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import { readFileSync } from 'node:fs';

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
  /** .proto files (and include dirs) to expose through server reflection, for grpcurl and friends. */
  reflection?: { files: string[]; includeDirs: string[] };
  /** Largest request accepted, in bytes. */
  maxReceiveMessageBytes?: number;
}

/** Starts a gRPC server with health (grpc.health.v1) and optional reflection. */
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
  if (options.reflection) {
    const definition = protoLoader.loadSync(options.reflection.files, { includeDirs: options.reflection.includeDirs });
    new ReflectionService(definition).addToServer(server);
  }
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
