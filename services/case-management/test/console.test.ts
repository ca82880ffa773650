/**
 * The analyst console in a real browser (headless Chromium driven by playwright-core, Debian's build: no browser
 * download) against case-management on the real broker and PostgreSQL, the console built at start from
 * packages/console: sign in as an analyst, find the demo's case, propose a false positive, see approve refused
 * for the proposer, sign in as a supervisor, approve, and see the RELEASE disposition on the dispositions topic.
 * Also: the auditor reads everything and changes nothing, list strings with HTML in them are shown as text, the
 * session cookie is HttpOnly and SameSite=Strict, cookie writes without the console header are refused, the CSP
 * holds with no violation, and screenshots of the queue and a case page at 1280x800 and on a narrow window go to
 * build/console (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecisionOutcome,
  DispositionAction,
  EVENT_TYPES,
  EntityType,
  HitKind,
  ListSource,
  NameKind,
  SanctionedEntity,
  WithdrawalRequested,
  sanctionsEntityKey,
  type Hit,
} from '@cordon/contracts';
import { decodeEvent, encodeEvent, type KafkaClient } from '@cordon/platform';
import { readTopic, testKafka } from '../../../test/support.js';
import type { RunningCaseManagement } from '../src/app.js';
import {
  createCaseEnv,
  decision,
  jurisdictionHit,
  produce,
  records,
  startInProcess,
  waitFor,
  withdrawal,
  type CaseEnv,
} from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../../build/console/', import.meta.url));
const HTML_NAME = '<img src=x onerror="window.__pwned=1">Evil <b>Corp</b>';

let kafka: KafkaClient;
let env: CaseEnv;
let service: RunningCaseManagement;
let browser: Browser;
let base: string;
const violations: string[] = [];

const listedHit = (entityId: string, matchedValue: string, queryValue: string): Hit => ({
  source: ListSource.OFAC_SDN,
  entityId,
  entityHash: `${entityId}`.padEnd(64, 'e'),
  kind: HitKind.NAME,
  matchedValue,
  queryField: 'customer.full_name',
  queryValue,
  scoreBp: 9_450,
  features: [
    { name: 'name.token_similarity', valueBp: 9_450, detail: 'given and family name, transliterated' },
    { name: 'dob', valueBp: 0, detail: 'no date of birth on the customer record' },
  ],
  programs: ['RUSSIA-EO14024'],
  suppressed: false,
  suppressedByCase: '',
});

const entityRecord = (entity: SanctionedEntity) => ({
  topic: env.topics.sanctionsEntities,
  key: sanctionsEntityKey(entity.source, entity.id),
  ...encodeEvent(EVENT_TYPES.sanctionedEntity, entity),
});

function customerWithdrawal(id: string, customerRef: string, fullName: string): WithdrawalRequested {
  const base = withdrawal(id);
  return WithdrawalRequested.fromPartial({ ...base, customer: { ...base.customer!, customerRef, fullName } });
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return page;
}

async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: new RegExp(`Sign in as ${user}\\b`) }).click();
  await page.getByTestId('who').getByText(user).waitFor();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the Cordon console' }).waitFor();
}

/** POSTs from the page with its session cookie, as a script on the page could. */
function postFromPage(page: Page, path: string, body: unknown, withHeader = true) {
  return page.evaluate(
    async ({ path, body, withHeader }) => {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(withHeader ? { 'x-cordon-console': '1' } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { error?: { reason?: string } } };
    },
    { path, body, withHeader },
  );
}

