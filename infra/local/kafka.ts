/**
 * A real, single-node Apache Kafka (KRaft: broker and controller in one JVM) for tests and for `cordon up`.
 *
 * The broker is resolved from Maven Central by `infra/local/kafka/pom.xml` (cached in ~/.m2), so a machine
 * with Java 17 and Maven needs neither Docker nor a tarball download. Used when KAFKA_BROKERS is unset.
 *
 *   npx tsx infra/local/kafka.ts fetch           resolve the jars (CI runs this once)
 *   npx tsx infra/local/kafka.ts start [--port]  run a broker in the foreground until Ctrl-C
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaJS } from '@confluentinc/kafka-javascript';
import { connect } from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const pomDir = join(here, 'kafka');
const classpathFile = join(pomDir, 'target', 'classpath.txt');

/** A running local broker. */
export interface LocalKafka {
  /** Bootstrap address, e.g. `127.0.0.1:40123`. */
  brokers: string;
  /** Data and log directory of this broker. */
  dataDir: string;
  /** Milliseconds from spawning the JVM to the broker answering metadata requests. */
  startMillis: number;
  /** Stops the broker (SIGTERM, then SIGKILL after `graceMillis`) and waits for the JVM to exit. */
  stop(graceMillis?: number): Promise<void>;
}

/** Options for {@link startLocalKafka}. */
export interface LocalKafkaOptions {
  /** Directory for KRaft metadata, logs and the broker's own log file; created when missing. */
  dataDir: string;
  /** Client port on 127.0.0.1; 0 (default) picks a free port. */
  port?: number;
  /** JVM heap, e.g. `1g`. */
  heap?: string;
  /** How long to wait for readiness before giving up. */
  readyTimeoutMillis?: number;
}

/**
 * Resolves the Kafka jars with Maven (no-op when the classpath is already resolved and every jar exists)
 * and returns the classpath.
 */
