// The one middleware chain every HTTP function shares, and the factory that builds a group's Lambda
// handler from its route implementations:
//   request id + structured log → route → auth → body (size, type, JSON) → zod validation →
//   If-Match / Idempotency-Key → implementation → response; any error → problem+json.
// The chain is run as @middy/core runs it (before → handler, any error → onError, the handler raced
// against the function's remaining time), by the few lines of `lambdaHandler` below: @middy/core itself
// imports node:stream/web, node:stream/promises and node:timers for response streaming, which these
// functions never use, and loading them cost every cold start about 3 ms.

import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import {
  DomainError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
  VersionRequiredError,
} from '#domain/errors.ts';
import { ROLE_LABELS } from '#domain/labels.ts';
import type { Lang, Role } from '#domain/types.ts';
import { MAX_CSV_BODY_BYTES, MAX_JSON_BODY_BYTES } from '../config.ts';
import type { ImportFile } from '../lib/csv-import.ts';
import { logger } from '../lib/logger.ts';
import {
  beginIdempotency,
  IdempotencyRace,
  type IdempotencyScope,
  type StoredResponse,
  settleRace,
} from '../store/idempotency.ts';
import { StoreUnavailableError } from '../store/db.ts';
import { langOf, PROBLEM_CONTENT_TYPE, problem, type ProblemCode } from './problem.ts';
import { type Principal, principalFromClaims } from './principal.ts';
import {
  type BodyKind,
  type HttpMethod,
  IMPORT_CONTENT_TYPES,
  methodsOnPath,
  type RouteDef,
  routeKey,
  type SchemaOf,
  XLSX_MEDIA_TYPE,
} from './route.ts';
import { zodIssuesToItems } from './validation.ts';
import { zodErrorMap } from './zod-messages.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

type Out<M> = SchemaOf<M> extends z.ZodMiniType ? z.output<SchemaOf<M>> : undefined;

export interface Req<R extends RouteDef = RouteDef> {
  route: R;
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: R['bodyKind'] extends 'csv' ? ImportFile : Out<R['body']>;
  principal: R['auth'] extends 'public' ? Principal | undefined : Principal;
  lang: Lang;
  headers: Readonly<Record<string, string | undefined>>;
  /** The version named by If-Match (routes with ifMatch: true). */
  expectedVersion: R['ifMatch'] extends true ? number : undefined;
  /** Present when the caller sent an Idempotency-Key: repositories add its record to their transaction. */
  idempotency: IdempotencyScope | undefined;
  /** The server's clock, read once per request (R-DL-1: never the client's). */
  now: Date;
  requestId: string;
}

/** What an implementation answers: JSON by default, or a raw body (CSV, XLSX, HTML). */
export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; body: string | Buffer };
}

export type Impl<R extends RouteDef> = (req: Req<R>) => Promise<Reply>;

interface Binding {
  route: RouteDef;
  impl: Impl<RouteDef>;
}

/** Pairs a route of the table with its implementation, keeping the types of its schemas. */
export const on = <R extends RouteDef>(route: R, impl: Impl<R>): Binding => ({
  route,
  impl: impl as unknown as Impl<RouteDef>,
});

interface Internal {
  binding?: Binding;
  req?: Partial<Req>;
  started: number;
}
type HttpContext = Context & { commendation?: Internal };
interface Request {
  event: HttpEvent;
  context: HttpContext;
  response: HttpResult | undefined;
  error: Error | undefined;
}
interface Middleware {
  /** An answer returned here is the response: the implementation is not run (an idempotent replay). */
  before?: (request: Request) => Promise<HttpResult | undefined>;
  onError?: (request: Request) => Promise<void>;
}

const header = (event: HttpEvent, name: string) =>
  event.headers?.[name] ?? event.headers?.[name.toLowerCase()];

function problemResult(code: ProblemCode, status: number, body: unknown, requestId: string): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': requestId, 'cache-control': 'no-store' },
    body: JSON.stringify({ ...(body as object), instance: requestId, code }),
  };
}

