import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Command } from 'commander';
import {
  DecisionOutcome,
  EVENT_TYPES,
  IngestServiceClient,
  PartyType,
  WithdrawalSubmission,
  listSourceSlug,
  timestampFromMillis,
  topicNames,
  SubmissionStatus,
  ListSource,
  type Hit,
  type ScreeningDecision,
  type SubmitWithdrawalResponse,
  DispositionAction,
  timestampToMillis,
} from '@cordon/contracts';
import { loadList, type SanctionedEntity } from '@cordon/lists';
import { createKafka, createLogger, decodeEvent, endOffsets, mintDevToken, openReader } from '@cordon/platform';
import { repoRoot } from '../paths.js';

/** One demo withdrawal and what a reader should expect Cordon to decide. */
export interface DemoCase {
  label: string;
  expect: 'ALLOW' | 'HOLD' | 'BLOCK';
  submission: WithdrawalSubmission;
}

/** Options for {@link runDemo}. */
export interface DemoOptions {
  ingest: string;
  brokers: string[];
  topicPrefix: string;
  sdnPath: string;
  /** The UN list's XML: with it, one withdrawal is for a person only the UN lists. */
  unPath?: string;
  timeoutMillis: number;
  /** Also wait for case-management: a case for each HOLD and BLOCK, a release for each ALLOW. */
  cases?: boolean;
  /** A producer's bearer token for ingest (`cordon token --user wallets`). */
  token?: string;
}

/** What the demo saw. */
export interface DemoResult {
  matched: number;
  total: number;
  /** Cases opened for the run's withdrawals (when `cases`). */
  casesOpened: number;
  /** Automatic releases of the run's ALLOW decisions (when `cases`). */
  released: number;
}

/** The newest OFAC SDN CSV set bundled in the repository (data/ofac-sdn), the one list-sync loads by default. */
export function newestSdnSet(): string | undefined {
  const root = join(repoRoot(), 'data', 'ofac-sdn');
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'sdn.csv')));
  return versions.length > 0 ? join(root, versions.sort().at(-1)!) : undefined;
}

/** The newest UN Security Council list bundled in the repository (data/un), which list-sync also loads by default. */
export function newestUnList(): string | undefined {
  const root = join(repoRoot(), 'data', 'un');
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'consolidated.xml')));
  return versions.length > 0 ? join(root, versions.sort().at(-1)!, 'consolidated.xml') : undefined;
}

const nameKey = (name: string) =>
  name
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();
const titleCase = (name: string) =>
  name.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());

/** A UN-listed individual whose name the SDN list does not carry, so that the hit can only come from the UN list. */
function unOnlyPerson(un: SanctionedEntity[], sdn: SanctionedEntity[]): SanctionedEntity | undefined {
  const sdnNames = new Set(sdn.flatMap((e) => e.names.map((n) => nameKey(n.full))));
  return un.find(
    (e) =>
      e.type === 'individual' &&
      e.names[0]?.script === 'Latn' &&
      e.names[0].full.split(/\s+/).length >= 3 &&
      !e.names.some((n) => sdnNames.has(nameKey(n.full))),
  );
}

/** A lower-case EVM address derived from `seed`: valid, and (with overwhelming probability) on no list. */
function ordinaryEvmAddress(seed: string): string {
  return `0x${createHash('sha256').update(seed).digest('hex').slice(0, 40)}`;
}

function firstAddress(entities: SanctionedEntity[], ticker: string, chain: string) {
  for (const entity of entities) {
    const found = entity.digitalCurrencyAddresses.find(
      (a) => a.valid && a.ticker === ticker && a.chains.includes(chain),
    );
    if (found) return { entity, address: found.address };
  }
  throw new Error(`no valid ${ticker} address on ${chain} in the list`);
}

