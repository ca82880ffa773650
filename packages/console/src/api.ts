// Calls to case-management's HTTP API from the page. The session is an HttpOnly cookie the page never sees;
// every write carries the custom header the server requires of cookie-authenticated writes (CSRF).
import type { CaseDetail, Case, Me, Verification } from './types';

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const WRITE_HEADERS = { 'content-type': 'application/json', 'x-cordon-console': '1' };

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: method === 'POST' ? WRITE_HEADERS : { accept: 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(response.status, 'NOT_JSON', `${response.status}: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const error = (json as { error?: { reason?: string; message?: string } }).error ?? {};
    throw new ApiError(
      response.status,
      error.reason ?? 'ERROR',
      error.message ?? `request failed (${response.status})`,
    );
  }
  return json as T;
}

export interface ListQuery {
  statuses?: string[];
  assignee?: string;
  trigger?: string;
  source?: string;
  outcomes?: string[];
  overdueOnly?: boolean;
  customerRef?: string;
  withdrawalId?: string;
  pageSize?: number;
  pageToken?: string;
}

export function listPath(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const status of query.statuses ?? []) params.append('statuses', status);
  for (const outcome of query.outcomes ?? []) params.append('outcomes', outcome);
  if (query.assignee) params.set('assignee', query.assignee);
  if (query.trigger) params.set('trigger', query.trigger);
  if (query.source) params.set('source', query.source);
  if (query.customerRef) params.set('customerRef', query.customerRef);
  if (query.withdrawalId) params.set('withdrawalId', query.withdrawalId);
  if (query.overdueOnly) params.set('overdueOnly', 'true');
  if (query.pageSize) params.set('pageSize', String(query.pageSize));
  if (query.pageToken) params.set('pageToken', query.pageToken);
  const text = params.toString();
  return `/api/v1/cases${text ? `?${text}` : ''}`;
}

const casePath = (id: string, tail = '') => `/api/v1/cases/${encodeURIComponent(id)}${tail}`;

export const api = {
  config: () => call<{ devSignIn: boolean; devUsers: { user: string; roles: string[] }[] }>('GET', '/console/config'),
  signIn: (body: { user: string } | { token: string }) => call<Me>('POST', '/console/session', body),
  signOut: () => call<unknown>('POST', '/console/session/end'),
  me: () => call<Me>('GET', '/api/v1/me'),
  list: (query: ListQuery) => call<{ cases?: Case[]; nextPageToken?: string }>('GET', listPath(query)),
  get: (id: string) => call<CaseDetail>('GET', casePath(id)),
  verify: (id: string) => call<Verification>('GET', casePath(id, '/audit-verification')),
  takeNext: () => call<{ case?: Case }>('POST', '/api/v1/cases:take-next'),
  assign: (id: string, assignee: string, expectedAuditHash?: string) =>
    call<{ case: Case }>('POST', casePath(id, '/assign'), {
      assignee,
      ...(expectedAuditHash ? { expectedAuditHash } : {}),
    }),
  comment: (id: string, text: string) => call<{ case: Case }>('POST', casePath(id, '/comment'), { text }),
  propose: (id: string, resolution: string, rationale: string, suppress: boolean, expectedAuditHash?: string) =>
    call<{ case: Case }>('POST', casePath(id, '/propose'), {
      resolution,
      rationale,
      suppress,
      ...(expectedAuditHash ? { expectedAuditHash } : {}),
    }),
  approve: (id: string, proposalAuditHash: string) =>
    call<{ case: Case }>('POST', casePath(id, '/approve'), { proposalAuditHash }),
  sendBack: (id: string, proposalAuditHash: string, reason: string) =>
    call<{ case: Case }>('POST', casePath(id, '/send-back'), { proposalAuditHash, reason }),
};
