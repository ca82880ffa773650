import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActorRole,
  CaseEvent,
  DecisionOutcome,
  Disposition,
  DispositionAction,
  timestampFromMillis,
} from '@cordon/contracts';
import { describeCaseEvent, describeDisposition, errorSummary, fileOutput } from './up-output.js';

describe('errorSummary', () => {
  it('summarises pino error and fatal lines with their cause', () => {
    const line = JSON.stringify({
      level: 50,
      service: 'screening',
      msg: 'list refused',
      err: { message: 'hash differs' },
    });
    expect(errorSummary(line)).toBe('list refused: hash differs');
    expect(errorSummary(JSON.stringify({ level: 60, msg: 'cannot start' }))).toBe('cannot start');
  });

  it('leaves info and warn lines, and anything that is not a JSON log line, to the file', () => {
    expect(errorSummary(JSON.stringify({ level: 30, msg: 'started' }))).toBeUndefined();
    expect(errorSummary(JSON.stringify({ level: 40, msg: 'slow' }))).toBeUndefined();
    expect(errorSummary('Error: plain text on stderr')).toBeUndefined();
    expect(errorSummary('{not json')).toBeUndefined();
  });
});

describe('fileOutput', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("appends both streams to the service's log file and reports only its error lines, naming the file", async () => {
    dir = mkdtempSync(join(tmpdir(), 'cordon-up-logs-'));
    const reported: string[] = [];
    const output = fileOutput('ingest', join(dir, 'logs'), dir, (line) => reported.push(line));
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    output.attach(stdout, stderr);
    stdout.end(
      `${JSON.stringify({ level: 30, msg: 'listening' })}\n${JSON.stringify({ level: 50, msg: 'kafka down' })}\n`,
    );
    stderr.end('a warning on stderr\n');
    await new Promise((resolve) => setImmediate(resolve));
    await output.close();

    expect(output.file).toBe(join('logs', 'ingest.log'));
    const lines = readFileSync(join(dir, 'logs', 'ingest.log'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(3);
    expect(lines).toContain('a warning on stderr');
    expect(reported).toEqual([`error     ingest: kafka down (${join('logs', 'ingest.log')})`]);
  });
});

describe('the live feed lines', () => {
  const base = {
    caseId: 'case-7f9fc9b8-1234',
    withdrawalId: 'w-1',
    sequence: 1,
    actorRole: ActorRole.SYSTEM,
    occurredAt: timestampFromMillis(Date.UTC(2026, 11, 3, 6, 0)),
  };

  it('shows an opened case with its outcome and SLA due time', () => {
    const event = CaseEvent.fromPartial({
      ...base,
      actor: 'case-management',
      slaDueAt: timestampFromMillis(Date.UTC(2026, 11, 4, 6, 0)),
      event: { $case: 'opened', value: { outcome: DecisionOutcome.HOLD } },
    });
    expect(describeCaseEvent(event)).toBe('opened case-7f9fc9b8  (HOLD, due 2026-12-04 06:00 UTC)');
  });

  it('names what happened later and who did it', () => {
    const event = CaseEvent.fromPartial({ ...base, actor: 'alice', event: { $case: 'proposed', value: {} } });
    expect(describeCaseEvent(event)).toBe('case-7f9fc9b8 proposed by alice');
    const sentBack = CaseEvent.fromPartial({ ...base, actor: 'bob', event: { $case: 'sentBack', value: {} } });
    expect(describeCaseEvent(sentBack)).toBe('case-7f9fc9b8 sent back by bob');
    expect(describeCaseEvent(CaseEvent.fromPartial(base))).toBeUndefined();
  });

  it('shows a disposition with the four eyes behind it, or that no case was needed', () => {
    const released = Disposition.fromPartial({
      withdrawalId: 'w-1',
      action: DispositionAction.RELEASE,
      caseId: 'case-7f9fc9b8-1234',
      decidedBy: 'alice',
      approvedBy: 'bob',
    });
    expect(describeDisposition(released)).toBe('RELEASE by alice, approved by bob (case-7f9fc9b8)');
    const automatic = Disposition.fromPartial({
      withdrawalId: 'w-2',
      action: DispositionAction.RELEASE,
      decidedBy: 'screening',
    });
    expect(describeDisposition(automatic)).toBe('RELEASE by screening (no case needed)');
  });
});
