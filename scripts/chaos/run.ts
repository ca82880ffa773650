/**
 * The chaos run: withdrawals through ingest, screening and case-management, each a real OS process on a real
 * Apache Kafka broker and PostgreSQL, while every service is killed with SIGKILL again and again (and restarted),
 * the broker is restarted once, and list-sync publishes new list versions. Afterwards a read_committed reader
 * (librdkafka's, the platform's `readToEnd`, cross-checked by Kafka's own Java consumer) counts, per withdrawal id,
 * the decisions, the cases opened and the dispositions.
 *
 * `npm run chaos` (scripts/chaos.ts) runs it with its flags; test/chaos/chaos.test.ts runs a smaller one in CI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import pg from 'pg';
import {
  ApproveResolutionRequest,
  AssignCaseRequest,
  CaseResolution,
  CaseServiceClient,
  CaseStatus,
  CaseTrigger,
  DecisionOutcome,
  EVENT_TYPES,
  GetCaseRequest,
  IngestServiceClient,
  ListCasesRequest,
  PartyType,
  ProposeResolutionRequest,
  SubmissionStatus,
  TOPIC_ROLES,
  WithdrawalSubmission,
  timestampFromMillis,
  topicNames,
  type GetCaseResponse,
  type ListCasesResponse,
  type SubmitWithdrawalResponse,
  type TopicNames,
} from '@cordon/contracts';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import {
  createKafka,
  createLogger,
  decodeEvent,
  ensureDevKeys,
  ensureTopics,
  mintDevToken,
  openReader,
  readToEnd,
  RECOMMENDED_THREADPOOL_SIZE,
  type KafkaClient,
  type TopicReader,
} from '@cordon/platform';
import { fetchKafka, freePort, startLocalKafka, type LocalKafka } from '../../infra/local/kafka.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Parameters of a run. */
export interface ChaosOptions {
  withdrawals: number;
  killsPerService: number;
  concurrency: number;
  seed: number;
  /** New list versions list-sync publishes during the run. */
  listVersions: number;
  /** Share of the HOLD/BLOCK cases resolved (four eyes) during the run. */
  resolveFraction: number;
  /** Share of withdrawals that should HOLD and that should BLOCK. */
  holdFraction: number;
  blockFraction: number;
  /**
   * Share of withdrawals to an address that a later list version designates: screened ALLOW before that version is in
   * force, they must each get exactly one retro-hit case from the look-back (after it, BLOCK and a case).
   */
  retroFraction: number;
  /** PostgreSQL server URL (schemas are created in it and dropped afterwards). */
  databaseUrl: string;
  /** Where the broker's data, the services' logs and the list versions go (a temp dir by default). */
  workDir?: string;
  /** How long to wait for the pipeline to settle after the last acknowledgement. */
  settleTimeoutMillis?: number;
  /** Keep the work dir, schemas and broker data afterwards. */
  keep?: boolean;
  log?: (line: string) => void;
}

/** What a run counted. */
export interface ChaosResult {
  options: Omit<ChaosOptions, 'log' | 'databaseUrl'>;
  durationMillis: number;
  submitMillis: number;
  kills: Record<string, number>;
  unexpectedExits: Record<string, number>;
  brokerRestarts: number;
  listVersionsPublished: number;
  submitAttempts: number;
  acknowledged: number;
  duplicateAcks: number;
  decided: number;
  lost: number;
  duplicatedDecisions: number;
  strayDecisions: number;
  outcomes: { ALLOW: number; HOLD: number; BLOCK: number; other: number };
  casesExpected: number;
  casesOpened: number;
  casesMissing: number;
  casesDuplicated: number;
  casesForAllowed: number;
  retroHitCases: number;
  /** ALLOWed withdrawals to a later-designated address: each needs exactly one retro-hit case. */
  retroExpected: number;
  retroMissing: number;
  retroDuplicated: number;
  casesResolved: number;
  resolvedEventsDuplicated: number;
  dispositionsExpected: number;
  dispositions: number;
  dispositionsMissing: number;
  dispositionsDuplicated: number;
  dispositionsUnexpected: number;
  java: { decisions: number; dispositions: number; agree: boolean };
  /** Examples of what went wrong (ids, partitions, offsets), empty when nothing did. */
  evidence: string[];
}

/** A tiny deterministic PRNG (mulberry32), so a seed reproduces the mix and the kill order. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));

// ---------------------------------------------------------------------------------------------------------------
// Services as OS processes

interface ServiceSpec {
  name: 'list-sync' | 'ingest' | 'screening' | 'case-management';
  main: string;
  opsPort: number;
  env: Record<string, string>;
}

/** One service process, restarted after each kill (and after any crash, which is counted). */
class Service {
  private child: ChildProcess | undefined;
  private stopping = false;
  kills = 0;
  unexpectedExits = 0;
  private readonly logFile: ReturnType<typeof createWriteStream>;
  private readonly logPath: string;

