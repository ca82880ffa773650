// The queue: cases with status, outcome, age and SLA tag; filters, sorting, cursor paging, take-next, bulk assign.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type ListQuery } from './api';
import { age, label, slaTag, sortCases, type SortKey } from './format';
import { hrefOf, navigate } from './nav';
import { useShortcuts, type Shortcut } from './shortcuts';
import type { Case, Me } from './types';

const STATUS_CHOICES: { value: string; text: string; statuses: string[] }[] = [
  {
    value: 'unresolved',
    text: 'Unresolved (open, assigned, pending approval)',
    statuses: ['CASE_STATUS_OPEN', 'CASE_STATUS_ASSIGNED', 'CASE_STATUS_PENDING_APPROVAL'],
  },
  { value: 'open', text: 'Open (unassigned)', statuses: ['CASE_STATUS_OPEN'] },
  { value: 'assigned', text: 'Assigned (in review)', statuses: ['CASE_STATUS_ASSIGNED'] },
  { value: 'pending', text: 'Pending approval', statuses: ['CASE_STATUS_PENDING_APPROVAL'] },
  { value: 'resolved', text: 'Resolved', statuses: ['CASE_STATUS_RESOLVED'] },
  { value: 'any', text: 'Any status', statuses: [] },
];

const SOURCES = [
  'LIST_SOURCE_OFAC_SDN',
  'LIST_SOURCE_OFAC_CONSOLIDATED',
  'LIST_SOURCE_UN',
  'LIST_SOURCE_UK',
  'LIST_SOURCE_UK_OFSI',
  'LIST_SOURCE_EU',
];

interface Filters {
  status: string;
  assignee: string;
  trigger: string;
  source: string;
  overdueOnly: boolean;
}

const DEFAULT_FILTERS: Filters = { status: 'unresolved', assignee: '', trigger: '', source: '', overdueOnly: false };
const PAGE = 50;

function queryOf(filters: Filters): ListQuery {
  return {
    statuses: STATUS_CHOICES.find((c) => c.value === filters.status)?.statuses ?? [],
    assignee: filters.assignee.trim(),
    trigger: filters.trigger,
    source: filters.source,
    overdueOnly: filters.overdueOnly,
    pageSize: PAGE,
  };
}

