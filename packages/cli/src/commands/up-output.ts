/**
 * What `cordon up` shows in the terminal. The services' JSON logs go to one file per service under the data
 * folder; the terminal gets a short human status instead: what started and where, then each decision, case and
 * disposition as it happens, and any error-level log line in one line with the file that holds it.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  DecisionOutcome,
  DispositionAction,
  EVENT_TYPES,
  timestampToMillis,
  topicNames,
  type CaseEvent,
  type Disposition,
} from '@cordon/contracts';
import { createKafka, createLogger, decodeEvent, endOffsets, openReader } from '@cordon/platform';
import { describeDecision } from './demo.js';

/** pino's numeric levels: 50 is `error`, 60 is `fatal`. */
const ERROR_LEVEL = 50;

/** One log line in a form the terminal can show, or undefined when it is not an error (or not JSON at all). */
export function errorSummary(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  let entry: { level?: unknown; msg?: unknown; err?: { message?: unknown } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return undefined;
  }
  if (typeof entry.level !== 'number' || entry.level < ERROR_LEVEL) return undefined;
  const message = typeof entry.msg === 'string' ? entry.msg : 'error';
  const cause = typeof entry.err?.message === 'string' && entry.err.message !== message ? `: ${entry.err.message}` : '';
  return `${message}${cause}`;
}

/** Where one service's output goes: its log file, with error-level lines also summarised on the terminal. */
export interface ServiceOutput {
  /** The log file, relative to `cwd` when under it. */
  file: string;
  attach(stdout: Readable | null, stderr: Readable | null): void;
  close(): Promise<void>;
}

/** Appends a service's stdout and stderr to `<logDir>/<name>.log` (kept across runs) and reports its errors. */
export function fileOutput(
  name: string,
  logDir: string,
  cwd: string,
  report: (line: string) => void = console.error,
): ServiceOutput {
  mkdirSync(logDir, { recursive: true });
  const path = join(logDir, `${name}.log`);
  const file = path.startsWith(cwd) ? relative(cwd, path) : path;
  const sink: WriteStream = createWriteStream(path, { flags: 'a' });
  const follow = (stream: Readable | null) => {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      sink.write(`${line}\n`);
      const summary = errorSummary(line);
      if (summary) report(`error     ${name}: ${summary} (${file})`);
    });
  };
  return {
    file,
    attach(stdout, stderr) {
      follow(stdout);
      follow(stderr);
    },
    close: () => new Promise<void>((resolve) => sink.end(resolve)),
  };
}

const outcomeName = (outcome: DecisionOutcome) => DecisionOutcome[outcome] ?? String(outcome);
const minuteUtc = (millis: number) => `${new Date(millis).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One case event as a terminal line, or undefined for events the terminal does not show. */
export function describeCaseEvent(event: CaseEvent): string | undefined {
  const id = event.caseId.slice(0, 13);
  const by = event.actor ? ` by ${event.actor}` : '';
  const happened = event.event;
  if (!happened) return undefined;
  if (happened.$case === 'opened') {
    const due = event.slaDueAt ? `, due ${minuteUtc(timestampToMillis(event.slaDueAt))}` : '';
    return `opened ${id}  (${outcomeName(happened.value.outcome)}${due})`;
  }
  // assigned, commented, proposed, approved, sent back, resolved...: the event's own name says what happened.
  const what = happened.$case.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace('_', ' ');
  return `${id} ${what}${by}`;
}

/** One disposition as a terminal line: what happens to the funds, who decided, who approved, which case. */
export function describeDisposition(disposition: Disposition): string {
  const action = (DispositionAction[disposition.action] ?? String(disposition.action)).replace(
    'DISPOSITION_ACTION_',
    '',
  );
  const approved = disposition.approvedBy ? `, approved by ${disposition.approvedBy}` : '';
  const origin = disposition.caseId ? ` (${disposition.caseId.slice(0, 13)})` : ' (no case needed)';
  return `${action} by ${disposition.decidedBy}${approved}${origin}`;
}

function safeDecode<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined; // not a record the terminal can read; the topic's owner keeps its hygiene
  }
}

/**
 * Follows decisions, case events and dispositions from their current end and prints one line for each, until
 * the returned stop is called. Read committed: only what the services committed appears.
 */
export async function startLiveFeed(
  brokers: string[],
  topicPrefix: string,
  print: (line: string) => void = console.log,
): Promise<() => Promise<void>> {
  const kafka = createKafka({ clientId: 'cordon-up-feed', brokers }, createLogger('cli', { level: 'fatal' }));
  const topics = topicNames(topicPrefix);
  const at = async (topic: string) => new Map((await endOffsets(kafka, topic)).map((e) => [e.partition, e.end]));
  const [decisions, caseEvents, dispositions] = await Promise.all(
    [topics.screeningDecisions, topics.caseEvents, topics.dispositions].map(async (topic) =>
      openReader(kafka, { topic, from: await at(topic) }),
    ),
  );
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        for (const record of await decisions!.poll(400, 200)) {
          const decision = safeDecode(() => decodeEvent(EVENT_TYPES.screeningDecision, record.value, record.headers));
          if (decision) print(`decision  ${decision.withdrawalId.padEnd(16)} ${describeDecision(decision)}`);
        }
        for (const record of await caseEvents!.poll(300, 200)) {
          const event = safeDecode(() => decodeEvent(EVENT_TYPES.caseEvent, record.value, record.headers));
          const line = event && describeCaseEvent(event);
          if (line) print(`case      ${event.withdrawalId.padEnd(16)} ${line}`);
        }
        for (const record of await dispositions!.poll(300, 200)) {
          const disposition = safeDecode(() => decodeEvent(EVENT_TYPES.disposition, record.value, record.headers));
          if (disposition)
            print(`${'dispose'.padEnd(9)} ${disposition.withdrawalId.padEnd(16)} ${describeDisposition(disposition)}`);
        }
      } catch (error) {
        if (!running) break;
        print(`feed      paused: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
    await Promise.all([decisions, caseEvents, dispositions].map((reader) => reader!.close().catch(() => undefined)));
    await kafka.close().catch(() => undefined);
  };
}
