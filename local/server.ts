// The local HTTP server: turns each Node request into the API Gateway (HTTP API, payload 2.0) event that
// AWS would send, with the JWT claims a JWT authorizer would add, and calls the same Lambda handler.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '#functions/pipeline/handler.ts';
import { langOf, PROBLEM_CONTENT_TYPE, problem } from '#functions/pipeline/problem.ts';
import { compileRoute, type RouteDef } from '#functions/pipeline/route.ts';
import type { LocalizedText } from '#domain/types.ts';
import { groupEntry, ROUTES } from '#functions/routes.ts';
import { verifyDevToken } from './dev-auth.ts';
import { httpApiEvent } from './http-api-event.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** API Gateway refuses payloads over 10 MB before any function runs. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

interface CompiledRoute {
  route: RouteDef;
  pattern: RegExp;
  names: string[];
}

export { compileRoute };

const TOO_LARGE: LocalizedText = {
  vi: 'Nội dung yêu cầu vượt quá 10 MB.',
  en: 'The request body exceeds 10 MB.',
};
const INTERNAL_ERROR: LocalizedText = {
  vi: 'Đã xảy ra lỗi không mong muốn. Vui lòng thử lại hoặc liên hệ quản trị viên với mã yêu cầu.',
  en: 'An unexpected error occurred. Please retry or contact the administrator with the request id.',
};

const handlers = new Map<string, Promise<LambdaHandler>>();
const handlerOf = (group: RouteDef['group']) => {
  let loaded = handlers.get(group);
  if (!loaded) {
    loaded = import(pathToFileURL(join(ROOT, groupEntry(group))).href).then(
      (m: { handler: LambdaHandler }) => m.handler,
    );
    handlers.set(group, loaded);
  }
  return loaded;
};

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The problems the server answers itself (as API Gateway would), shaped like every other problem. */
const ownProblem = (
  res: ServerResponse,
  code: 'PAYLOAD_TOO_LARGE' | 'INTERNAL',
  detail: LocalizedText,
  acceptLanguage: string | string[] | undefined,
) => {
  const instance = randomUUID();
  const body = problem(code, detail, langOf([acceptLanguage ?? ''].flat()[0]));
  res.writeHead(body.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': instance });
  res.end(JSON.stringify({ ...body, instance }));
};

export interface LocalServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startLocalServer(options: { port: number; host?: string }): Promise<LocalServer> {
  const compiled: CompiledRoute[] = ROUTES.map((route) => ({ route, ...compileRoute(route) }));

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      let path = url.pathname;
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const match = compiled.find((c) => c.route.method === method && c.pattern.test(path));
      const body = await readBody(req);
      if (body === 'too_large')
        return ownProblem(res, 'PAYLOAD_TOO_LARGE', TOO_LARGE, req.headers['accept-language']);
      const values = match?.pattern.exec(path)?.slice(1) ?? [];
      const pathParameters = Object.fromEntries(
        (match?.names ?? []).map((name, i) => {
          const raw = values[i] ?? '';
          try {
            return [name, decodeURIComponent(raw)];
          } catch {
            return [name, raw];
          }
        }),
      );
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      // No route takes the request: API Gateway sends it to the `$default` route, which the meta function
      // serves with a 404/405 problem.
      const claims =
        !match || match.route.auth === 'public' ? undefined : await verifyDevToken(headers.authorization);
      const requestId = randomUUID();
      const event = httpApiEvent({
        method,
        routePath: match?.route.path ?? path,
        routeKey: match ? undefined : '$default',
        url,
        pathParameters,
        headers,
        body,
        // A token the authorizer refused never reaches the function; locally the pipeline answers 401.
        claims: claims ?? (!match || match.route.auth === 'public' ? undefined : {}),
        requestId,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      }) as unknown as HttpEvent;
      const context = {
        awsRequestId: requestId,
        functionName: `local-${match?.route.group ?? 'meta'}`,
        getRemainingTimeInMillis: () => 30_000,
      } as unknown as Context;
      const handler = await handlerOf(match?.route.group ?? 'meta');
      const result = await handler(event, context);
      const responseBody =
        result.body === undefined
          ? undefined
          : result.isBase64Encoded
            ? Buffer.from(result.body, 'base64')
            : result.body;
      res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
      res.end(responseBody);
    } catch (error) {
      console.error('local server error', error);
      if (!res.headersSent) ownProblem(res, 'INTERNAL', INTERNAL_ERROR, req.headers['accept-language']);
      else res.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
