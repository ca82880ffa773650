// The case page: the withdrawal beside each hit's listed entity, the features and scores, the pinned list
// versions and policy, the decision hash, the actions the caller's roles allow, and the audit timeline with its
// chain verified. Every string from a list or a customer is rendered as text (Preact escapes it; nothing here
// sets HTML).
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { dispositionText, label, score, short, slaTag, utc } from './format';
import { navigate } from './nav';
import { useShortcuts, type Shortcut } from './shortcuts';
import type { CaseDetail, CaseEvent, Entity, Hit, Me, Verification, Withdrawal } from './types';

function Field({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

function WithdrawalPanel({ withdrawal, customerRef }: { withdrawal?: Withdrawal; customerRef?: string }) {
  if (!withdrawal) return <p class="muted">The withdrawal has not been seen yet (customer {customerRef}).</p>;
  const customer = withdrawal.customer ?? {};
  const destination = withdrawal.destination ?? {};
  return (
    <dl class="facts" data-testid="withdrawal">
      <Field name="Withdrawal">
        <span class="mono">{withdrawal.withdrawalId}</span>
      </Field>
      <Field name="Customer">
        <span data-testid="customer-name">{customer.fullName}</span> <span class="muted">({customer.customerRef})</span>
      </Field>
      {customer.otherNames?.length ? <Field name="Other names">{customer.otherNames.join('; ')}</Field> : null}
      {customer.dateOfBirth && <Field name="Date of birth">{customer.dateOfBirth}</Field>}
      {customer.nationalities?.length ? <Field name="Nationalities">{customer.nationalities.join(', ')}</Field> : null}
      {customer.countryOfResidence && <Field name="Residence">{customer.countryOfResidence}</Field>}
      <Field name="Chain">{withdrawal.chain || destination.chain}</Field>
      <Field name="Amount">
        {withdrawal.amount?.amountDecimal} {withdrawal.amount?.asset}
      </Field>
      <Field name="Destination as given">
        <span class="mono break" data-testid="address-given">
          {destination.address}
        </span>
      </Field>
      <Field name="Destination canonical">
        <span class="mono break" data-testid="address-canonical">
          {destination.canonical}
        </span>
        {destination.valid === false && <span class="error"> invalid: {destination.reason}</span>}
      </Field>
      {withdrawal.counterparty?.fullName && <Field name="Counterparty">{withdrawal.counterparty.fullName}</Field>}
      {withdrawal.requestedAt && <Field name="Requested">{utc(withdrawal.requestedAt)}</Field>}
    </dl>
  );
}

function EntityPanel({ entity, hit }: { entity?: Entity; hit: Hit }) {
  if (!entity)
    return (
      <p class="muted">
        {hit.kind === 'HIT_KIND_JURISDICTION'
          ? 'A jurisdiction rule of the policy, not a listed entity.'
          : 'The listed entity has not been seen on the entities topic yet.'}
      </p>
    );
  const sameVersion = entity.entityHash === hit.entityHash;
  return (
    <dl class="facts" data-testid="entity">
      <Field name="Listed entity">
        {label(entity.source)} {entity.id} <span class="muted">({label(entity.type)})</span>
      </Field>
      <Field name="Names">
        <ul class="names">
          {(entity.names ?? []).map((n, i) => (
            <li key={i}>
              <span class="entity-name">{n.full}</span>{' '}
              <span class="muted">
                {[
                  label(n.kind) || (i === 0 ? 'primary' : 'alias'),
                  n.script && `script ${n.script}`,
                  n.strength && label(n.strength),
                ]
                  .filter(Boolean)
                  .join(', ')}
              </span>
            </li>
          ))}
        </ul>
      </Field>
      {entity.birthDates?.length ? (
        <Field name="Dates of birth">{entity.birthDates.map((b) => b.raw || b.date).join('; ')}</Field>
      ) : null}
      {entity.placesOfBirth?.length ? <Field name="Places of birth">{entity.placesOfBirth.join('; ')}</Field> : null}
      {entity.nationalities?.length ? <Field name="Nationalities">{entity.nationalities.join(', ')}</Field> : null}
      {entity.citizenships?.length ? <Field name="Citizenships">{entity.citizenships.join(', ')}</Field> : null}
      <Field name="Programs">{(entity.programs ?? []).join(', ')}</Field>
      {entity.addresses?.length ? (
        <Field name="Listed addresses">
          <ul>
            {entity.addresses.map((a, i) => (
              <li key={i}>{a.full}</li>
            ))}
          </ul>
        </Field>
      ) : null}
      {entity.digitalCurrencyAddresses?.length ? (
        <Field name="Digital currency addresses">
          <ul>
            {entity.digitalCurrencyAddresses.map((a, i) => (
              <li key={i} class="mono break">
                {a.ticker} {a.address}
              </li>
            ))}
          </ul>
        </Field>
      ) : null}
      {entity.remarks && <Field name="Remarks">{entity.remarks}</Field>}
      <Field name="Entity version">
        <span class="mono" title={entity.entityHash}>
          {short(entity.entityHash)}
        </span>{' '}
        {sameVersion ? (
          <span class="muted">(the version the hit matched)</span>
        ) : (
          <span class="warn">(a later version than the hit matched)</span>
        )}
      </Field>
    </dl>
  );
}

function describe(event: CaseEvent): string {
  if (event.opened)
    return `opened the case: ${label(event.opened.outcome).toUpperCase()} decision ${short(event.opened.decisionHash)}, ${event.opened.hits?.length ?? 0} hit(s)`;
  if (event.assigned)
    return event.assigned.assignee
      ? `assigned the case to ${event.assigned.assignee}`
      : 'put the case back in the queue';
  if (event.commented) return `commented: ${event.commented.text ?? ''}`;
  if (event.proposed)
    return `proposed ${label(event.proposed.resolution)} (${dispositionText(event.proposed.action) || 'no disposition'})${event.proposed.suppress ? ' with a suppression' : ''}: ${event.proposed.rationale ?? ''}`;
  if (event.approved) return `approved the proposal of ${event.approved.proposedBy ?? ''}`;
  if (event.resolved)
    return `resolved: ${label(event.resolved.resolution)}, ${dispositionText(event.resolved.action) || 'no disposition'}${event.resolved.suppressions?.length ? `, ${event.resolved.suppressions.length} suppression(s)` : ''}`;
  if (event.sentBack) return `sent the proposal back: ${event.sentBack.reason ?? ''}`;
  if (event.evidence)
    return `attached evidence "${event.evidence.title ?? ''}" (${event.evidence.reference ?? ''}): ${event.evidence.note ?? ''}`;
  if (event.escalated) return `escalated: past its SLA due ${utc(event.escalated.dueAt)}`;
  if (event.joined)
    return `a ${label(event.joined.trigger)} joined: ${label(event.joined.outcome).toUpperCase()}, ${event.joined.hits?.length ?? 0} hit(s)`;
  return 'entry';
}

export function CasePage({
  caseId,
  me,
  helpOpen,
  onUnauthenticated,
}: {
  caseId: string;
  me: Me;
  helpOpen: boolean;
  onUnauthenticated: () => void;
}) {
  const [detail, setDetail] = useState<CaseDetail>();
  const [verification, setVerification] = useState<Verification>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [comment, setComment] = useState('');
  const [resolution, setResolution] = useState('');
  const [rationale, setRationale] = useState('');
  const [suppress, setSuppress] = useState(false);
  const [sendBackReason, setSendBackReason] = useState('');
  const [assignTo, setAssignTo] = useState('');
  const [busy, setBusy] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const proposeRef = useRef<HTMLInputElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);
  const sendBackRef = useRef<HTMLTextAreaElement>(null);
  const timelineRef = useRef<HTMLHeadingElement>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.httpStatus === 401) onUnauthenticated();
      setError((e as Error).message);
    },
    [onUnauthenticated],
  );

  const load = useCallback(async () => {
    try {
      const [found, verified] = await Promise.all([api.get(caseId), api.verify(caseId)]);
      setDetail(found);
      setVerification(verified);
    } catch (e) {
      fail(e);
    }
  }, [caseId, fail]);

  useEffect(() => {
    void load();
  }, [load]);

  // Arriving on a case moves the focus to its heading, so screen readers announce it and Tab starts there.
  const titleRef = useRef<HTMLHeadingElement>(null);
  const arrived = useRef(false);
  useEffect(() => {
    if (detail && !arrived.current) {
      arrived.current = true;
      titleRef.current?.focus();
    }
  }, [detail]);

  const act = async (what: string, work: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    setNotice('');
    try {
      await work();
      setNotice(what);
      await load();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const c = detail?.case;
  const works = me.roles.includes('analyst') || me.roles.includes('supervisor');
  const supervisor = me.roles.includes('supervisor');
  const resolved = c?.status === 'CASE_STATUS_RESOLVED';
  const pending = c?.status === 'CASE_STATUS_PENDING_APPROVAL';
  const proposalHash = useMemo(
    () => [...(detail?.events ?? [])].reverse().find((e) => e.proposed)?.auditHash ?? '',
    [detail],
  );
  // Why approving (and sending back) is not for this user, or '' when it is.
  const approveBlocked = !pending
    ? 'There is no proposal waiting for approval.'
    : c?.proposedBy === me.userId
      ? `Four eyes: you (${me.userId}) proposed this resolution, so a supervisor other than the proposer must approve or send it back.`
      : !supervisor
        ? 'Approving needs the supervisor role.'
        : '';
  const mayAssignSelf = works && !resolved && !pending && c?.assignee !== me.userId;
  const mayPropose = works && !resolved && !pending && c?.assignee === me.userId;

  const shortcuts: Shortcut[] = useMemo(
    () => [
      { key: 'u', label: '', run: () => navigate({ page: 'queue' }) },
      {
        key: 'a',
        label: '',
        run: () =>
          mayAssignSelf && c && void act('Assigned to you.', () => api.assign(c.caseId, me.userId, c.lastAuditHash)),
      },
      { key: 'c', label: '', run: () => commentRef.current?.focus() },
      { key: 'p', label: '', run: () => proposeRef.current?.focus() },
      { key: 'v', label: '', run: () => approveRef.current?.focus() },
      { key: 'b', label: '', run: () => sendBackRef.current?.focus() },
      { key: 't', label: '', run: () => timelineRef.current?.focus() },
      { key: 'r', label: '', run: () => void load() },
    ],
    [c, mayAssignSelf, load, me.userId],
  );
  useShortcuts(shortcuts, !helpOpen);

  if (!detail || !c)
    return (
      <main id="main">
        <p>
          <a href="#/">← Queue</a>
        </p>
        {error ? (
          <p role="alert" class="error">
            {error}
          </p>
        ) : (
          <p class="loading">Loading case {caseId}…</p>
        )}
      </main>
    );

  const sla = slaTag(c.slaDueAt, Date.now(), resolved);
  const decision = detail.decisions?.find((d) => d.decisionHash === c.decisionHash) ?? detail.decisions?.at(-1);
  const entityOf = (hit: Hit) =>
    detail.entities?.find((e) => e.source === hit.source && e.id === hit.entityId && e.entityHash === hit.entityHash) ??
    detail.entities?.find((e) => e.source === hit.source && e.id === hit.entityId);
  const disposition = dispositionText(c.disposition);

  return (
    <main id="main" aria-labelledby="case-title">
      <p>
        <a href="#/" aria-keyshortcuts="u">
          ← Queue
        </a>
      </p>
      <div class="title-row">
        <h1 id="case-title" tabIndex={-1} ref={titleRef}>
          Case <span class="mono">{c.caseId}</span>
        </h1>
        <span class={`status s-${label(c.status).replace(/ /g, '-')}`} data-testid="case-status">
          {label(c.status)}
        </span>
        <span class={`outcome o-${label(c.outcome)}`}>{label(c.outcome).toUpperCase()}</span>
        <span class={sla.late ? 'sla late' : 'sla'} title={c.slaDueAt}>
          {sla.text}
        </span>
        {disposition && (
          <span class="disposition" data-testid="disposition">
            {disposition}
          </span>
        )}
      </div>
      <dl class="facts summary">
        <Field name="Assignee">{c.assignee || 'unassigned'}</Field>
        <Field name="Opened">{utc(c.openedAt)}</Field>
        <Field name="Due">{utc(c.slaDueAt)}</Field>
        <Field name="Trigger">{label(c.trigger)}</Field>
        <Field name="Decision hash">
          <span class="mono break" data-testid="decision-hash">
            {c.decisionHash}
          </span>
        </Field>
        <Field name="Lists pinned">
          {(decision?.pinnedVersions ?? []).map((v, i) => (
            <span key={i} class="pinned">
              {label(v.source)} {v.versionId}{' '}
              <span class="mono" title={v.contentHash}>
                {short(v.contentHash)}
              </span>
            </span>
          ))}
        </Field>
        <Field name="Policy">
          <span class="mono" title={decision?.policyHash}>
            {short(decision?.policyHash)}
          </span>{' '}
          <span class="muted">engine {decision?.engineVersion}</span>
        </Field>
        {c.pendingProposal && (
          <Field name="Pending proposal">
            {label(c.pendingProposal.resolution)} by {c.proposedBy} ({dispositionText(c.pendingProposal.action)})
            {c.pendingProposal.suppress ? ', with a suppression' : ''}: {c.pendingProposal.rationale}
          </Field>
        )}
        {c.resolved && (
          <Field name="Resolution">
            {label(c.resolved.resolution)}, proposed by {c.resolved.proposedBy}, approved by {c.resolved.approvedBy}
            {c.resolved.suppressions?.length ? `; ${c.resolved.suppressions.length} suppression(s) created` : ''}
          </Field>
        )}
      </dl>

      {error && (
        <p role="alert" class="error" data-testid="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}

      <section aria-labelledby="hits-title">
        <h2 id="hits-title">Withdrawal and hits</h2>
        {(c.hits ?? []).map((hit, index) => (
          <div class="compare" key={index} data-testid="hit">
            <section class="panel" aria-label="The withdrawal">
              <h3>The withdrawal</h3>
              <WithdrawalPanel withdrawal={detail.withdrawal} customerRef={c.customerRef} />
            </section>
            <section class="panel" aria-label={`Hit ${index + 1}`}>
              <h3>
                Hit {index + 1}: {label(hit.kind)} on {label(hit.source) || 'policy'} {hit.entityId}
                {hit.suppressed && <span class="badge">suppressed by {hit.suppressedByCase}</span>}
              </h3>
              <dl class="facts">
                <Field name="Matched">
                  <span class="matched">{hit.matchedValue}</span> <span class="muted">(list value)</span>
                </Field>
                <Field name="Against">
                  {hit.queryField}: <span class="matched">{hit.queryValue}</span>
                </Field>
                <Field name="Score">{score(hit.scoreBp)}</Field>
                <Field name="Programs">{(hit.programs ?? []).join(', ')}</Field>
              </dl>
              {hit.features?.length ? (
                <table class="features">
                  <caption>Matched features</caption>
                  <thead>
                    <tr>
                      <th scope="col">Feature</th>
                      <th scope="col">Value</th>
                      <th scope="col">Detail</th>
                    </tr>
                  </thead>
                  <tbody>
                    {hit.features.map((f, i) => (
                      <tr key={i}>
                        <td>{f.name}</td>
                        <td>{score(f.valueBp)}</td>
                        <td>{f.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <EntityPanel entity={entityOf(hit)} hit={hit} />
            </section>
          </div>
        ))}
      </section>

      <section aria-labelledby="actions-title" class="actions-panel">
        <h2 id="actions-title">Actions</h2>
        {!works && (
          <p data-testid="read-only">
            {me.roles.includes('auditor')
              ? 'You are signed in as an auditor: you can read everything and change nothing.'
              : 'Your roles do not allow working cases.'}
          </p>
        )}
        {works && resolved && <p>This case is resolved: nothing more can be done to it.</p>}
        {works && !resolved && (
          <>
            <div class="action-row">
              {mayAssignSelf && (
                <button
                  type="button"
                  disabled={busy}
                  aria-keyshortcuts="a"
                  onClick={() => act('Assigned to you.', () => api.assign(c.caseId, me.userId, c.lastAuditHash))}
                >
                  Assign to me
                </button>
              )}
              {!pending && c.assignee && (c.assignee === me.userId || supervisor) && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => act('Put back in the queue.', () => api.assign(c.caseId, '', c.lastAuditHash))}
                >
                  Unassign
                </button>
              )}
              {supervisor && !pending && (
                <form
                  class="inline"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void act(`Assigned to ${assignTo}.`, () => api.assign(c.caseId, assignTo.trim(), c.lastAuditHash));
                  }}
                >
                  <label for="assign-to">Assign to</label>
                  <input
                    id="assign-to"
                    type="text"
                    value={assignTo}
                    onInput={(e) => setAssignTo(e.currentTarget.value)}
                  />
                  <button type="submit" disabled={busy || !assignTo.trim()}>
                    Assign
                  </button>
                </form>
              )}
            </div>

            <form
              aria-labelledby="propose-title"
              onSubmit={(event) => {
                event.preventDefault();
                void act('Proposed; a supervisor other than you must approve it.', () =>
                  api.propose(
                    c.caseId,
                    resolution,
                    rationale,
                    resolution === 'CASE_RESOLUTION_FALSE_POSITIVE' && suppress,
                    c.lastAuditHash,
                  ),
                );
              }}
            >
              <h3 id="propose-title">Propose a resolution</h3>
              {!mayPropose && (
                <p class="hint" id="propose-why">
                  {pending
                    ? 'A proposal is waiting for approval.'
                    : c.assignee
                      ? `Only the assignee (${c.assignee}) proposes.`
                      : 'Assign the case to yourself before proposing.'}
                </p>
              )}
              <fieldset disabled={!mayPropose || busy}>
                <legend>Conclusion</legend>
                <div class="radio">
                  <input
                    ref={proposeRef}
                    type="radio"
                    id="r-fp"
                    name="resolution"
                    value="CASE_RESOLUTION_FALSE_POSITIVE"
                    checked={resolution === 'CASE_RESOLUTION_FALSE_POSITIVE'}
                    onChange={() => setResolution('CASE_RESOLUTION_FALSE_POSITIVE')}
                  />
                  <label for="r-fp">False positive: release the withdrawal</label>
                </div>
                <div class="radio">
                  <input
                    type="radio"
                    id="r-tm"
                    name="resolution"
                    value="CASE_RESOLUTION_TRUE_MATCH"
                    checked={resolution === 'CASE_RESOLUTION_TRUE_MATCH'}
                    onChange={() => setResolution('CASE_RESOLUTION_TRUE_MATCH')}
                  />
                  <label for="r-tm">True match: block or reject</label>
                </div>
                <label for="rationale">Reason (required)</label>
                <textarea
                  id="rationale"
                  rows={3}
                  required
                  value={rationale}
                  onInput={(e) => setRationale(e.currentTarget.value)}
                />
                <div class="check">
                  <input
                    type="checkbox"
                    id="suppress"
                    checked={suppress}
                    disabled={resolution !== 'CASE_RESOLUTION_FALSE_POSITIVE'}
                    onChange={(e) => setSuppress(e.currentTarget.checked)}
                    aria-describedby="suppress-hint"
                  />
                  <label for="suppress">Create a suppression once the false positive is approved</label>
                </div>
                <p class="hint" id="suppress-hint">
                  Screening then skips this customer and these listed entities while the entities stay unchanged.
                </p>
                <button type="submit" class="primary" disabled={!resolution || !rationale.trim()}>
                  Propose
                </button>
              </fieldset>
            </form>

            <section aria-labelledby="approve-title">
              <h3 id="approve-title">Approve or send back</h3>
              {approveBlocked && (
                <p class="hint" id="approve-why" data-testid="approve-why">
                  {approveBlocked}
                </p>
              )}
              <button
                ref={approveRef}
                type="button"
                class="primary"
                disabled={Boolean(approveBlocked) || busy}
                aria-describedby={approveBlocked ? 'approve-why' : undefined}
                aria-keyshortcuts="v"
                onClick={() => act('Approved: the case is resolved.', () => api.approve(c.caseId, proposalHash))}
              >
                Approve
              </button>
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  void act('Sent back to the analyst.', () => api.sendBack(c.caseId, proposalHash, sendBackReason));
                }}
              >
                <label for="send-back-reason">Reason to send back</label>
                <textarea
                  id="send-back-reason"
                  ref={sendBackRef}
                  rows={2}
                  disabled={Boolean(approveBlocked) || busy}
                  value={sendBackReason}
                  onInput={(e) => setSendBackReason(e.currentTarget.value)}
                  aria-describedby={approveBlocked ? 'approve-why' : undefined}
                />
                <button type="submit" disabled={Boolean(approveBlocked) || busy || !sendBackReason.trim()}>
                  Send back
                </button>
              </form>
            </section>

            <form
              aria-labelledby="comment-title"
              onSubmit={(event) => {
                event.preventDefault();
                void act('Comment added.', async () => {
                  await api.comment(c.caseId, comment);
                  setComment('');
                });
              }}
            >
              <h3 id="comment-title">Comment</h3>
              <label for="comment">Comment</label>
              <textarea
                id="comment"
                ref={commentRef}
                rows={2}
                value={comment}
                onInput={(e) => setComment(e.currentTarget.value)}
              />
              <button type="submit" disabled={busy || !comment.trim()}>
                Add comment
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title" tabIndex={-1} ref={timelineRef}>
          Timeline
        </h2>
        <p data-testid="chain" class={verification?.verified ? 'ok' : 'error'}>
          {verification
            ? verification.verified
              ? `Audit chain verified: ${verification.entries} ${verification.entries === 1 ? 'entry' : 'entries'}, each hash links to the one before and ends at the case's last hash.`
              : `Audit chain BROKEN: ${verification.breaks.map((b) => `sequence ${b.sequence}: ${b.reason}`).join('; ')}`
            : 'Verifying the audit chain…'}
        </p>
        <ol class="timeline">
          {(detail.events ?? []).map((event) => (
            <li key={event.sequence}>
              <span class="seq">#{event.sequence}</span>{' '}
              <time dateTime={event.occurredAt}>{utc(event.occurredAt)}</time> <strong>{event.actor}</strong>{' '}
              <span class="muted">({label(event.actorRole)})</span> {describe(event)}{' '}
              <span class="mono muted" title={event.auditHash}>
                {short(event.auditHash, 10)}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
