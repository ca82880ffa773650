/**
 * The same operations as CaseService over HTTP/JSON, for the analyst console and for tools without gRPC.
 * Messages are the contracts' proto JSON (camelCase names, enums by name). Every route needs a bearer token:
 * in the Authorization header, or (the console) in the HttpOnly SameSite=Strict session cookie, in which case a
 * write must also carry `x-cordon-console: 1` and no foreign Origin (a cross-site page can send neither a
 * custom header nor an Authorization header without a preflight, which is never granted). Writes need
 * `content-type: application/json`. Refusals answer `{ "error": { status, reason, message, field } }` with
 * 401, 403, 404, 409 or 400.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  ApproveResolutionRequest,
  ApproveResolutionResponse,
  AssignCaseRequest,
  AssignCaseResponse,
  AttachEvidenceRequest,
  AttachEvidenceResponse,
  CommentCaseRequest,
  CommentCaseResponse,
  GetCaseResponse,
  ListCasesRequest,
  ListCasesResponse,
  ProposeResolutionRequest,
  ProposeResolutionResponse,
  SendBackResolutionRequest,
  SendBackResolutionResponse,
  TakeNextCaseResponse,
} from '@cordon/contracts';
import type { Logger } from '@cordon/platform';
import type { Actor } from '../../domain/workflow.js';
import { OperationError, type CaseOperations } from '../../operations.js';
import { CSRF_HEADER, csrfSafe, requestAuthorization } from './session.js';

const HTTP_STATUS: Record<OperationError['status'], number> = {
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
  INVALID_ARGUMENT: 400,
};

const MAX_BODY = 1024 * 1024;

/** A running HTTP API. */
export interface HttpApi {
  port: number;
  close(): Promise<void>;
}

type Route = (actor: Actor, caseId: string, body: unknown) => Promise<unknown>;

/** Serves the API on `host:port` (port 0 picks one). `extra` may serve other paths (the console's assets). */
export async function startHttpApi(options: {
  operations: CaseOperations;
  logger: Logger;
  host: string;
  port: number;
  /** HTTPS with this certificate; with `clientCaFile`, only clients presenting a certificate it signed (mTLS). */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
  extra?: (request: IncomingMessage, response: ServerResponse) => boolean;
}): Promise<HttpApi> {
  const { operations } = options;
  const actions: Record<string, Route> = {
    assign: async (actor, caseId, body) =>
      AssignCaseResponse.toJSON(
        await operations.assignCase(actor, AssignCaseRequest.fromJSON({ ...object(body), caseId })),
      ),
    comment: async (actor, caseId, body) =>
      CommentCaseResponse.toJSON(
        await operations.commentCase(actor, CommentCaseRequest.fromJSON({ ...object(body), caseId })),
      ),
    evidence: async (actor, caseId, body) =>
      AttachEvidenceResponse.toJSON(
        await operations.attachEvidence(actor, AttachEvidenceRequest.fromJSON({ ...object(body), caseId })),
      ),
    propose: async (actor, caseId, body) =>
      ProposeResolutionResponse.toJSON(
        await operations.proposeResolution(actor, ProposeResolutionRequest.fromJSON({ ...object(body), caseId })),
      ),
    approve: async (actor, caseId, body) =>
      ApproveResolutionResponse.toJSON(
        await operations.approveResolution(actor, ApproveResolutionRequest.fromJSON({ ...object(body), caseId })),
      ),
    'send-back': async (actor, caseId, body) =>
      SendBackResolutionResponse.toJSON(
        await operations.sendBackResolution(actor, SendBackResolutionRequest.fromJSON({ ...object(body), caseId })),
      ),
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (!path.startsWith('/api/')) {
      if (options.extra?.(request, response)) return;
      return send(response, 404, { error: { status: 'NOT_FOUND', reason: 'NO_ROUTE', message: `no route ${path}` } });
    }
    const { authorization, viaCookie } = requestAuthorization(request);
    if (viaCookie && request.method !== 'GET' && request.method !== 'HEAD' && !csrfSafe(request)) {
      throw new OperationError(
        'PERMISSION_DENIED',
        'CSRF_HEADER_REQUIRED',
        `a write authenticated by the session cookie needs the ${CSRF_HEADER}: 1 header and this origin`,
      );
    }
    const actor = await operations.authenticate(authorization);
    if (request.method === 'GET' && path === '/api/v1/me') {
      return send(response, 200, {
        userId: actor.userId,
        roles: [...actor.roles].sort(),
        name: actor.name ?? actor.userId,
      });
    }
    if (request.method === 'GET' && path === '/api/v1/cases') {
      const query: Record<string, unknown> = {};
      for (const [name, value] of url.searchParams) {
        if (name === 'statuses' || name === 'outcomes') query[name] = [...((query[name] as string[]) ?? []), value];
        else query[name] = value;
      }
      return send(
        response,
        200,
        ListCasesResponse.toJSON(await operations.listCases(actor, ListCasesRequest.fromJSON(query))),
      );
    }
    const one = /^\/api\/v1\/cases\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && one) {
      return send(
        response,
        200,
        GetCaseResponse.toJSON(await operations.getCase(actor, { caseId: decodeURIComponent(one[1]!) })),
      );
    }
    const verification = /^\/api\/v1\/cases\/([^/]+)\/audit-verification$/.exec(path);
    if (request.method === 'GET' && verification) {
      return send(response, 200, await operations.verifyAudit(actor, decodeURIComponent(verification[1]!)));
    }
    if (request.method === 'POST' && path === '/api/v1/cases:take-next') {
      return send(response, 200, TakeNextCaseResponse.toJSON(await operations.takeNextCase(actor)));
    }
    const action = /^\/api\/v1\/cases\/([^/]+)\/([a-z-]+)$/.exec(path);
    if (request.method === 'POST' && action && actions[action[2]!]) {
      const body = await readJson(request);
      return send(response, 200, await actions[action[2]!]!(actor, decodeURIComponent(action[1]!), body));
    }
    throw new OperationError('NOT_FOUND', 'NO_ROUTE', `no route ${request.method} ${path}`);
  };

  const listener: RequestListener = (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof OperationError) {
        send(response, HTTP_STATUS[error.status], {
          error: {
            status: error.status,
            reason: error.reason,
            message: error.message,
            ...(error.field ? { field: error.field } : {}),
          },
        });
        return;
      }
      options.logger.error({ err: error, url: request.url }, 'http call failed');
      send(response, 503, {
        error: {
          status: 'UNAVAILABLE',
          reason: 'INTERNAL',
          message: 'case-management could not complete the call; retry',
        },
      });
    });
  };
  const { tls } = options;
  const server: Server = tls
    ? createHttpsServer(
        {
          cert: readFileSync(tls.certFile),
          key: readFileSync(tls.keyFile),
          ...(tls.clientCaFile
            ? { ca: readFileSync(tls.clientCaFile), requestCert: true, rejectUnauthorized: true }
            : {}),
        },
        listener,
      )
    : createServer(listener);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function object(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json(;|$)/i.test(type)) {
    throw new OperationError('INVALID_ARGUMENT', 'JSON_REQUIRED', 'send the body as application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new OperationError('INVALID_ARGUMENT', 'BODY_TOO_LARGE', `the body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new OperationError('INVALID_ARGUMENT', 'JSON_INVALID', 'the body is not valid JSON');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