const errorToProblem = (): Middleware => ({
  onError: async (request: Request) => {
    const lang = langOf(header(request.event, 'accept-language'));
    const requestId = request.context.awsRequestId ?? 'local';
    let error = request.error;
    if (error instanceof IdempotencyRace) {
      // A concurrent twin with the same key committed first: answer as it did (or 422 for another request).
      const settled = await settleRace(error);
      if (settled instanceof DomainError) error = settled;
      else if (settled) {
        request.response = replayOf(settled);
        return;
      }
    }
    if (error instanceof DomainError) {
      const body = problem(error.code, error.text, lang, error.items, error.details);
      logger.info('request refused', { code: error.code, status: body.status });
      request.response = problemResult(error.code, body.status, body, requestId);
      return;
    }
    if (error instanceof HttpRefusal) {
      const body = problem(error.code, error.text, lang);
      request.response = problemResult(error.code, body.status, body, requestId);
      request.response.headers = { ...request.response.headers, ...error.headers };
      return;
    }
    if (error instanceof StoreUnavailableError) {
      logger.error('store unavailable', { error: error.message });
      const body = problem('SERVICE_UNAVAILABLE', RETRY_LATER, lang);
      request.response = { ...problemResult('SERVICE_UNAVAILABLE', 503, body, requestId) };
      request.response.headers = { ...request.response.headers, 'retry-after': '5' };
      return;
    }
    logger.error('unhandled error', { error: error as Error });
    const body = problem('INTERNAL', INTERNAL_DETAIL, lang);
    request.response = problemResult('INTERNAL', 500, body, requestId);
  },
});

const RETRY_LATER = {
  vi: 'Cơ sở dữ liệu tạm thời không phản hồi; không có thay đổi nào được lưu. Vui lòng thử lại sau ít phút.',
  en: 'The database is not answering right now; nothing was changed. Please try again shortly.',
};
const INTERNAL_DETAIL = {
  vi: 'Đã xảy ra lỗi không mong muốn. Vui lòng thử lại hoặc liên hệ quản trị viên với mã yêu cầu.',
  en: 'An unexpected error occurred. Please retry or contact the administrator with the request id.',
};

/** Refusals that are about HTTP itself (no token, wrong role) rather than the domain. */
export class HttpRefusal extends Error {
  override readonly name = 'HttpRefusal';
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED',
    readonly text: { vi: string; en: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(text.en);
  }
}

/**
 * SPEC §8, R-I18N-1: a request no route takes (API Gateway's `$default` route, the local server alike) is
 * answered like every other error: 404 when no route has the path, 405 with `Allow` when only the method
 * is wrong.
 */
export function unmatchedRoute(routes: readonly RouteDef[], method: string, path: string): HttpRefusal {
  const allowed = methodsOnPath(routes, path);
  // Only a trailing slash kept the path from its route (API Gateway matches paths exactly).
  if (allowed.includes(method as HttpMethod) && path.endsWith('/')) {
    const bare = path.slice(0, -1);
    return new HttpRefusal('NOT_FOUND', {
      vi: `Không có chức năng nào ở đường dẫn ${path}; hãy gọi ${bare} (không có dấu / ở cuối).`,
      en: `There is nothing at ${path}; call ${bare} (without the trailing slash).`,
    });
  }
  if (allowed.length === 0) {
    return new HttpRefusal('NOT_FOUND', {
      vi: `Không có chức năng nào ở đường dẫn ${path}. Xem danh sách tại /docs.`,
      en: `There is nothing at ${path}. See /docs for the available routes.`,
    });
  }
  const list = allowed.join(', ');
  return new HttpRefusal(
    'METHOD_NOT_ALLOWED',
    {
      vi: `Đường dẫn ${path} không nhận phương thức ${method}; chỉ nhận: ${list}.`,
      en: `${path} does not take ${method}; it takes: ${list}.`,
    },
    { allow: list },
  );
}