export function QueuePage({
  me,
  helpOpen,
  onUnauthenticated,
}: {
  me: Me;
  helpOpen: boolean;
  onUnauthenticated: () => void;
}) {
  const [draft, setDraft] = useState<Filters>(DEFAULT_FILTERS);
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const [cases, setCases] = useState<Case[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [sortKey, setSortKey] = useState<SortKey>('due');
  const [descending, setDescending] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(-1);
  const [bulkTo, setBulkTo] = useState('');
  const [now, setNow] = useState(Date.now());
  const filtersRef = useRef<HTMLSelectElement>(null);
  const works = me.roles.includes('analyst') || me.roles.includes('supervisor');
  const supervisor = me.roles.includes('supervisor');

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.httpStatus === 401) onUnauthenticated();
      setError((e as Error).message);
    },
    [onUnauthenticated],
  );

  // Only the latest request's answer is shown: a slower earlier one must not overwrite it.
  const latest = useRef(0);
  const load = useCallback(
    async (from: Filters, pageToken = '') => {
      const request = ++latest.current;
      setLoading(true);
      setError('');
      try {
        const page = await api.list({ ...queryOf(from), pageToken });
        if (request !== latest.current) return;
        setCases((previous) => (pageToken ? [...previous, ...(page.cases ?? [])] : (page.cases ?? [])));
        setNext(page.nextPageToken ?? '');
        if (!pageToken) setSelected(new Set());
        setNow(Date.now());
      } catch (e) {
        if (request === latest.current) fail(e);
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [fail],
  );

  useEffect(() => {
    void load(filters);
  }, [filters, load]);

  const rows = useMemo(() => sortCases(cases, sortKey, descending), [cases, sortKey, descending]);

  const focusRow = useCallback(
    (index: number) => {
      if (rows.length === 0) return;
      const bounded = Math.max(0, Math.min(rows.length - 1, index));
      setFocus(bounded);
      document.getElementById(`case-link-${bounded}`)?.focus();
    },
    [rows.length],
  );

  const takeNext = useCallback(async () => {
    setNotice('');
    try {
      const taken = await api.takeNext();
      if (taken.case) navigate({ page: 'case', caseId: taken.case.caseId });
      else setNotice('No unassigned case is waiting.');
    } catch (e) {
      fail(e);
    }
  }, [fail]);

  const toggle = (caseId: string) =>
    setSelected((previous) => {
      const copy = new Set(previous);
      if (copy.has(caseId)) copy.delete(caseId);
      else copy.add(caseId);
      return copy;
    });

  const bulkAssign = async (event: Event) => {
    event.preventDefault();
    const to = supervisor ? bulkTo.trim() || me.userId : me.userId;
    const chosen = rows.filter((c) => selected.has(c.caseId));
    const failures: string[] = [];
    for (const c of chosen) {
      try {
        await api.assign(c.caseId, to, c.lastAuditHash);
      } catch (e) {
        failures.push(`${c.caseId}: ${(e as Error).message}`);
      }
    }
    setNotice(
      `Assigned ${chosen.length - failures.length} of ${chosen.length} case(s) to ${to}.` +
        (failures.length ? ` Not assigned: ${failures.join('; ')}` : ''),
    );
    await load(filters);
  };

  // The case of the row that has the focus (or was last focused).
  const focusedCase = () =>
    (document.activeElement?.closest('tr[data-case]') as HTMLElement | null)?.dataset.case ?? rows[focus]?.caseId;

  const shortcuts: Shortcut[] = useMemo(
    () => [
      { key: 'j', label: '', run: () => focusRow(focus + 1) },
      { key: 'k', label: '', run: () => focusRow(focus - 1) },
      {
        key: 'Enter',
        label: '',
        run: () => {
          const id = focusedCase();
          if (id) navigate({ page: 'case', caseId: id });
        },
      },
      {
        key: 'x',
        label: '',
        run: () => {
          const id = focusedCase();
          if (works && id) toggle(id);
        },
      },
      { key: 'n', label: '', run: () => works && void takeNext() },
      { key: '/', label: '', run: () => filtersRef.current?.focus() },
      { key: 'r', label: '', run: () => void load(filters) },
    ],
    [focus, rows, works, takeNext, load, filters, focusRow],
  );
  useShortcuts(shortcuts, !helpOpen);

  return (
    <main id="main" aria-labelledby="queue-title">
      <div class="title-row">
        <h1 id="queue-title">Queue</h1>
        {works && (
          <button type="button" class="primary" onClick={takeNext} aria-keyshortcuts="n">
            Take the next unassigned case
          </button>
        )}
      </div>
      <form
        class="filters"
        aria-label="Filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <div class="field">
          <label for="f-status">Status</label>
          <select
            id="f-status"
            ref={filtersRef}
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}
          >
            {STATUS_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.text}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-assignee">Assignee</label>
          <input
            id="f-assignee"
            type="text"
            value={draft.assignee}
            placeholder="user id"
            onInput={(e) => setDraft({ ...draft, assignee: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="f-trigger">Trigger</label>
          <select
            id="f-trigger"
            value={draft.trigger}
            onChange={(e) => setDraft({ ...draft, trigger: e.currentTarget.value })}
          >
            <option value="">Any</option>
            <option value="CASE_TRIGGER_DECISION">Decision (HOLD / BLOCK)</option>
            <option value="CASE_TRIGGER_RETRO_HIT">Retro-hit (list update)</option>
          </select>
        </div>
        <div class="field">
          <label for="f-source">List</label>
          <select
            id="f-source"
            value={draft.source}
            onChange={(e) => setDraft({ ...draft, source: e.currentTarget.value })}
          >
            <option value="">Any</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field check">
          <input
            id="f-overdue"
            type="checkbox"
            checked={draft.overdueOnly}
            onChange={(e) => setDraft({ ...draft, overdueOnly: e.currentTarget.checked })}
          />
          <label for="f-overdue">Overdue only</label>
        </div>
        <div class="field">
          <label for="f-sort">Sort by</label>
          <select
            id="f-sort"
            value={`${sortKey}:${descending ? 'desc' : 'asc'}`}
            onChange={(e) => {
              const [key, direction] = e.currentTarget.value.split(':');
              setSortKey(key as SortKey);
              setDescending(direction === 'desc');
            }}
          >
            <option value="due:asc">SLA due, soonest first</option>
            <option value="due:desc">SLA due, latest first</option>
            <option value="age:asc">Age, oldest first</option>
            <option value="age:desc">Age, newest first</option>
            <option value="status:asc">Status</option>
            <option value="outcome:asc">Outcome, BLOCK first</option>
            <option value="assignee:asc">Assignee</option>
          </select>
        </div>
        <div class="field actions">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            onClick={() => {
              setDraft(DEFAULT_FILTERS);
              setFilters(DEFAULT_FILTERS);
            }}
          >
            Reset
          </button>
        </div>
      </form>

      {works && (
        <form class="bulk" aria-label="Bulk assign" onSubmit={bulkAssign}>
          {supervisor ? (
            <>
              <label for="bulk-to">Assign the selected cases to</label>
              <input
                id="bulk-to"
                type="text"
                value={bulkTo}
                placeholder={me.userId}
                onInput={(e) => setBulkTo(e.currentTarget.value)}
              />
            </>
          ) : (
            <span>Analysts assign cases to themselves; a supervisor hands them to others.</span>
          )}
          <button type="submit" disabled={selected.size === 0}>
            {supervisor ? `Assign selected (${selected.size})` : `Assign selected to me (${selected.size})`}
          </button>
        </form>
      )}

      <div aria-live="polite" class="status-line">
        {loading ? 'Loading cases…' : `${cases.length} case(s) shown${next ? ', more to load' : ''}.`}
        {notice && <span class="notice"> {notice}</span>}
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}

      <div class="table-wrap">
        <table class="queue" aria-label="Cases">
          <thead>
            <tr>
              {works && (
                <th scope="col">
                  <span class="sr-only">Select</span>
                </th>
              )}
              <th scope="col">Case</th>
              <th scope="col">Withdrawal</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col">Outcome</th>
              <th scope="col">Trigger</th>
              <th scope="col">Lists</th>
              <th scope="col">Assignee</th>
              <th scope="col">Age</th>
              <th scope="col">SLA</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, index) => {
              const sla = slaTag(c.slaDueAt, now, c.status === 'CASE_STATUS_RESOLVED');
              return (
                <tr
                  key={c.caseId}
                  class={index === focus ? 'focused' : ''}
                  data-case={c.caseId}
                  data-withdrawal={c.withdrawalId}
                >
                  {works && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select case ${c.caseId}`}
                        checked={selected.has(c.caseId)}
                        onChange={() => toggle(c.caseId)}
                      />
                    </td>
                  )}
                  <td>
                    <a
                      id={`case-link-${index}`}
                      href={hrefOf({ page: 'case', caseId: c.caseId })}
                      onFocus={() => setFocus(index)}
                    >
                      {c.caseId}
                    </a>
                  </td>
                  <td class="mono">{c.withdrawalId}</td>
                  <td>{c.customerRef}</td>
                  <td>
                    <span class={`status s-${label(c.status).replace(/ /g, '-')}`}>{label(c.status)}</span>
                  </td>
                  <td>
                    <span class={`outcome o-${label(c.outcome)}`}>{label(c.outcome).toUpperCase()}</span>
                  </td>
                  <td>{label(c.trigger)}</td>
                  <td>{(c.sources ?? []).map(label).join(', ')}</td>
                  <td>{c.assignee || <span class="muted">unassigned</span>}</td>
                  <td title={c.openedAt}>{age(c.openedAt, now)}</td>
                  <td>
                    <span class={sla.late ? 'sla late' : 'sla'} title={c.slaDueAt}>
                      {sla.text}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!loading && cases.length === 0 && <p class="muted">No case matches these filters.</p>}
      {next && (
        <button type="button" onClick={() => load(filters, next)} disabled={loading}>
          Load more
        </button>
      )}
      <p class="hint">
        Press <kbd>?</kbd> for keyboard shortcuts.
      </p>
    </main>
  );
}
