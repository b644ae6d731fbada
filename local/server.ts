// The local HTTP server: turns each Node request into the API Gateway (HTTP API, payload 2.0) event that
// AWS would send, with the JWT claims a JWT authorizer would add, and calls the same Lambda handler.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '#functions/pipeline/handler.ts';
import type { RouteDef } from '#functions/pipeline/route.ts';
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

/** An API Gateway path template as a regular expression with its parameter names. */
export const compileRoute = (route: Pick<RouteDef, 'path'>): { pattern: RegExp; names: string[] } => {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part);
      if (param?.[1]) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
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

const plainProblem = (res: ServerResponse, status: number, code: string, detail: string) => {
  res.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8' });
  res.end(JSON.stringify({ type: 'about:blank', title: code, status, detail, code }));
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
      const candidates = compiled.filter((c) => c.pattern.test(path));
      const match = candidates.find((c) => c.route.method === method);
      if (!match) {
        if (candidates.length > 0)
          return plainProblem(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`);
        return plainProblem(res, 404, 'NOT_FOUND', `No route ${method} ${path}`);
      }
      const body = await readBody(req);
      if (body === 'too_large') return plainProblem(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body over 10 MB');
      const values = match.pattern.exec(path)?.slice(1) ?? [];
      const pathParameters = Object.fromEntries(
        match.names.map((name, i) => {
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
      const claims = match.route.auth === 'public' ? undefined : await verifyDevToken(headers.authorization);
      const requestId = randomUUID();
      const event = httpApiEvent({
        method,
        routePath: match.route.path,
        url,
        pathParameters,
        headers,
        body,
        // A token the authorizer refused never reaches the function; locally the pipeline answers 401.
        claims: claims ?? (match.route.auth === 'public' ? undefined : {}),
        requestId,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      }) as unknown as HttpEvent;
      const context = {
        awsRequestId: requestId,
        functionName: `local-${match.route.group}`,
        getRemainingTimeInMillis: () => 30_000,
      } as unknown as Context;
      const handler = await handlerOf(match.route.group);
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
      if (!res.headersSent) plainProblem(res, 500, 'INTERNAL', 'Internal error');
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