const NO_TOKEN = {
  vi: 'Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization: Bearer <token>.',
  en: 'Authentication required: send a bearer token in the Authorization header.',
};
const forbidden = (roles: readonly Role[]) => ({
  vi: `Vai trò của bạn không được dùng chức năng này (chỉ dành cho: ${roles.map((r) => ROLE_LABELS[r].vi).join(', ')}).`,
  en: `Your role may not call this route (allowed: ${roles.map((r) => ROLE_LABELS[r].en).join(', ')}).`,
});
const NO_UNIT = {
  vi: 'Tài khoản cán bộ đơn vị chưa được gắn với đơn vị nào (custom:unitId).',
  en: 'This unit officer account has no unit (custom:unitId).',
};

/** A stored idempotent answer, replayed as it was first given. */
const replayOf = (stored: StoredResponse): HttpResult => ({
  statusCode: stored.statusCode,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'idempotent-replayed': 'true',
    'cache-control': 'no-store',
  },
  body: stored.body,
});

/** SPEC §8: an Idempotency-Key is 1–200 printable ASCII characters. */
export const isIdempotencyKey = (key: string) => /^[\x21-\x7e]{1,200}$/.test(key);

export function assertIdempotencyKey(key: string): void {
  if (isIdempotencyKey(key)) return;
  throw new ValidationError({ vi: 'Idempotency-Key không hợp lệ.', en: 'Invalid Idempotency-Key.' }, [
    {
      path: 'headers.idempotency-key',
      message: { vi: '1–200 ký tự ASCII in được', en: '1–200 printable ASCII characters' },
    },
  ]);
}

/** The version named by an If-Match header (quoted or not, weak or not); undefined when absent. */
export function parseIfMatch(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!match) {
    throw new ValidationError({ vi: 'If-Match không hợp lệ', en: 'Invalid If-Match header' }, [
      {
        path: 'headers.if-match',
        message: { vi: 'phải là số phiên bản, ví dụ "3"', en: 'must be a version number, e.g. "3"' },
      },
    ]);
  }
  return Number(match[1]);
}

/** How a route's body is read: its declared kind, else JSON when it has a body schema. */
export const bodyKindOf = (route: RouteDef): BodyKind => route.bodyKind ?? (route.body ? 'json' : 'none');
/** The media type of a Content-Type header: lower case, without parameters. */
export const mediaTypeOf = (header: string | undefined) =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
export const isJsonMediaType = (type: string) => type === 'application/json' || type.endsWith('+json');
export const isCsvMediaType = (type: string) => type === 'text/csv' || type === 'text/plain';
/** Whether an import route takes a body of this media type (route.ts IMPORT_CONTENT_TYPES). */
export const isImportMediaType = (route: RouteDef, type: string) =>
  (route.requestContentTypes ?? IMPORT_CONTENT_TYPES).includes(type);
/** The largest body a route of this kind takes. */
export const bodyLimitOf = (kind: BodyKind) => (kind === 'csv' ? MAX_CSV_BODY_BYTES : MAX_JSON_BODY_BYTES);