  constructor(
    readonly spec: ServiceSpec,
    logDir: string,
    private readonly baseEnv: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {
    this.logPath = join(logDir, `${spec.name}.log`);
    this.logFile = createWriteStream(this.logPath, { flags: 'a' });
  }

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', this.spec.main], {
      cwd: repoRoot,
      env: {
        UV_THREADPOOL_SIZE: String(RECOMMENDED_THREADPOOL_SIZE),
        ...process.env,
        ...this.baseEnv,
        ...this.spec.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(this.logFile, { end: false });
    child.stderr!.pipe(this.logFile, { end: false });
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child || signal === 'SIGKILL') return;
      this.unexpectedExits += 1;
      this.log(`${this.spec.name} exited by itself (code ${code}, signal ${signal}); restarting`);
      // Its last words, for the report (the log file is removed with the work dir).
      setTimeout(() => {
        const tail = readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-4);
        for (const line of tail) this.log(`  ${this.spec.name}: ${line.slice(0, 600)}`);
      }, 500);
      setTimeout(() => {
        if (!this.stopping && this.child === child) this.start();
      }, 1_000);
    });
  }

  pid(): number | undefined {
    return this.child?.pid;
  }

  async ready(timeoutMillis: number): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${this.spec.opsPort}/readyz`, {
          signal: AbortSignal.timeout(2_000),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(300);
    }
    throw new Error(`${this.spec.name} not ready after ${timeoutMillis} ms (see its log)`);
  }

  /** kill -9, wait for the exit, start again. */
  async killAndRestart(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid!, 'SIGKILL');
      await exited;
    }
    this.kills += 1;
    this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    this.logFile.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The withdrawals

type Expect = 'ALLOW' | 'HOLD' | 'BLOCK' | 'RETRO';

interface Planned {
  expect: Expect;
  submission: WithdrawalSubmission;
}

/**
 * The address list version `k` (1-based) designates: an ordinary Ethereum address until then, so withdrawals to it
 * are allowed before that version is in force and blocked after it.
 */
function laterListedAddress(run: string, k: number): string {
  return ordinaryEvmAddress(`${run}-designated-${k}`);
}

/** The customer of the retro-hit withdrawals: a name that screens clean, so their only case is the retro-hit's. */
const RETRO_CUSTOMER = 'Tom Baker';

const ORDINARY_NAMES = ['Maria Garcia', 'John Smith', 'Chen Wei', 'Sam Lee', 'Anna Kowalska', 'Tom Baker'];

/** Entities in the first half of the SDN file: the derived list versions only drop rows from its end. */
function listedTargets(entities: SanctionedEntity[]) {
  const stable = entities.slice(0, Math.floor(entities.length / 2));
  const addresses: Array<{ chain: string; asset: string; address: string }> = [];
  const want: Array<[string, string, string]> = [
    ['XBT', 'btc', 'BTC'],
    ['ETH', 'eth', 'ETH'],
    ['USDT', 'trx', 'USDT'],
  ];
  for (const e of stable) {
    for (const a of e.digitalCurrencyAddresses) {
      const match = want.find(([ticker, chain]) => a.valid && a.ticker === ticker && a.chains.includes(chain));
      if (match) addresses.push({ chain: match[1], asset: match[2], address: a.address });
    }
  }
  const people = stable
    .filter((e) => e.type === 'individual' && e.names[0]?.given && e.names[0]?.family && e.names[0].script === 'Latn')
    .map((e) => `${e.names[0]!.given} ${e.names[0]!.family}`)
    .slice(0, 200);
  if (addresses.length === 0 || people.length === 0) throw new Error('no listed addresses or people in the SDN set');
  return { addresses, people };
}

function ordinaryEvmAddress(seed: string): string {
  return `0x${createHash('sha256').update(seed).digest('hex').slice(0, 40)}`;
}

function plan(options: ChaosOptions, run: string, targets: ReturnType<typeof listedTargets>): Planned[] {
  const random = prng(options.seed);
  const now = Date.now();
  const out: Planned[] = [];
  for (let i = 0; i < options.withdrawals; i += 1) {
    const r = random();
    const expect: Expect =
      r < options.blockFraction
        ? 'BLOCK'
        : r < options.blockFraction + options.holdFraction
          ? 'HOLD'
          : r < options.blockFraction + options.holdFraction + options.retroFraction && options.listVersions > 0
            ? 'RETRO'
            : 'ALLOW';
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    let name = pick(ORDINARY_NAMES);
    let chain = 'eth';
    let asset = 'ETH';
    let address = ordinaryEvmAddress(`${run}-${i}`);
    if (expect === 'BLOCK') ({ chain, asset, address } = pick(targets.addresses));
    if (expect === 'HOLD') name = pick(targets.people);
    if (expect === 'RETRO') {
      name = RETRO_CUSTOMER;
      address = laterListedAddress(run, 1 + Math.floor(random() * options.listVersions));
    }
    out.push({
      expect,
      submission: WithdrawalSubmission.fromPartial({
        idempotencyKey: `${run}-${i}`,
        withdrawalId: `${run}-w${i}`,
        customer: { customerRef: `c-${i % 5_000}`, type: PartyType.INDIVIDUAL, fullName: name },
        chain,
        amount: { asset, amountDecimal: (1 + (i % 97) / 10).toFixed(2) },
        destinationAddress: address,
        requestedAt: timestampFromMillis(now),
      }),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// List versions: dated folders list-sync picks the newest of

function newestSdnSet(): string {
  const root = join(repoRoot, 'data', 'ofac-sdn');
  return join(root, '2023-12-28');
}

/**
 * Writes version `n` (n >= 1) of the SDN set in a later dated folder: the bundled set minus its last `n` rows, plus
 * `n` designations of the run's own, the k-th holding {@link laterListedAddress}(run, k).
 */
function writeListVersion(listsDir: string, source: string, n: number, run: string): void {
  const date = new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const dir = join(listsDir, date);
  mkdirSync(dir, { recursive: true });
  for (const file of ['add.csv', 'alt.csv']) copyFileSync(join(source, file), join(dir, `${file}.tmp`));
  const lines = readFileSync(join(source, 'sdn.csv'), 'latin1').split('\r\n');
  // The last element is OFAC's end-of-file marker (or empty); drop `n` records before it.
  const designated = Array.from(
    { length: n },
    (_, i) =>
      `${990_001 + i},"CHAOS DESIGNEE ${i + 1}","-0- ","CYBER2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Digital Currency Address - ETH ${laterListedAddress(run, i + 1)}; Organization Established Date 2030."`,
  );
  const kept = [...lines.slice(0, lines.length - 1 - n), ...designated, lines.at(-1)!];
  writeFileSync(join(dir, 'sdn.csv.tmp'), kept.join('\r\n'), 'latin1');
  // list-sync may look at the folder at any moment: the files appear whole (renamed), sdn.csv last.
  for (const file of ['add.csv', 'alt.csv', 'sdn.csv']) {
    writeFileSync(join(dir, file), readFileSync(join(dir, `${file}.tmp`)));
    rmSync(join(dir, `${file}.tmp`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Clients

function unary<Res>(call: (callback: (error: grpc.ServiceError | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => call((error, response) => (error ? reject(error) : resolve(response))));
}

/** The CaseService over gRPC with a bearer token per call. */
function caseClient(port: number) {
  const client = new CaseServiceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const meta = (token: string) => {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };
  const deadline = () => ({ deadline: Date.now() + 10_000 });
  return {
    list: (token: string, withdrawalId: string) =>
      unary<ListCasesResponse>((cb) =>
        client.listCases(ListCasesRequest.fromPartial({ withdrawalId }), meta(token), deadline(), cb),
      ),
    get: (token: string, caseId: string) =>
      unary<GetCaseResponse>((cb) =>
        client.getCase(GetCaseRequest.fromPartial({ caseId }), meta(token), deadline(), cb),
      ),
    assign: (token: string, caseId: string, assignee: string) =>
      unary((cb) =>
        client.assignCase(AssignCaseRequest.fromPartial({ caseId, assignee }), meta(token), deadline(), cb),
      ),
    propose: (token: string, caseId: string, resolution: CaseResolution) =>
      unary((cb) =>
        client.proposeResolution(
          ProposeResolutionRequest.fromPartial({ caseId, resolution, rationale: 'chaos run: resolved by the script' }),
          meta(token),
          deadline(),
          cb,
        ),
      ),
    approve: (token: string, caseId: string, proposalAuditHash: string) =>
      unary((cb) =>
        client.approveResolution(
          ApproveResolutionRequest.fromPartial({ caseId, proposalAuditHash }),
          meta(token),
          deadline(),
          cb,
        ),
      ),
    close: () => client.close(),
  };
}

/** Kafka's own Java consumer, read_committed, from the beginning: the keys of every record it returns. */
async function javaKeys(brokers: string, topic: string, keyPrefix: string): Promise<string[]> {
  const classpath = fetchKafka();
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      '-cp',
      classpath,
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server',
      brokers,
      '--topic',
      topic,
      '--from-beginning',
      '--isolation-level',
      'read_committed',
      '--timeout-ms',
      '15000',
      '--formatter-property',
      'print.key=true',
      '--formatter-property',
      'print.value=false',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keys: string[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      // Only record lines: the tool's own log lines (its closing timeout message) go to the same stream.
      const key = line.split('\t')[0]!;
      if (key.startsWith(keyPrefix)) keys.push(key);
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`Java console consumer failed (${code}): ${stderr.slice(-2_000)}`);
  return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// The run

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), 'cordon-chaos-'));
  mkdirSync(work, { recursive: true });
  const logDir = join(work, 'logs');
  const listsDir = join(work, 'lists', 'ofac-sdn');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(listsDir, { recursive: true });
  const run = `chaos-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const topics: TopicNames = topicNames(prefix);
  const evidence: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  // The first list version is the bundled set as it is.
  const source = newestSdnSet();
  const first = join(listsDir, '2030-01-01');
  mkdirSync(first, { recursive: true });
  for (const file of ['add.csv', 'alt.csv', 'sdn.csv']) copyFileSync(join(source, file), join(first, file));
  const list = await loadList('ofac-csv', source);
  const planned = plan(options, run, listedTargets(list.entities));
  const byId = new Map(planned.map((p) => [p.submission.withdrawalId, p]));

  // The broker: our own, since we restart it.
  const kafkaDir = join(work, 'kafka');
  let kafka: LocalKafka = await startLocalKafka({ dataDir: kafkaDir, heap: '768m' });
  const kafkaPort = Number(kafka.brokers.split(':')[1]);
  log(`kafka      ${kafka.brokers} (started in ${kafka.startMillis} ms, data ${kafkaDir})`);
  stops.push(() => kafka.stop());

  const schemaSuffix = run.replaceAll('-', '_');
  const schemas = [`${schemaSuffix}_ingest`, `${schemaSuffix}_cases`];
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  for (const schema of schemas) await admin.query(`create schema ${pg.escapeIdentifier(schema)}`);
  await admin.end();

  const client: KafkaClient = createKafka(
    { clientId: `${run}-script`, brokers: [kafka.brokers] },
    createLogger('chaos', { level: 'error' }),
  );
  await ensureTopics(
    client,
    Object.entries(TOPIC_ROLES).map(([role, spec]) => ({
      topic: topics[role as keyof TopicNames],
      partitions: role === 'casesRelay' ? 1 : 3,
      config: { ...spec.config },
    })),
  );

  const keysDir = join(work, 'auth');
  const { jwksFile } = await ensureDevKeys(keysDir);
  const alice = await mintDevToken(keysDir, 'alice', ['analyst'], { lifetimeSeconds: 48 * 3600 });
  const bob = await mintDevToken(keysDir, 'bob', ['supervisor'], { lifetimeSeconds: 48 * 3600 });

  const port = async () => String(await freePort());
  const ingestGrpc = await port();
  const casesGrpc = await port();
  const baseEnv: Record<string, string> = {
    KAFKA_BROKERS: kafka.brokers,
    DATABASE_URL: options.databaseUrl,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    // Authentication of ingest/screening/list-sync is off for this run (case-management's tokens are real).
    CORDON_INSECURE_DEV_NO_AUTH: '1',
    // Its own single broker: the services create what is missing, with one replica (never so in production).
    KAFKA_TOPICS: 'create',
    NODE_OPTIONS: '--max-old-space-size=768',
  };
  const specs: ServiceSpec[] = [
    {
      name: 'list-sync',
      main: 'services/list-sync/src/main.ts',
      opsPort: 0,
      env: {
        LIST_SYNC_GRPC_HOST: '127.0.0.1',
        LIST_SYNC_GRPC_PORT: await port(),
        LIST_SYNC_OPS_HOST: '127.0.0.1',
        LIST_SYNC_SOURCES: JSON.stringify([
          {
            source: 'ofac-sdn',
            format: 'ofac-csv',
            path: listsDir,
            newest: true,
            intervalSeconds: 3,
            // The bundled 2023-12-28 set has no comments file: its cut remarks are known and accepted.
            allowTruncatedRemarks: true,
          },
        ]),
      },
    },
    {
      name: 'ingest',
      main: 'services/ingest/src/main.ts',
      opsPort: 0,
      env: { INGEST_GRPC_HOST: '127.0.0.1', INGEST_GRPC_PORT: ingestGrpc, INGEST_DB_SCHEMA: schemas[0]! },
    },
    {
      name: 'screening',
      main: 'services/screening/src/main.ts',
      opsPort: 0,
      env: {
        SCREENING_GRPC_HOST: '127.0.0.1',
        SCREENING_GRPC_PORT: await port(),
        SCREENING_REQUIRED_SOURCES: 'ofac-sdn',
        KAFKA_GROUP_ID: `${prefix}screening`,
      },
    },
    {
      name: 'case-management',
      main: 'services/case-management/src/main.ts',
      opsPort: 0,
      env: {
        CASES_GRPC_HOST: '127.0.0.1',
        CASES_GRPC_PORT: casesGrpc,
        CASES_HTTP_HOST: '127.0.0.1',
        CASES_HTTP_PORT: await port(),
        CASES_DB_SCHEMA: schemas[1]!,
        CASES_AUTH_JWKS_FILE: jwksFile,
      },
    },
  ];
  const opsVar = { 'list-sync': 'LIST_SYNC_OPS_PORT', ingest: 'INGEST_OPS_PORT', screening: 'SCREENING_OPS_PORT' };
  for (const spec of specs) {
    spec.opsPort = await freePort();
    spec.env[spec.name === 'case-management' ? 'CASES_OPS_PORT' : opsVar[spec.name]] = String(spec.opsPort);
  }
  const services = specs.map((spec) => new Service(spec, logDir, baseEnv, log));
  for (const service of services) service.start();
  stops.push(async () => {
    await Promise.all(services.map((s) => s.stop()));
  });

  let result: ChaosResult | undefined;
  const reader: { readers: TopicReader[]; stop: boolean } = { readers: [], stop: false };
  try {
    await Promise.all(services.map((s) => s.ready(300_000)));
    log(
      `services   ready in ${((Date.now() - started) / 1_000).toFixed(0)} s: ${services.map((s) => `${s.spec.name} pid ${s.pid()}`).join(', ')}`,
    );

    // --- live progress: what the pipeline has produced so far (the final count reads again, from scratch)
    const seenDecision = new Map<string, DecisionOutcome>();
    const seenCase = new Map<string, string>();
    const seenDisposition = new Set<string>();
    reader.readers = await Promise.all(
      [topics.screeningDecisions, topics.caseEvents, topics.dispositions].map((topic) => openReader(client, { topic })),
    );
    const resolveQueue: Array<{ withdrawalId: string; expect: Expect }> = [];
    const toResolve = new Set<string>();
    const resolvePick = prng(options.seed ^ 0x5eed);
    const live = (async () => {
      const [decisions, caseEvents, dispositions] = reader.readers as [TopicReader, TopicReader, TopicReader];
      while (!reader.stop) {
        try {
          for (const r of await decisions.poll(2_000, 100)) {
            const d = decodeEvent(EVENT_TYPES.screeningDecision, r.value, r.headers);
            if (!seenDecision.has(d.withdrawalId)) seenDecision.set(d.withdrawalId, d.outcome);
          }
          for (const r of await caseEvents.poll(2_000, 100)) {
            const e = decodeEvent(EVENT_TYPES.caseEvent, r.value, r.headers);
            if (e.event?.$case !== 'opened' || seenCase.has(e.withdrawalId)) continue;
            seenCase.set(e.withdrawalId, e.caseId);
            const p = byId.get(e.withdrawalId);
            if (p && resolvePick() < options.resolveFraction) {
              toResolve.add(e.withdrawalId);
              resolveQueue.push({ withdrawalId: e.withdrawalId, expect: p.expect });
            }
          }
          for (const r of await dispositions.poll(2_000, 100)) {
            seenDisposition.add(decodeEvent(EVENT_TYPES.disposition, r.value, r.headers).withdrawalId);
          }
        } catch (error) {
          log(`live reader: ${(error as Error).message}`);
          await sleep(1_000);
        }
      }
    })();

    // --- resolving cases with four eyes, while case-management is killed
    const cases = caseClient(Number(casesGrpc));
    const resolved = new Set<string>();
    let resolving = true;
    const resolveOne = async (withdrawalId: string, expect: Expect) => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const found = (await cases.list(alice, withdrawalId)).cases.filter((c) => c.withdrawalId === withdrawalId);
          const open = found[0];
          if (!open) throw new Error('case not in the API yet');
          if (open.status === CaseStatus.RESOLVED) return;
          if (open.status === CaseStatus.OPEN) await cases.assign(alice, open.caseId, 'alice');
          else if (open.status === CaseStatus.ASSIGNED)
            await cases.propose(
              alice,
              open.caseId,
              expect === 'BLOCK' && withdrawalId.endsWith('1')
                ? CaseResolution.TRUE_MATCH
                : CaseResolution.FALSE_POSITIVE,
            );
          else if (open.status === CaseStatus.PENDING_APPROVAL) {
            const full = await cases.get(bob, open.caseId);
            const proposal = full.events.filter((e) => e.event?.$case === 'proposed').at(-1);
            await cases.approve(bob, open.caseId, proposal?.auditHash ?? '');
          }
        } catch {
          if (attempt > 2_000) throw new Error(`could not resolve the case of ${withdrawalId}`);
          await sleep(250);
        }
      }
    };
    const resolvers = Array.from({ length: 3 }, async () => {
      while (resolving || resolveQueue.length > 0) {
        const next = resolveQueue.shift();
        if (!next) {
          await sleep(200);
          continue;
        }
        await resolveOne(next.withdrawalId, next.expect);
        resolved.add(next.withdrawalId);
      }
    });

    // --- kills, the broker restart and list versions, paced by the acknowledgements
    const random = prng(options.seed ^ 0xc4a05);
    const order: Service[] = services.flatMap((s) => Array.from({ length: options.killsPerService }, () => s));
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const events = order.length;
    const brokerAt = Math.floor(events / 2);
    const versionAt = new Set(
      Array.from({ length: options.listVersions }, (_, v) =>
        Math.floor(((v + 1) * events) / (options.listVersions + 1)),
      ),
    );
    let acknowledged = 0;
    let duplicateAcks = 0;
    let attempts = 0;
    let eventsDone = 0;
    let brokerRestarts = 0;
    let versions = 0;
    const mark = (k: number) => Math.floor((options.withdrawals * k) / (events + 1));
    const chaos = (async () => {
      for (let k = 0; k < events; k += 1) {
        while (acknowledged < mark(k + 1)) await sleep(100);
        if (k === brokerAt) {
          log(`broker     restart at ${acknowledged} acknowledged`);
          await kafka.stop();
          kafka = await startLocalKafka({ dataDir: kafkaDir, port: kafkaPort, heap: '768m' });
          brokerRestarts += 1;
          log(`broker     back in ${kafka.startMillis} ms`);
        }
        if (versionAt.has(k)) {
          versions += 1;
          writeListVersion(listsDir, source, versions, run);
          log(`lists      version ${versions} written at ${acknowledged} acknowledged`);
        }
        const service = order[k]!;
        // A service killed before it is up again would do no work between kills: wait for it.
        await service.ready(300_000);
        await service.killAndRestart();
        eventsDone = k + 1;
        log(
          `kill -9    ${service.spec.name.padEnd(15)} #${service.kills} at ${acknowledged}/${options.withdrawals} acknowledged, ${seenDecision.size} decided, ${seenCase.size} cases, ${resolved.size} resolved`,
        );
      }
      eventsDone = events + 1;
    })();

    // --- submitting, each withdrawal until ingest acknowledges it
    const ingest = new IngestServiceClient(`127.0.0.1:${ingestGrpc}`, grpc.credentials.createInsecure());
    const submitStarted = Date.now();
    let next = 0;
    const allowed = () => Math.floor((options.withdrawals * (eventsDone + 1.5)) / (events + 1));
    const submitter = async () => {
      for (;;) {
        const index = next++;
        if (index >= planned.length) return;
        while (index >= allowed() && eventsDone <= events) await sleep(50);
        const { submission } = planned[index]!;
        for (let attempt = 0; ; attempt += 1) {
          attempts += 1;
          try {
            const response = await unary<SubmitWithdrawalResponse>((cb) =>
              ingest.submitWithdrawal({ submission }, new grpc.Metadata(), { deadline: Date.now() + 15_000 }, cb),
            );
            if (response.status === SubmissionStatus.ACCEPTED || response.status === SubmissionStatus.DUPLICATE) {
              if (response.status === SubmissionStatus.DUPLICATE) duplicateAcks += 1;
              acknowledged += 1;
              break;
            }
            if (response.status === SubmissionStatus.REJECTED)
              throw new Error(`ingest rejected ${submission.withdrawalId}: ${JSON.stringify(response)}`);
            // Any other status (e.g. not known yet whether it was written): ask again with the same key.
          } catch (error) {
            if ((error as Error).message.startsWith('ingest rejected')) throw error;
          }
          await sleep(Math.min(2_000, 100 * (attempt + 1)));
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, submitter));
    const submitMillis = Date.now() - submitStarted;
    ingest.close();
    log(`submitted  ${acknowledged} acknowledged in ${(submitMillis / 1_000).toFixed(0)} s (${attempts} attempts)`);
    await chaos;

    // --- settle: every acknowledged withdrawal decided, every HOLD/BLOCK with a case, the picked cases resolved
    const settleDeadline = Date.now() + (options.settleTimeoutMillis ?? 1_800_000);
    const pending = () => {
      const undecided = planned.filter((p) => !seenDecision.has(p.submission.withdrawalId)).length;
      const caseless = [...seenDecision].filter(
        ([id, o]) => (o === DecisionOutcome.HOLD || o === DecisionOutcome.BLOCK) && !seenCase.has(id),
      ).length;
      const undisposed = [...seenDecision].filter(
        ([id, o]) => (o === DecisionOutcome.ALLOW || resolved.has(id)) && !seenDisposition.has(id),
      ).length;
      // A retro-hit case comes from the look-back of the version that designates the address, after the decision.
      const retroless = [...seenDecision].filter(
        ([id, o]) => o === DecisionOutcome.ALLOW && byId.get(id)?.expect === 'RETRO' && !seenCase.has(id),
      ).length;
      return { undecided, caseless, retroless, unresolved: toResolve.size - resolved.size, undisposed };
    };
    let lastReport = 0;
    for (;;) {
      const p = pending();
      if (p.undecided + p.caseless + p.retroless + p.unresolved + p.undisposed === 0) break;
      if (Date.now() > settleDeadline) {
        log(`settle     gave up waiting: ${JSON.stringify(p)}`);
        break;
      }
      if (Date.now() - lastReport > 15_000) {
        log(`settle     waiting: ${JSON.stringify(p)}`);
        lastReport = Date.now();
      }
      await sleep(500);
    }
    resolving = false;
    await Promise.all(resolvers);
    cases.close();
    // Let the last relay transactions commit before the count.
    await sleep(3_000);
    reader.stop = true;
    await live;

    // --- the count, by a fresh read_committed reader
    log('counting   reading the topics from the start (read_committed)');
    const decisionCount = new Map<string, number>();
    const firstOutcome = new Map<string, DecisionOutcome>();
    const where = new Map<string, string[]>();
    const at = (topic: string, r: { partition: number; offset: string }) => `${topic}[${r.partition}]@${r.offset}`;
    let strayDecisions = 0;
    await readToEnd(client, {
      topic: topics.screeningDecisions,
      settleMillis: 5_000,
      timeoutMillis: 600_000,
      onRecords(records) {
        for (const r of records) {
          const d = decodeEvent(EVENT_TYPES.screeningDecision, r.value, r.headers);
          if (!byId.has(d.withdrawalId)) {
            strayDecisions += 1;
            continue;
          }
          decisionCount.set(d.withdrawalId, (decisionCount.get(d.withdrawalId) ?? 0) + 1);
          if (!firstOutcome.has(d.withdrawalId)) firstOutcome.set(d.withdrawalId, d.outcome);
          where.set(`d:${d.withdrawalId}`, [
            ...(where.get(`d:${d.withdrawalId}`) ?? []),
            at(topics.screeningDecisions, r),
          ]);
        }
      },
    });
    const opened = new Map<string, number>();
    const retroOpened = new Map<string, number>();
    const resolvedEvents = new Map<string, number>();
    let retroHitCases = 0;
    await readToEnd(client, {
      topic: topics.caseEvents,
      settleMillis: 5_000,
      timeoutMillis: 600_000,
      onRecords(records) {
        for (const r of records) {
          const e = decodeEvent(EVENT_TYPES.caseEvent, r.value, r.headers);
          if (e.event?.$case === 'opened') {
            if (e.event.value.trigger === CaseTrigger.RETRO_HIT) {
              retroHitCases += 1;
              retroOpened.set(e.withdrawalId, (retroOpened.get(e.withdrawalId) ?? 0) + 1);
            }
            opened.set(e.withdrawalId, (opened.get(e.withdrawalId) ?? 0) + 1);
            where.set(`c:${e.withdrawalId}`, [...(where.get(`c:${e.withdrawalId}`) ?? []), at(topics.caseEvents, r)]);
          } else if (e.event?.$case === 'resolved') {
            resolvedEvents.set(e.withdrawalId, (resolvedEvents.get(e.withdrawalId) ?? 0) + 1);
          }
        }
      },
    });
    const disposed = new Map<string, number>();
    await readToEnd(client, {
      topic: topics.dispositions,
      settleMillis: 5_000,
      timeoutMillis: 600_000,
      onRecords(records) {
        for (const r of records) {
          const d = decodeEvent(EVENT_TYPES.disposition, r.value, r.headers);
          disposed.set(d.withdrawalId, (disposed.get(d.withdrawalId) ?? 0) + 1);
          where.set(`p:${d.withdrawalId}`, [...(where.get(`p:${d.withdrawalId}`) ?? []), at(topics.dispositions, r)]);
        }
      },
    });

    const ids = planned.map((p) => p.submission.withdrawalId);
    const lostIds = ids.filter((id) => !decisionCount.has(id));
    const dupDecisionIds = ids.filter((id) => (decisionCount.get(id) ?? 0) > 1);
    const outcomes = { ALLOW: 0, HOLD: 0, BLOCK: 0, other: 0 };
    for (const o of firstOutcome.values()) {
      if (o === DecisionOutcome.ALLOW) outcomes.ALLOW += 1;
      else if (o === DecisionOutcome.HOLD) outcomes.HOLD += 1;
      else if (o === DecisionOutcome.BLOCK) outcomes.BLOCK += 1;
      else outcomes.other += 1;
    }
    const needCase = ids.filter((id) => {
      const o = firstOutcome.get(id);
      return o === DecisionOutcome.HOLD || o === DecisionOutcome.BLOCK;
    });
    const missingCases = needCase.filter((id) => !opened.has(id));
    const dupCases = needCase.filter((id) => (opened.get(id) ?? 0) > 1);
    const casesForAllowed = ids.filter((id) => firstOutcome.get(id) === DecisionOutcome.ALLOW && opened.has(id));
    // Allowed before the version that designates their address: exactly one retro-hit case each, and none for any
    // other allowed withdrawal.
    const needRetro = ids.filter(
      (id) => firstOutcome.get(id) === DecisionOutcome.ALLOW && byId.get(id)!.expect === 'RETRO',
    );
    const missingRetro = needRetro.filter((id) => !retroOpened.has(id));
    const dupRetro = needRetro.filter((id) => (opened.get(id) ?? 0) > 1);
    const strayRetro = casesForAllowed.filter((id) => byId.get(id)!.expect !== 'RETRO');
    const resolvedIds = [...resolvedEvents.keys()];
    const resolvedDup = resolvedIds.filter((id) => resolvedEvents.get(id)! > 1);
    const expectDisposition = new Set([
      ...ids.filter((id) => firstOutcome.get(id) === DecisionOutcome.ALLOW),
      ...resolvedIds.filter((id) => byId.has(id)),
    ]);
    const missingDispositions = [...expectDisposition].filter((id) => !disposed.has(id));
    const dupDispositions = [...disposed.keys()].filter((id) => disposed.get(id)! > 1);
    const unexpectedDispositions = [...disposed.keys()].filter((id) => !expectDisposition.has(id));
    const show = (kind: string, tag: string, list: string[]) => {
      for (const id of list.slice(0, 10))
        evidence.push(`${kind} ${id}: ${(where.get(`${tag}:${id}`) ?? []).join(' ')}`);
    };
    show('lost decision', 'd', lostIds);
    show('duplicated decision', 'd', dupDecisionIds);
    show('missing case', 'd', missingCases);
    show('missing retro-hit case', 'd', missingRetro);
    show('duplicated retro-hit case', 'c', dupRetro);
    show('case for an allowed withdrawal no list version designates', 'c', strayRetro);
    show('duplicated case', 'c', dupCases);
    show('duplicated disposition', 'p', dupDispositions);
    show('missing disposition', 'c', missingDispositions);
    show('unexpected disposition', 'p', unexpectedDispositions);

    // The same topics through Kafka's own Java consumer: the number of records per key must agree.
    log('counting   cross-check with the Java console consumer');
    const javaDecisions = await javaKeys(kafka.brokers, topics.screeningDecisions, `${run}-w`);
    const javaDispositions = await javaKeys(kafka.brokers, topics.dispositions, `${run}-w`);
    // Per key, the same number of records as librdkafka's read above.
    const sameCounts = (keys: string[], counts: Map<string, number>) => {
      const java = new Map<string, number>();
      for (const key of keys) java.set(key, (java.get(key) ?? 0) + 1);
      return java.size === counts.size && [...counts].every(([key, n]) => java.get(key) === n);
    };
    const agree = sameCounts(javaDecisions, decisionCount) && sameCounts(javaDispositions, disposed);
    if (!agree)
      evidence.push(
        `readers disagree: decisions librdkafka ${[...decisionCount.values()].reduce((a, b) => a + b, 0)} java ${javaDecisions.length}, dispositions librdkafka ${[...disposed.values()].reduce((a, b) => a + b, 0)} java ${javaDispositions.length}`,
      );

    const { log: _log, databaseUrl: _url, ...shown } = options;
    void _log;
    void _url;
    result = {
      options: shown,
      durationMillis: Date.now() - started,
      submitMillis,
      kills: Object.fromEntries(services.map((s) => [s.spec.name, s.kills])),
      unexpectedExits: Object.fromEntries(services.map((s) => [s.spec.name, s.unexpectedExits])),
      brokerRestarts,
      listVersionsPublished: versions,
      submitAttempts: attempts,
      acknowledged,
      duplicateAcks,
      decided: decisionCount.size,
      lost: lostIds.length,
      duplicatedDecisions: dupDecisionIds.length,
      strayDecisions,
      outcomes,
      casesExpected: needCase.length,
      casesOpened: [...opened.keys()].filter((id) => byId.has(id)).length,
      casesMissing: missingCases.length,
      casesDuplicated: dupCases.length,
      casesForAllowed: casesForAllowed.length,
      retroHitCases,
      retroExpected: needRetro.length,
      retroMissing: missingRetro.length,
      retroDuplicated: dupRetro.length + strayRetro.length,
      casesResolved: resolvedIds.length,
      resolvedEventsDuplicated: resolvedDup.length,
      dispositionsExpected: expectDisposition.size,
      dispositions: disposed.size,
      dispositionsMissing: missingDispositions.length,
      dispositionsDuplicated: dupDispositions.length,
      dispositionsUnexpected: unexpectedDispositions.length,
      java: { decisions: javaDecisions.length, dispositions: javaDispositions.length, agree },
      evidence,
    };
    return result;
  } finally {
    reader.stop = true;
    await Promise.all(reader.readers.map((r) => r.close().catch(() => undefined)));
    for (const stop of stops.reverse()) await stop().catch((error: Error) => log(`stop failed: ${error.message}`));
    await client.close().catch(() => undefined);
    if (!options.keep) {
      const c = new pg.Client({ connectionString: options.databaseUrl });
      await c.connect();
      for (const schema of schemas) await c.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`);
      await c.end();
      if (!options.workDir) rmSync(work, { recursive: true, force: true });
    } else {
      log(`kept       ${work} and schemas ${schemas.join(', ')}`);
    }
  }
}

/** The figures, as `npm run chaos` prints them. */
export function formatResult(r: ChaosResult): string {
  const o = r.options;
  const s = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
  const lines = [
    `parameters  withdrawals=${o.withdrawals} kills-per-service=${o.killsPerService} concurrency=${o.concurrency} seed=${o.seed} list-versions=${o.listVersions} resolve-fraction=${o.resolveFraction} hold=${o.holdFraction} block=${o.blockFraction} retro=${o.retroFraction}`,
    `duration    ${s(r.durationMillis)} (submitting ${s(r.submitMillis)}, ${(r.acknowledged / (r.submitMillis / 1_000)).toFixed(0)} acknowledged/s; end to end ${(r.acknowledged / (r.durationMillis / 1_000)).toFixed(0)}/s)`,
    `chaos       kill -9: ${Object.entries(r.kills)
      .map(([n, k]) => `${n} ${k}`)
      .join(
        ', ',
      )}; broker restarts ${r.brokerRestarts}; list versions published ${r.listVersionsPublished}; exits not by us: ${Object.entries(
      r.unexpectedExits,
    )
      .map(([n, k]) => `${n} ${k}`)
      .join(', ')}`,
    `ingest      acknowledged ${r.acknowledged} (${r.duplicateAcks} as duplicate) after ${r.submitAttempts} attempts`,
    `decisions   decided ${r.decided}; lost = ${r.lost}; duplicated = ${r.duplicatedDecisions}; not ours ${r.strayDecisions}; ALLOW ${r.outcomes.ALLOW}, HOLD ${r.outcomes.HOLD}, BLOCK ${r.outcomes.BLOCK}, other ${r.outcomes.other}`,
    `cases       expected ${r.casesExpected}, opened ${r.casesOpened}, missing ${r.casesMissing}, duplicated ${r.casesDuplicated}, for ALLOWed ${r.casesForAllowed}, retro-hit ${r.retroHitCases}; resolved ${r.casesResolved} (duplicated resolutions ${r.resolvedEventsDuplicated})`,
    `retro-hits  allowed before their address was designated ${r.retroExpected}: retro-hit cases missing ${r.retroMissing}, duplicated ${r.retroDuplicated}`,
    `dispositions expected ${r.dispositionsExpected}, present ${r.dispositions}, missing ${r.dispositionsMissing}, duplicated ${r.dispositionsDuplicated}, unexpected ${r.dispositionsUnexpected}`,
    `java reader decisions ${r.java.decisions}, dispositions ${r.java.dispositions} records: ${r.java.agree ? 'agrees' : 'DISAGREES'}`,
    `lost = ${r.lost + r.casesMissing + r.retroMissing + r.dispositionsMissing}`,
    `duplicated = ${r.duplicatedDecisions + r.casesDuplicated + r.retroDuplicated + r.dispositionsDuplicated}`,
  ];
  if (r.evidence.length) lines.push('evidence', ...r.evidence.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** True when the run found nothing lost and nothing duplicated anywhere. */
export function clean(r: ChaosResult): boolean {
  return (
    r.acknowledged === r.options.withdrawals &&
    r.lost === 0 &&
    r.duplicatedDecisions === 0 &&
    r.casesMissing === 0 &&
    r.casesDuplicated === 0 &&
    r.retroMissing === 0 &&
    r.retroDuplicated === 0 &&
    r.resolvedEventsDuplicated === 0 &&
    r.dispositionsMissing === 0 &&
    r.dispositionsDuplicated === 0 &&
    r.dispositionsUnexpected === 0 &&
    r.java.agree
  );
}
