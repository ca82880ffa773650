/**
 * The image, without a Docker engine: the Dockerfile's build steps (`npm run build`, then scripts/stage-image.mjs),
 * then every Deployment's command as the rendered production manifests and the Dockerfile's runtime stage give it
 * (the entrypoint, the args, the stage's ENV), started with plain node (no tsx, no source condition) from the
 * staged files, against the real broker and PostgreSQL. Each service must become ready; screening must answer a
 * pre-check from its worker threads, and case-management must serve the console built ahead.
 *
 * The staged tree links the repository's node_modules; that the build stage's `npm prune --omit=dev` keeps every
 * package the compiled code imports is checked from npm's dry run. What it does not see: the base image and file
 * ownership.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DecisionOutcome, ScreeningServiceClient, type ScreenAddressResponse } from '@cordon/contracts';
import { loadList } from '@cordon/lists';
import { freePort } from '../infra/local/kafka.js';
import { deploymentCommands, parseDockerfile, type DeploymentCommand } from '../scripts/image.js';
import type { K8sObject } from '../scripts/k8s-checks.js';
import { bearer, testAuth } from './auth.js';
import { brokers, createSchema, databaseUrl, uniqueName } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const image = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));

/** The environment of a process the test starts: no NODE_OPTIONS (vitest's or npm's), nothing but what it needs. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { PATH = '', HOME = tmpdir(), TMPDIR = tmpdir() } = process.env;
  return { PATH, HOME, TMPDIR, ...extra };
}

function run(command: string, args: string[], cwd: string): string {
  // The build runs as a developer's (npm's own settings apply).
  const env = process.env;
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * node_modules of the staged tree: the repository's packages, except that the workspace packages point into the
 * staged tree itself, as they do in the image (so what runs is the staged dist/, not the repository's).
 */
function linkNodeModules(stage: string): void {
  const modules = join(stage, 'node_modules');
  mkdirSync(join(modules, '@cordon'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === '@cordon' || entry === '.bin') continue;
    symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const parent of ['packages', 'services']) {
    for (const name of readdirSync(join(stage, parent))) {
      const manifest = JSON.parse(readFileSync(join(stage, parent, name, 'package.json'), 'utf8')) as { name: string };
      symlinkSync(join(stage, parent, name), join(modules, manifest.name));
    }
  }
}

async function waitFor(condition: () => Promise<boolean>, what: string, children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    const dead = children.find((child) => child.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnargs.join(' ')} exited with code ${dead.exitCode} (its stderr is above)`);
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what}: not in time`);
}