async function caseIdOf(withdrawalId: string): Promise<string> {
  const rows = await env.query<{ case_id: string }>('select case_id from cases where withdrawal_id = $1', [
    withdrawalId,
  ]);
  return rows[0]!.case_id;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  kafka = testKafka();
  env = await createCaseEnv(kafka);
  service = await startInProcess(env, { CASES_CONSOLE: 'auto', CASES_CONSOLE_DEV_SIGNIN_KEYS: env.keysDir });
  await service.console.ready;
  expect(service.console.state()).toEqual({ status: 'ready' });
  base = `http://127.0.0.1:${service.httpPort}`;

  // The demo's HOLD: a customer named like a listed person, no date of birth to confirm.
  const person = SanctionedEntity.fromPartial({
    source: ListSource.OFAC_SDN,
    id: '36214',
    type: EntityType.INDIVIDUAL,
    entityHash: listedHit('36214', '', '').entityHash,
    names: [
      { full: 'PETROV, Nikolai Ivanovich', given: 'Nikolai', family: 'PETROV', kind: NameKind.PRIMARY, script: 'Latn' },
      { full: 'ПЕТРОВ, Николай Иванович', kind: NameKind.AKA, script: 'Cyrl' },
    ],
    birthDates: [{ raw: '12 Mar 1961', date: '1961-03-12' }],
    nationalities: ['RU'],
    addresses: [{ full: 'Moscow, Russia', country: 'RU' }],
    programs: ['RUSSIA-EO14024'],
  });
  const evil = SanctionedEntity.fromPartial({
    source: ListSource.OFAC_SDN,
    id: '66601',
    type: EntityType.ENTITY,
    entityHash: listedHit('66601', '', '').entityHash,
    names: [{ full: HTML_NAME, kind: NameKind.PRIMARY, script: 'Latn' }],
    addresses: [{ full: '<script>window.__pwned=2</script>Main St' }],
    programs: ['<i>CYBER2</i>'],
    remarks: '<a href="javascript:alert(1)">click</a>',
  });
  await produce(kafka, [entityRecord(person), entityRecord(evil)]);
  await produce(
    kafka,
    records(env.topics, [
      customerWithdrawal('demo-w6', 'c-1006', 'Nikolai Petrov'),
      customerWithdrawal('demo-w9', 'c-1009', '<b>Mallory</b> & "Co"'),
      decision('demo-w6', DecisionOutcome.HOLD, [listedHit('36214', 'PETROV, Nikolai Ivanovich', 'nikolai petrov')]),
      decision('demo-w9', DecisionOutcome.HOLD, [listedHit('66601', HTML_NAME, '<b>mallory</b>')]),
      customerWithdrawal('demo-w10', 'c-1010', 'Reza Karimi'),
      customerWithdrawal('demo-w11', 'c-1011', 'Sara Ahmadi'),
      decision('demo-w10', DecisionOutcome.HOLD, [jurisdictionHit()]),
      decision('demo-w11', DecisionOutcome.HOLD, [jurisdictionHit()]),
    ]),
  );
  await waitFor(
    async () => Number((await env.query<{ n: string }>('select count(*) as n from cases'))[0]!.n) === 4,
    60_000,
    'cases opened',
  );
  await waitFor(
    async () => Number((await env.query<{ n: string }>('select count(*) as n from listed_entities'))[0]!.n) >= 2,
    60_000,
    'entities taken in',
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await env?.cleanup();
  await kafka?.close();
});