export function fetchKafka(): string {
  if (existsSync(classpathFile)) {
    const cp = readFileSync(classpathFile, 'utf8').trim();
    if (cp.split(':').every((jar) => existsSync(jar))) return cp;
  }
  const result = spawnSync('mvn', ['-q', '-B', '-f', join(pomDir, 'pom.xml'), 'dependency:build-classpath'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw new Error(`cannot run Maven (is it installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`Maven could not resolve the Kafka jars (exit ${result.status})`);
  return readFileSync(classpathFile, 'utf8').trim();
}

/**
 * Returns a TCP port that is free on 127.0.0.1 right now, below the range the kernel takes the local ports of
 * outgoing connections from where there is room. A port from that range can be taken by some client's connection
 * (to Kafka, to PostgreSQL) between the pick and the bind of the service it was picked for, which then cannot listen
 * for as long as that connection lasts.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralPorts();
  const to = Math.min(ephemeralLow, 65536);
  if (to - LOWEST_PICKED >= 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = LOWEST_PICKED + Math.floor(Math.random() * (to - LOWEST_PICKED));
      if (await portIsFree(port)) return port;
    }
  }
  return anyFreePort();
}

// Ports picked for local services start here, above the well-known and most registered ones.
const LOWEST_PICKED = 20_000;

/** The kernel's range for the local ports of outgoing connections (Linux's ip_local_port_range, else its default). */
function ephemeralPorts(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low as number, high as number];
  } catch {
    // Not Linux: its default range.
  }
  return [32_768, 60_999];
}

/** A port the kernel gives for port 0 (from the ephemeral range). */
async function anyFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:`port`. */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

/** KRaft cluster ids are 16 random bytes in URL-safe base64 without padding (what `kafka-storage random-uuid` prints). */
function clusterId(): string {
  // An id starting with '-' would be read as an option by the storage tool's argument parser.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(dataDir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dataDir, 'data')}`,
    // One node: internal topics cannot be replicated, and transactions need their log's min ISR met by it alone.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'group.initial.rebalance.delay.ms=0',
    // Topics are created explicitly by the services and tests; a typo must fail, not create a topic.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    'message.max.bytes=10485760',
    'log.retention.hours=-1',
    'log.segment.bytes=268435456',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    '',
  ].join('\n');
}

const log4jConfig = (logFile: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName="${logFile}"><PatternLayout pattern="[%d] %p %m (%c)%n"/></File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="file"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.controller" level="WARN"/>
  </Loggers>
</Configuration>
`;

function java(classpath: string, mainClass: string, args: string[], extraJvm: string[] = []): string[] {
  return [...extraJvm, '-cp', classpath, mainClass, ...args];
}

/** Whether something accepts TCP connections on `host:port`. */
function accepts(address: string): Promise<boolean> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitReady(brokers: string, child: ChildProcess, timeoutMillis: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  let lastError = 'not listening';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Kafka exited with code ${child.exitCode} during start-up; see ${logFile}`);
    }
    // Only once the port is open: a client against a closed port would log every refused connection.
    if (await accepts(brokers)) {
      const admin = new KafkaJS.Kafka({ kafkaJS: { brokers: [brokers], logLevel: KafkaJS.logLevel.NOTHING } }).admin();
      try {
        await admin.connect();
        // Metadata with a controller and this broker: the broker serves requests.
        await admin.listTopics({ timeout: 2_000 });
        return;
      } catch (error) {
        lastError = (error as Error).message;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Kafka at ${brokers} not ready after ${timeoutMillis} ms (${lastError}); see ${logFile}`);
}

/** Formats KRaft storage in `dataDir` (once) and starts a broker+controller; resolves when it answers. */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  const classpath = fetchKafka();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port || (await freePort());
  if (options.port && !(await portIsFree(options.port))) {
    // Otherwise the readiness probe would find whatever already listens there and take it for this broker.
    throw new Error(
      `port ${options.port} on 127.0.0.1 is in use (another Kafka?); stop it, choose another port, or set KAFKA_BROKERS`,
    );
  }
  const controllerPort = await freePort();
  const propsFile = join(dataDir, 'server.properties');
  const logFile = join(dataDir, 'kafka.log');
  const log4jFile = join(dataDir, 'log4j2.xml');
  writeFileSync(propsFile, serverProperties(dataDir, port, controllerPort));
  writeFileSync(log4jFile, log4jConfig(logFile));
  const logging = [`-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.dir=${dataDir}`];

  // Formatting is one-off per data directory; a restarted local stack keeps its topics.
  if (!existsSync(join(dataDir, 'data', 'meta.properties'))) {
    const format = spawnSync(
      'java',
      java(
        classpath,
        'kafka.tools.StorageTool',
        ['format', '-t', clusterId(), '-c', propsFile, '--ignore-formatted'],
        logging,
      ),
      { encoding: 'utf8' },
    );
    if (format.status !== 0) throw new Error(`formatting KRaft storage failed: ${format.stderr || format.stdout}`);
  }

  const heap = options.heap ?? '1g';
  const started = Date.now();
  const out = openSync(join(dataDir, 'kafka.stdout'), 'a');
  const child = spawn(
    'java',
    java(
      classpath,
      'kafka.Kafka',
      [propsFile],
      [`-Xms${heap}`, `-Xmx${heap}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', ...logging],
    ),
    { stdio: ['ignore', out, out], detached: false },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const brokers = `127.0.0.1:${port}`;
  try {
    await waitReady(brokers, child, options.readyTimeoutMillis ?? 60_000, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const startMillis = Date.now() - started;

  return {
    brokers,
    dataDir,
    startMillis,
    async stop(graceMillis = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMillis);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `java -cp <kafka classpath> <mainClass> ...`: runs one of Kafka's own tools (e.g. ProducerPerformance). */
export function runKafkaTool(
  mainClass: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const classpath = fetchKafka();
  const result = spawnSync('java', java(classpath, mainClass, args, ['-Xmx512m']), { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function cli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'fetch') {
    const cp = fetchKafka();
    console.log(`Kafka jars resolved (${cp.split(':').length} jars)`);
    return;
  }
  if (command === 'start') {
    const portIndex = rest.indexOf('--port');
    const port = portIndex >= 0 ? Number(rest[portIndex + 1]) : 9092;
    const kafka = await startLocalKafka({ dataDir: join(process.cwd(), '.cordon', 'kafka'), port });
    console.log(`Kafka ready at ${kafka.brokers} in ${kafka.startMillis} ms (data: ${kafka.dataDir}); Ctrl-C stops it`);
    const stop = () => void kafka.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  console.error('usage: kafka.ts fetch | start [--port N]');
  process.exitCode = 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