function unary<Res>(start: (callback: (error: ServiceError | null, response?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => start((error, response) => (error ? reject(error) : resolve(response!))));
}

describe('the image: built as the Dockerfile builds it, each service started as its Deployment starts it', () => {
  const stage = mkdtempSync(join(tmpdir(), 'cordon-image-'));
  const prefix = `${uniqueName('image')}.`;
  const auth = testAuth();
  const children = new Map<string, ChildProcess>();
  const ports: Record<string, { ops: number; grpc: number; http?: number }> = {};
  let commands: DeploymentCommand[];
  let dropSchemas: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    // The build stage's steps, in the repository (what `docker build` runs in /app).
    expect(image.runs).toContain('npm run build');
    const stageRun = image.runs.find((r) => r.startsWith('node scripts/stage-image.mjs '));
    expect(stageRun, 'the Dockerfile stages the image with scripts/stage-image.mjs').toBeDefined();
    run('npm', ['run', 'build'], root);
    run(process.execPath, ['scripts/stage-image.mjs', stage], root);
    linkNodeModules(stage);

    const rendered = run('kubectl', ['kustomize', join(root, 'infra/k8s/overlays/production')], root);
    commands = deploymentCommands(
      parseAllDocuments(rendered).map((d) => d.toJSON() as K8sObject),
      image,
    );
    expect(commands.flatMap((c) => c.problems)).toEqual([]);
    expect(commands.map((c) => c.deployment).sort()).toEqual(['case-management', 'ingest', 'list-sync', 'screening']);

    const [ingestDb, casesDb] = await Promise.all([createSchema('image_ingest'), createSchema('image_cases')]);
    dropSchemas = [ingestDb.drop, casesDb.drop];
    for (const c of commands) {
      ports[c.deployment] = { ops: await freePort(), grpc: await freePort(), http: await freePort() };
    }
    const p = (service: string) => ports[service]!;
    const common = {
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_TOPICS: 'create',
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      ...auth.env,
    };
    const env: Record<string, Record<string, string>> = {
      // The default sources: the lists bundled under data/ in the image.
      'list-sync': { LIST_SYNC_GRPC_PORT: `${p('list-sync').grpc}`, LIST_SYNC_OPS_PORT: `${p('list-sync').ops}` },
      screening: {
        KAFKA_GROUP_ID: `${prefix}screening`,
        SCREENING_GRPC_PORT: `${p('screening').grpc}`,
        SCREENING_OPS_PORT: `${p('screening').ops}`,
        SCREENING_PRECHECK_WORKERS: '1',
      },
      ingest: {
        DATABASE_URL: databaseUrl(),
        INGEST_DB_SCHEMA: ingestDb.schema,
        INGEST_GRPC_PORT: `${p('ingest').grpc}`,
        INGEST_OPS_PORT: `${p('ingest').ops}`,
      },
      'case-management': {
        DATABASE_URL: databaseUrl(),
        CASES_DB_SCHEMA: casesDb.schema,
        CASES_AUTH_JWKS_FILE: auth.jwksFile,
        CASES_GRPC_PORT: `${p('case-management').grpc}`,
        CASES_HTTP_PORT: `${p('case-management').http}`,
        CASES_OPS_PORT: `${p('case-management').ops}`,
      },
    };
    for (const command of commands) {
      const [program, ...args] = command.argv;
      expect(program).toBe('node');
      // WORKDIR /app is the staged tree; the runtime stage's ENV (NODE_ENV, CASES_CONSOLE=prebuilt) applies.
      const child = spawn(process.execPath, args, {
        cwd: stage,
        env: cleanEnv({ ...image.env, ...common, ...env[command.deployment] }),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.set(command.deployment, child);
    }
    const all = [...children.values()];
    for (const service of children.keys()) {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${p(service).ops}/readyz`)).status === 200,
        `${service} ready`,
        all,
      );
    }
  }, 400_000);

  afterAll(async () => {
    for (const child of children.values()) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    for (const drop of dropSchemas) await drop();
    auth.remove();
    rmSync(stage, { recursive: true, force: true });
  }, 60_000);

  it('runs every service from its compiled entry with plain node', () => {
    for (const command of commands) {
      expect(command.argv.slice(0, image.entrypoint.length)).toEqual(image.entrypoint);
      expect(command.argv.at(-1)).toBe(`services/${command.deployment}/dist/main.js`);
      // Compiled code only: no TypeScript loader, and the packages resolved to their dist/.
      expect(command.argv.join(' ')).not.toMatch(/tsx|--import|\.ts\b/);
      expect(command.argv).toContain('--conditions=@cordon/compiled');
      expect(children.get(command.deployment)?.exitCode).toBeNull();
    }
  });

  it('answers a screening pre-check from a worker thread, against the bundled lists', async () => {
    const sdn = await loadList('ofac-csv', join(root, 'data/ofac-sdn', readdirSync(join(root, 'data/ofac-sdn'))[0]!));
    const listed = sdn.entities
      .flatMap((e) => e.digitalCurrencyAddresses)
      .find((a) => a.valid && a.chains.includes('eth'))!;
    const client = new ScreeningServiceClient(
      `127.0.0.1:${ports.screening!.grpc}`,
      credentials.createInsecure(),
      bearer(await auth.token('wallets', ['producer'])),
    );
    try {
      const { decision } = await unary<ScreenAddressResponse>((callback) =>
        client.screenAddress({ requestId: 'image-1', ticker: 'ETH', address: listed.address }, callback),
      );
      // SCREENING_PRECHECK_WORKERS=1: the pool runs every pre-check in its worker thread, and a worker that cannot
      // load its script fails the call (it is never answered inline).
      expect(decision?.outcome).toBe(DecisionOutcome.BLOCK);
    } finally {
      client.close();
    }
  });

  it("keeps, in the image's production dependencies, every package the compiled code imports", () => {
    expect(image.runs.some((r) => r.startsWith('npm prune --omit=dev'))).toBe(true);
    const pruned = new Set(
      [
        ...run('npm', ['prune', '--omit=dev', '--dry-run', '--no-audit', '--no-fund'], root).matchAll(
          /^remove (\S+) /gm,
        ),
      ].map((m) => m[1]!),
    );
    const imported = new Set<string>();
    const files = readdirSync(stage, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.js') && /^(packages|services)\/[^/]+\/dist\//.test(f),
    );
    for (const file of files) {
      const code = readFileSync(join(stage, file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:from |import\()'([^'.][^']*)'/g)) {
        if (specifier!.startsWith('node:')) continue;
        imported.add(/^(@[^/]+\/[^/]+|[^/]+)/.exec(specifier!)![1]!);
      }
    }
    // The dry run names what the build stage removes (the test tools among them) ...
    expect(pruned).toContain('vitest');
    expect(files.length).toBeGreaterThan(50);
    expect(imported).toContain('@confluentinc/kafka-javascript');
    // ... and none of it is what the services import.
    expect([...imported].filter((name) => pruned.has(name))).toEqual([]);
  });

  it('serves the console built in the build stage, and never builds it', async () => {
    const page = await fetch(`http://127.0.0.1:${ports['case-management']!.http}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module"');
    expect(image.env.CASES_CONSOLE).toBe('prebuilt');
  });
});