describe('the analyst console in a browser', () => {
  it('serves the page with a strict CSP and no inline script', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await fetch(`${base}/api/v1/me`)).status).toBe(401);
  });

  it('analyst proposes a false positive, approve is refused to the proposer, a supervisor approves: RELEASED', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    await signIn(page, 'alice');

    // The session is an HttpOnly SameSite=Strict cookie: nothing for scripts, nothing in storage or the URL.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'cordon_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('cordon_session');
    expect(await page.evaluate<number>('localStorage.length + sessionStorage.length')).toBe(0);
    expect(page.url()).not.toContain(session!.value.slice(0, 20));

    // The queue: the demo's case with status, outcome, age and SLA tag.
    const row = page.locator('tr[data-withdrawal="demo-w6"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/open.*HOLD.*decision.*ofac-sdn.*unassigned.*\d+ min.*\d+ (min|h|d) left/);
    await page.screenshot({ path: `${SHOTS}queue-1280x800.png` });

    // `?` shows the shortcuts.
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: /Keyboard shortcuts: queue/ }).waitFor();
    await page.keyboard.press('Escape');

    // Filters reach the API: the trigger filter keeps decisions, the overdue filter finds none here.
    await page.getByLabel('Overdue only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('0 case(s) shown').waitFor();
    await page.getByRole('button', { name: 'Reset' }).click();
    await row.waitFor();

    await row.getByRole('link').click();
    const caseId = await caseIdOf('demo-w6');
    await page.getByRole('heading', { name: `Case ${caseId}` }).waitFor();
    const withdrawalPanel = page.getByTestId('withdrawal').first();
    expect(await withdrawalPanel.getByTestId('address-given').textContent()).toBe(
      '0x7F367cC41522cE07553e823bf3be79A889DEbe1B',
    );
    expect(await withdrawalPanel.getByTestId('address-canonical').textContent()).toBe(
      '0x7f367cc41522ce07553e823bf3be79a889debe1b',
    );
    const entity = page.getByTestId('entity').first();
    expect(await entity.textContent()).toContain('ПЕТРОВ, Николай Иванович');
    expect(await entity.textContent()).toContain('script Cyrl');
    expect(await entity.textContent()).toContain('12 Mar 1961');
    expect(await entity.textContent()).toContain('(the version the hit matched)');
    expect(await page.getByRole('table', { name: 'Matched features' }).textContent()).toContain(
      'name.token_similarity',
    );
    expect(await page.getByTestId('decision-hash').textContent()).toBe(
      decision('demo-w6', DecisionOutcome.HOLD).decisionHash,
    );
    await page.getByText('ofac-sdn 2023-12-28').waitFor();
    await page
      .getByTestId('chain')
      .getByText(/Audit chain verified: 1 entry,/)
      .waitFor();
    await page.screenshot({ path: `${SHOTS}case-1280x800.png`, fullPage: false });

    // Keyboard: `a` assigns the case to me.
    await page.keyboard.press('a');
    await page.getByTestId('case-status').getByText('assigned').waitFor();
    await page.getByLabel('False positive: release the withdrawal').check();
    await page
      .getByLabel('Reason (required)')
      .fill('Different person: the listed one was born 1961, the customer in 1994 (passport on file).');
    await page.getByRole('button', { name: 'Propose' }).click();
    await page.getByTestId('case-status').getByText('pending approval').waitFor();

    // Approve is refused to the proposer: the button is disabled, the page says why, and the API says no too.
    const approve = page.getByRole('button', { name: 'Approve' });
    expect(await approve.isDisabled()).toBe(true);
    expect(await page.getByTestId('approve-why').textContent()).toContain(
      'Four eyes: you (alice) proposed this resolution',
    );
    const proposal = await env.query<{ audit_hash: string }>(
      'select audit_hash from audit_log where case_id = $1 order by sequence desc limit 1',
      [caseId],
    );
    const refused = await postFromPage(page, `/api/v1/cases/${caseId}/approve`, {
      proposalAuditHash: proposal[0]!.audit_hash,
    });
    expect(refused.status).toBe(403);
    // A cookie write without the console's header is refused before anything else (CSRF).
    const forged = await postFromPage(page, `/api/v1/cases/${caseId}/comment`, { text: 'forged' }, false);
    expect(forged).toMatchObject({ status: 403, body: { error: { reason: 'CSRF_HEADER_REQUIRED' } } });
    await signOut(page);

    // A supervisor other than the proposer approves.
    await signIn(page, 'bob');
    await page.goto(`${base}/#/cases/${encodeURIComponent(caseId)}`);
    await page.getByTestId('case-status').getByText('pending approval').waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('disposition').getByText('RELEASED').waitFor();
    await page
      .getByTestId('chain')
      .getByText(/Audit chain verified: 5 entries/)
      .waitFor();
    await context.close();

    await waitFor(
      async () => (await readTopic(kafka, env.topics.dispositions)).some((r) => r.key?.toString() === 'demo-w6'),
      120_000,
      'disposition published',
    );
    const released = (await readTopic(kafka, env.topics.dispositions))
      .map((r) => decodeEvent(EVENT_TYPES.disposition, r.value, r.headers))
      .filter((d) => d.withdrawalId === 'demo-w6');
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({
      action: DispositionAction.RELEASE,
      caseId,
      proposedBy: 'alice',
      approvedBy: 'bob',
      decisionHash: decision('demo-w6', DecisionOutcome.HOLD).decisionHash,
    });
  });

  it('an auditor sees everything and can change nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    await signIn(page, 'dave');
    await page.getByLabel('Status').selectOption('any');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('4 case(s) shown').waitFor();
    expect(await page.getByRole('button', { name: 'Take the next unassigned case' }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /Select case/ }).count()).toBe(0);
    await page.locator('tr[data-withdrawal="demo-w6"]').getByRole('link').click();
    await page.getByTestId('disposition').getByText('RELEASED').waitFor();
    await page.getByText('approved the proposal of alice').waitFor();
    await page.goto(`${base}/#/cases/${encodeURIComponent(await caseIdOf('demo-w9'))}`);
    await page.getByTestId('read-only').getByText('auditor').waitFor();
    for (const name of ['Assign to me', 'Propose', 'Approve', 'Send back', 'Add comment']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    const refused = await postFromPage(page, `/api/v1/cases/${await caseIdOf('demo-w9')}/comment`, { text: 'audit' });
    expect(refused).toMatchObject({ status: 403, body: { error: { reason: 'AUDITOR_READ_ONLY' } } });
    await context.close();
  });

  it('shows list and customer strings with HTML in them as text', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    await signIn(page, 'alice');
    await page.goto(`${base}/#/cases/${encodeURIComponent(await caseIdOf('demo-w9'))}`);
    const entity = page.getByTestId('entity').first();
    await entity.waitFor();
    expect(await entity.locator('.entity-name').first().textContent()).toBe(HTML_NAME);
    expect(await entity.textContent()).toContain('<script>window.__pwned=2</script>Main St');
    expect(await entity.textContent()).toContain('<i>CYBER2</i>');
    expect(await page.getByTestId('customer-name').first().textContent()).toBe('<b>Mallory</b> & "Co"');
    expect(await page.locator('main img, main b, main i, main script, main a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__pwned')).toBeUndefined();
    await context.close();
  });

  it('a supervisor bulk-assigns from the queue; an analyst takes the next unassigned case by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    await signIn(page, 'bob');
    const w10 = page.locator('tr[data-withdrawal="demo-w10"]');
    await w10.waitFor();
    // j/k move through the rows, x selects the focused one.
    await page.locator('tr[data-withdrawal="demo-w11"]').getByRole('checkbox').check();
    await w10.getByRole('link').focus();
    await page.keyboard.press('x');
    await page.getByLabel('Assign the selected cases to').fill('carol');
    await page.getByRole('button', { name: 'Assign selected (2)' }).click();
    await page.getByText('Assigned 2 of 2 case(s) to carol.').waitFor();
    const assigned = await env.query<{ withdrawal_id: string; assignee: string }>(
      "select withdrawal_id, assignee from cases where withdrawal_id in ('demo-w10', 'demo-w11') order by withdrawal_id",
    );
    expect(assigned.map((r) => r.assignee)).toEqual(['carol', 'carol']);
    await signOut(page);

    await signIn(page, 'alice');
    await page.locator('tr[data-withdrawal="demo-w9"]').waitFor();
    await page.keyboard.press('n');
    const w9 = await caseIdOf('demo-w9');
    await page.getByRole('heading', { name: `Case ${w9}` }).waitFor();
    await page.getByTestId('case-status').getByText('assigned').waitFor();
    await page.keyboard.press('u');
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.keyboard.press('n');
    await page.getByText('No unassigned case is waiting.').waitFor();
    await context.close();
  });

  it('works on a narrow window (screenshots of the queue and a case page)', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 } });
    const page = await newPage(context);
    await signIn(page, 'alice');
    await page.locator('tr[data-withdrawal="demo-w9"]').waitFor();
    await page.screenshot({ path: `${SHOTS}queue-narrow-420.png` });
    await page.locator('tr[data-withdrawal="demo-w9"]').getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('entity').first().waitFor();
    // The page itself does not scroll sideways: the panels stack.
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
    await page.screenshot({ path: `${SHOTS}case-narrow-420.png`, fullPage: true });
    await context.close();
  });

  it('shows a broken audit chain', async () => {
    const caseId = await caseIdOf('demo-w9');
    await env.query("update audit_log set actor = 'mallory' where case_id = $1 and sequence = 1", [caseId]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    await signIn(page, 'dave');
    await page.goto(`${base}/#/cases/${encodeURIComponent(caseId)}`);
    await page
      .getByTestId('chain')
      .getByText(/Audit chain BROKEN: sequence 1: the stored columns .* disagree with the entry/)
      .waitFor();
    await context.close();
    expect(violations).toEqual([]);
  });
});