/** Builds the demo set from the real OFAC SDN list: sanctioned addresses in other written forms, a listed person, ordinary traffic. */
export function demoCases(
  entities: SanctionedEntity[],
  run: string,
  now: number,
  un: SanctionedEntity[] = [],
): DemoCase[] {
  const btc = firstAddress(entities, 'XBT', 'btc');
  const eth = firstAddress(entities, 'ETH', 'eth');
  const trx = firstAddress(entities, 'USDT', 'trx');
  // A listed person, written given name first as a customer record would have it.
  const person = entities.find(
    (e) => e.type === 'individual' && e.names[0]?.given && e.names[0]?.family && e.names[0].script === 'Latn',
  )!;
  const personName = `${person.names[0]!.given} ${person.names[0]!.family}`;
  const base = (n: number, customer: string, name: string, chain: string, asset: string, amount: string, to: string) =>
    WithdrawalSubmission.fromPartial({
      idempotencyKey: `${run}-${n}`,
      withdrawalId: `${run}-w${n}`,
      customer: { customerRef: customer, type: PartyType.INDIVIDUAL, fullName: name },
      chain,
      amount: { asset, amountDecimal: amount },
      destinationAddress: to,
      requestedAt: timestampFromMillis(now),
    });
  const withParty = (s: WithdrawalSubmission, party: Partial<NonNullable<WithdrawalSubmission['customer']>>) =>
    WithdrawalSubmission.fromPartial({ ...s, customer: { ...s.customer!, ...party } });
  const unPerson = unOnlyPerson(un, entities);
  const unCase: DemoCase[] = unPerson
    ? [
        {
          label: `customer named like a person only the UN lists (UN ${unPerson.id})`,
          expect: 'HOLD',
          submission: base(
            8,
            'c-1008',
            titleCase(unPerson.names[0]!.full),
            'eth',
            'ETH',
            '0.2',
            ordinaryEvmAddress(`${run}-8`),
          ),
        },
      ]
    : [];
  return [
    {
      label: 'ordinary BTC withdrawal',
      expect: 'ALLOW',
      submission: base(1, 'c-1001', 'Maria Garcia', 'btc', 'BTC', '0.015', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'),
    },
    {
      label: 'ordinary ETH withdrawal',
      expect: 'ALLOW',
      submission: base(2, 'c-1002', 'John Smith', 'eth', 'ETH', '1.25', ordinaryEvmAddress(run)),
    },
    {
      label: `BTC to an address OFAC lists (SDN ${btc.entity.id})`,
      expect: 'BLOCK',
      submission: base(3, 'c-1003', 'Alex Brown', 'btc', 'BTC', '0.4', btc.address),
    },
    {
      label: `USDC to OFAC's ETH address, upper-cased (SDN ${eth.entity.id})`,
      expect: 'BLOCK',
      submission: base(4, 'c-1004', 'Chen Wei', 'eth', 'USDC', '2500', `0x${eth.address.slice(2).toUpperCase()}`),
    },
    {
      label: `USDT on Tron to a listed address (SDN ${trx.entity.id})`,
      expect: 'BLOCK',
      submission: base(5, 'c-1005', 'Sam Lee', 'trx', 'USDT', '900', trx.address),
    },
    {
      label: `customer named like a listed person (SDN ${person.id}), no date of birth to confirm`,
      expect: 'HOLD',
      submission: base(6, 'c-1006', personName, 'eth', 'ETH', '3', ordinaryEvmAddress(`${run}-6`)),
    },
    {
      label: 'customer resident in a comprehensively sanctioned country',
      expect: 'HOLD',
      submission: withParty(base(7, 'c-1007', 'Reza Karimi', 'eth', 'ETH', '0.5', ordinaryEvmAddress(`${run}-7`)), {
        countryOfResidence: 'IR',
      }),
    },
    ...unCase,
  ];
}

async function submit(
  client: IngestServiceClient,
  submission: WithdrawalSubmission,
  deadline: number,
): Promise<SubmitWithdrawalResponse> {
  for (;;) {
    try {
      return await new Promise<SubmitWithdrawalResponse>((resolve, reject) =>
        client.submitWithdrawal({ submission }, (error, response) => (error ? reject(error) : resolve(response))),
      );
    } catch (error) {
      // Services start in parallel: until ingest answers, wait and try again.
      const code = (error as grpc.ServiceError).code;
      if ((code !== grpc.status.UNAVAILABLE && code !== grpc.status.DEADLINE_EXCEEDED) || Date.now() > deadline)
        throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

const outcomeName = (outcome: DecisionOutcome) => DecisionOutcome[outcome] ?? String(outcome);

/** One decision as a terminal line: outcome, then the strongest hit (or the reason when there is none). */
export function describeDecision(decision: ScreeningDecision): string {
  const top = [...decision.hits].sort((a, b) => b.scoreBp - a.scoreBp)[0];
  // Jurisdiction hits name no list (their source is UNSPECIFIED by contract): they show the matched region.
  const where = (hit: Hit) =>
    hit.source === ListSource.UNSPECIFIED
      ? `jurisdiction ${hit.matchedValue}`
      : `${listSourceSlug(hit.source)} ${hit.entityId}`;
  const reason = top
    ? `${where(top)} (${top.queryField}, score ${(top.scoreBp / 10_000).toFixed(2)})`
    : (decision.reasons[0]?.code ?? '');
  return `${outcomeName(decision.outcome).padEnd(5)}  ${reason}`;
}

function safeDecode<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined; // not a record this demo can read; its owner keeps that topic's hygiene
  }
}

/** Streams the demo withdrawals through ingest and prints each decision as screening publishes it. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const list = await loadList('ofac-csv', options.sdnPath);
  const un = options.unPath ? await loadList('un-xml', options.unPath) : undefined;
  const run = `demo-${randomUUID().slice(0, 8)}`;
  const cases = demoCases(list.entities, run, Date.now(), un?.entities);
  const topics = topicNames(options.topicPrefix);

  const kafka = createKafka(
    { clientId: 'cordon-demo', brokers: options.brokers },
    createLogger('cli', { level: 'error' }),
  );
  const decisions = new Map<string, ScreeningDecision>();
  const ids = new Set(cases.map((c) => c.submission.withdrawalId));
  // A read_committed reader assigned at the decisions' current end, before anything is submitted: every decision
  // of this run comes after it.
  const at = async (topic: string) => new Map((await endOffsets(kafka, topic)).map((e) => [e.partition, e.end]));
  const reader = await openReader(kafka, {
    topic: topics.screeningDecisions,
    from: await at(topics.screeningDecisions),
  });
  const caseReaders = options.cases
    ? await Promise.all([
        openReader(kafka, { topic: topics.caseEvents, from: await at(topics.caseEvents) }),
        openReader(kafka, { topic: topics.dispositions, from: await at(topics.dispositions) }),
      ])
    : [];
  const opened = new Map<string, string>();
  const released = new Set<string>();
  const casesDone = () =>
    [...decisions.values()].every((d) =>
      d.outcome === DecisionOutcome.ALLOW ? released.has(d.withdrawalId) : opened.has(d.withdrawalId),
    );
  let allSeen: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allSeen = resolve));
  let reading = true;
  const readLoop = (async () => {
    while (reading) {
      for (const record of await reader.poll(500, 200)) {
        let decision: ScreeningDecision;
        try {
          decision = decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers);
        } catch {
          continue; // not a decision this demo can read; the screening service owns that topic's hygiene
        }
        if (!ids.has(decision.withdrawalId) || decisions.has(decision.withdrawalId)) continue;
        decisions.set(decision.withdrawalId, decision);
        const demo = cases.find((c) => c.submission.withdrawalId === decision.withdrawalId)!;
        const mark = outcomeName(decision.outcome) === demo.expect ? 'ok' : `expected ${demo.expect}`;
        console.log(
          `decision  ${decision.withdrawalId.padEnd(16)} ${describeDecision(decision)}  [${mark}]  hash ${decision.decisionHash.slice(0, 12)}`,
        );
      }
      for (const [caseEvents, dispositions] of caseReaders.length ? [caseReaders] : []) {
        for (const record of await caseEvents!.poll(500, 50)) {
          const event = safeDecode(() => decodeEvent(EVENT_TYPES.caseEvent, record.value, record.headers));
          if (
            !event ||
            !ids.has(event.withdrawalId) ||
            event.event?.$case !== 'opened' ||
            opened.has(event.withdrawalId)
          )
            continue;
          opened.set(event.withdrawalId, event.caseId);
          const due = event.slaDueAt
            ? new Date(timestampToMillis(event.slaDueAt)).toISOString().slice(0, 16).replace('T', ' ')
            : '?';
          console.log(
            `case      ${event.withdrawalId.padEnd(16)} opened ${event.caseId.slice(0, 13)}  (${outcomeName(event.event.value.outcome)}, due ${due} UTC)`,
          );
        }
        for (const record of await dispositions!.poll(500, 50)) {
          const disposition = safeDecode(() => decodeEvent(EVENT_TYPES.disposition, record.value, record.headers));
          if (!disposition || !ids.has(disposition.withdrawalId) || released.has(disposition.withdrawalId)) continue;
          released.add(disposition.withdrawalId);
          console.log(
            `release   ${disposition.withdrawalId.padEnd(16)} ${DispositionAction[disposition.action]} by ${disposition.decidedBy} (no case needed)`,
          );
        }
      }
      if (decisions.size === ids.size && (!options.cases || casesDone())) allSeen();
    }
  })();

  const lists = [`OFAC SDN ${list.contentHash.slice(0, 12)} (${list.entities.length} entities)`];
  if (un) lists.push(`UN ${un.contentHash.slice(0, 12)} (${un.entities.length})`);
  console.log(`demo      ${cases.length} withdrawals, drawn from ${lists.join(' and ')}`);
  const sendToken: grpc.Interceptor = (callOptions, next) =>
    new grpc.InterceptingCall(next(callOptions), {
      start(metadata, listener, start) {
        if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
        start(metadata, listener);
      },
    });
  const client = new IngestServiceClient(options.ingest, grpc.credentials.createInsecure(), {
    interceptors: [sendToken],
  });
  const deadline = Date.now() + options.timeoutMillis;
  try {
    for (const demo of cases) {
      const response = await submit(client, demo.submission, deadline);
      console.log(
        `submit    ${demo.submission.withdrawalId.padEnd(16)} ${demo.label} -> ingest ${SubmissionStatus[response.status]}`,
      );
    }
    const timer = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
    await Promise.race([done, timer]);
  } finally {
    client.close();
    reading = false;
    await readLoop;
    await reader.close();
    await Promise.all(caseReaders.map((r) => r.close()));
    await kafka.close();
  }
  const matched = cases.filter((c) => {
    const decision = decisions.get(c.submission.withdrawalId);
    return decision !== undefined && outcomeName(decision.outcome) === c.expect;
  }).length;
  console.log(`demo      ${decisions.size}/${cases.length} decided, ${matched} as expected`);
  if (options.cases) {
    console.log(`cases     ${opened.size} waiting for an analyst, ${released.size} released at once`);
  }
  return { matched, total: cases.length, casesOpened: opened.size, released: released.size };
}

/** `cordon demo`: streams demo withdrawals (some to real OFAC-listed addresses) and shows the decisions. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Send demo withdrawals (some to real sanctioned addresses) through a running Cordon and show the decisions',
    )
    .option('--ingest <host:port>', 'ingest gRPC address', '127.0.0.1:50051')
    .option('--brokers <list>', 'Kafka bootstrap servers', process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .option('--topic-prefix <prefix>', 'topic prefix', process.env.KAFKA_TOPIC_PREFIX ?? 'cordon.')
    .option('--sdn <dir>', 'OFAC SDN CSV set the demo draws its sanctioned addresses from')
    .option('--timeout <seconds>', 'how long to wait for services and decisions', '180')
    .option('--keys <dir>', 'the local key directory that signs the demo producer’s token', join('.cordon', 'auth'))
    .action(
      async (options: {
        ingest: string;
        brokers: string;
        topicPrefix: string;
        sdn?: string;
        timeout: string;
        keys: string;
      }) => {
        const sdnPath = options.sdn ?? newestSdnSet();
        if (!sdnPath) throw new Error('no OFAC SDN CSV set found: pass --sdn <dir>');
        const result = await runDemo({
          ingest: options.ingest,
          brokers: options.brokers.split(','),
          topicPrefix: options.topicPrefix,
          sdnPath,
          unPath: newestUnList(),
          timeoutMillis: Number(options.timeout) * 1_000,
          token: await mintDevToken(options.keys, 'wallets', ['producer']),
        });
        process.exitCode = result.matched === result.total ? 0 : 1;
      },
    );
}