function readBody(route: RouteDef, event: HttpEvent): unknown {
  const kind = bodyKindOf(route);
  const raw = event.body ?? '';
  // API Gateway hands a binary body (an .xlsx workbook, a file not in UTF-8) over in base64.
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const limit = bodyLimitOf(kind);
  if (bytes.length > limit) {
    throw new PayloadTooLargeError({
      vi: `Nội dung yêu cầu vượt quá ${Math.round(limit / 1024)} KB.`,
      en: `The request body exceeds ${Math.round(limit / 1024)} KB.`,
    });
  }
  if (kind === 'none') return undefined;
  const contentType = mediaTypeOf(header(event, 'content-type'));
  if (kind === 'csv') {
    if (!isImportMediaType(route, contentType)) {
      throw new UnsupportedMediaTypeError({
        vi: `Tệp nhập phải có Content-Type: text/csv hoặc ${XLSX_MEDIA_TYPE}.`,
        en: `The import must be sent as Content-Type: text/csv or ${XLSX_MEDIA_TYPE}.`,
      });
    }
    // The bytes as sent: the import decodes them, and refuses a file that is not UTF-8 (csv-import.ts).
    return { bytes, mediaType: contentType } satisfies ImportFile;
  }
  const text = event.isBase64Encoded ? bytes.toString('utf8') : raw;
  if (text.length === 0) return {};
  if (!isJsonMediaType(contentType)) {
    throw new UnsupportedMediaTypeError({
      vi: 'Nội dung phải là JSON (Content-Type: application/json).',
      en: 'The body must be JSON (Content-Type: application/json).',
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError({ vi: 'Nội dung không phải JSON hợp lệ.', en: 'The body is not valid JSON.' }, [
      { path: 'body', message: { vi: 'JSON không hợp lệ', en: 'invalid JSON' } },
    ]);
  }
}

function validate(schema: z.ZodMiniType | undefined, input: unknown, where: string, lang: Lang): unknown {
  if (!schema) return undefined;
  // reportInput: an issue keeps what was sent, so a message can tell a missing field from a wrong one.
  const result = schema.safeParse(input, { error: zodErrorMap(lang), reportInput: true });
  if (result.success) return result.data;
  throw new ValidationError(
    { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request is not valid.' },
    zodIssuesToItems(result.error.issues, where),
  );
}

export interface HandlerOptions {
  /** The route table, when this function also answers API Gateway's `$default` route (404/405). */
  unmatched?: readonly RouteDef[];
}

const pipeline = (bindings: readonly Binding[], options: HandlerOptions): Middleware => {
  const byKey = new Map(bindings.map((b) => [routeKey(b.route), b]));
  return {
    before: async (request: Request) => {
      const { event, context } = request;
      const requestId = context.awsRequestId ?? event.requestContext?.requestId ?? 'local';
      const lang = langOf(header(event, 'accept-language'));
      logger.appendKeys({ requestId, routeKey: event.routeKey });
      if (event.routeKey === '$default' && options.unmatched) {
        const http = event.requestContext?.http;
        throw unmatchedRoute(options.unmatched, http?.method ?? 'GET', event.rawPath ?? http?.path ?? '/');
      }
      const binding = byKey.get(event.routeKey);
      if (!binding) throw new Error(`No implementation for route ${event.routeKey}`);
      const { route } = binding;

      // auth: API Gateway (or the local server) verified the token; here we read it and check the role.
      const principal = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
      if (route.auth !== 'public') {
        if (!principal) throw new HttpRefusal('UNAUTHENTICATED', NO_TOKEN);
        const allowed = route.auth;
        if (!principal.roles.some((r) => allowed.includes(r)))
          throw new HttpRefusal('FORBIDDEN', forbidden(allowed));
        if (principal.roles.length === 1 && principal.roles[0] === 'unit_officer' && !principal.unitId)
          throw new HttpRefusal('FORBIDDEN', NO_UNIT);
      }

      const rawBody = readBody(route, event);
      const params = validate(route.params?.(), event.pathParameters ?? {}, 'params', lang);
      const query = validate(route.query?.(), event.queryStringParameters ?? {}, 'query', lang);
      const body = route.bodyKind === 'csv' ? rawBody : validate(route.body?.(), rawBody ?? {}, 'body', lang);

      let expectedVersion: number | undefined;
      if (route.ifMatch) {
        expectedVersion = parseIfMatch(header(event, 'if-match'));
        if (expectedVersion === undefined) {
          throw new VersionRequiredError({
            vi: 'Thiếu tiêu đề If-Match: gửi số phiên bản (version) của đối tượng đang sửa.',
            en: 'If-Match is required: send the version of the object you are changing.',
          });
        }
      }

      const now = new Date();
      const key = header(event, 'idempotency-key');
      let idempotency: IdempotencyScope | undefined;
      if (route.idempotent && key !== undefined && principal) {
        assertIdempotencyKey(key);
        const started = await beginIdempotency({
          subject: principal.sub,
          key,
          operation: routeKey(route),
          params,
          body: rawBody,
          now,
        });
        if (started.replay) return replayOf(started.replay);
        idempotency = started.scope;
      }

      const req: Req = {
        route,
        params: params as never,
        query: query as never,
        body: body as never,
        principal: principal as never,
        lang,
        headers: event.headers ?? {},
        expectedVersion: expectedVersion as never,
        idempotency,
        now,
        requestId,
      };
      context.commendation = { binding, req, started: Date.now() };
      return undefined;
    },
  };
};

export function toResult(reply: Reply, defaultStatus: number, requestId: string): HttpResult {
  const headers: Record<string, string> = {
    'x-request-id': requestId,
    'cache-control': 'no-store',
    ...reply.headers,
  };
  if (reply.raw) {
    const isBinary = Buffer.isBuffer(reply.raw.body);
    return {
      statusCode: reply.status ?? defaultStatus,
      headers: { 'content-type': reply.raw.contentType, ...headers },
      body: isBinary ? (reply.raw.body as Buffer).toString('base64') : (reply.raw.body as string),
      isBase64Encoded: isBinary,
    };
  }
  const status = reply.status ?? defaultStatus;
  if (reply.body === undefined || status === 204) return { statusCode: status, headers };
  const body = reply.body as { version?: unknown };
  if (typeof body === 'object' && body !== null && typeof body.version === 'number') {
    headers.etag = `"${body.version}"`;
  }
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(reply.body),
  };
}

/** As @middy/core's `timeoutEarlyInMillis`: a request still running this close to the function's timeout… */
const TIMEOUT_EARLY_MS = 5;
/** …is answered with this error (a 500 problem, logged) rather than cut off by Lambda without an answer. */
const timeoutError = () =>
  Object.assign(new Error('[AbortError]: The operation was aborted.'), { name: 'TimeoutError' });

/** Builds the Lambda handler of one function group from its route implementations. */
export function lambdaHandler(bindings: readonly Binding[], options: HandlerOptions = {}) {
  const steps = pipeline(bindings, options);
  const failure = errorToProblem();
  const run = async (context: HttpContext): Promise<HttpResult> => {
    const internal = context.commendation;
    if (!internal?.binding || !internal.req) throw new Error('pipeline did not run');
    const req = internal.req as Req;
    const reply = await internal.binding.impl(req);
    const status = reply.status ?? internal.binding.route.successStatus ?? 200;
    if (req.idempotency) await req.idempotency.complete(status, reply.body);
    const result = toResult(reply, status, req.requestId);
    logger.info('request served', { status: result.statusCode, ms: Date.now() - internal.started });
    return result;
  };
  // As middy: a missing event or context is an empty one.
  return async (event = {} as HttpEvent, context = {} as Context): Promise<HttpResult> => {
    const request: Request = { event, context, response: undefined, error: undefined };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const early = await steps.before?.(request);
      if (early !== undefined) request.response = early;
      else {
        const served = run(context);
        // Without a Lambda context's clock (some tests), no race.
        request.response = context.getRemainingTimeInMillis
          ? await Promise.race([
              served,
              new Promise<never>((_, reject) => {
                timer = setTimeout(
                  () => reject(timeoutError()),
                  context.getRemainingTimeInMillis() - TIMEOUT_EARLY_MS,
                );
              }),
            ])
          : await served;
        clearTimeout(timer);
      }
    } catch (error) {
      clearTimeout(timer);
      request.response = undefined;
      request.error = error as Error;
      try {
        await failure.onError?.(request);
      } catch (unhandled) {
        Object.assign(unhandled as Error, { originalError: request.error });
        throw unhandled;
      }
      if (request.response === undefined) throw request.error;
    }
    return request.response;
  };
}

export { problemResult };
