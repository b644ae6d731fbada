// Clients for the local HTTP server (local/server.ts), which runs the Lambda handlers in-process against the
// stores of the global setup:
// - `Api` sends JSON the way a frontend would and issues dev tokens (`useLocalApi` starts one server per
//   test file);
// - `send` / `sendJson` send exactly the bytes given (Buffers, Latin-1 header values, percent-encoded paths),
//   for the robustness suites.
// Every response either client receives is checked against /openapi.json (test/support/contract.ts).
// Also which routes of the table have an implementation, and the repository root.

import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '#domain/types.ts';
import type { RouteDef } from '#functions/pipeline/route.ts';
import { groupEntry } from '#functions/routes.ts';
import { type LocalServer, startLocalServer } from '../../local/server.ts';
import { checkResponse } from './contract.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------------------------------------
// JSON client

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The body decoded as UTF-8 (a BOM dropped, as fetch's text() does). */
  text: string;
  /** The body's bytes as received (a BOM kept; XLSX as is). */
  bytes: Buffer;
  /** Whether a Lambda result carried the body as base64 (clients that invoke a handler directly). */
  isBase64Encoded?: boolean;
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (no JSON encoding), e.g. CSV, invalid JSON, a huge payload. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** One request and its answer, before the answer is checked and parsed. */
export interface Exchange {
  status: number;
  headers: Headers;
  bytes: Buffer;
  isBase64Encoded?: boolean;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  /** How the request travels: HTTP to the local server here; subclasses may carry it otherwise. */
  protected async exchange(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
  ): Promise<Exchange> {
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  /** Sends the request and checks the answer against /openapi.json whatever carried it. */
  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const answer = await this.exchange(method, path, headers, body);
    const { status, headers: responseHeaders, bytes } = answer;
    const text = new TextDecoder().decode(bytes);
    const contentType = responseHeaders.get('content-type') ?? '';
    checkResponse({ method, path, status, contentType, text });
    let parsed: unknown = text;
    if (contentType.includes('json') && text) parsed = JSON.parse(text);
    return {
      status,
      headers: responseHeaders,
      body: parsed as T,
      text,
      bytes,
      ...(answer.isBase64Encoded === undefined ? {} : { isBase64Encoded: answer.isBase64Encoded }),
    };
  }

  get = <T = any>(path: string, o?: RequestOptions) => this.request<T>('GET', path, o);
  post = <T = any>(path: string, o?: RequestOptions) => this.request<T>('POST', path, o);
  put = <T = any>(path: string, o?: RequestOptions) => this.request<T>('PUT', path, o);
  patch = <T = any>(path: string, o?: RequestOptions) => this.request<T>('PATCH', path, o);
  delete = <T = any>(path: string, o?: RequestOptions) => this.request<T>('DELETE', path, o);

  async token(role: Role, unitId?: string): Promise<string> {
    const res = await this.post('/dev/token', { body: { role, ...(unitId ? { unitId } : {}) } });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${res.text}`);
    return res.body.token;
  }
}

/**
 * Starts one local server for the test file and returns a client bound to it. The server loads each group's
 * handler (which reads the configuration) at its first request.
 */
export function useLocalApi(): { api: () => Api } {
  let server: LocalServer | undefined;
  let api: Api | undefined;
  beforeAll(async () => {
    server = await startLocalServer({ port: 0 });
    api = new Api(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    api: () => {
      if (!api) throw new Error('server not started');
      return api;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Raw client

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON when the response says it is JSON, else undefined. */
  json: any;
}

export interface RawRequest {
  method: string;
  /** Already encoded: sent on the request line as is. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string | undefined;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One HTTP/1.1 request with exactly these bytes; never throws for an HTTP status. */
export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body =
    req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers: Record<string, string | number> = { ...req.headers };
  if (body !== undefined) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    const r = request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const type = String(res.headers['content-type'] ?? '');
          const status = res.statusCode ?? 0;
          try {
            checkResponse({ method: req.method, path: req.path, status, contentType: type, text });
          } catch (violation) {
            reject(violation);
            return;
          }
          let json: unknown;
          if (type.includes('json') && text) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** JSON convenience on top of `send`. */
export async function sendJson(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  return send(baseUrl, { method, path, headers, body });
}

// ---------------------------------------------------------------------------------------------------------
// Routes

/** Whether a route is implemented: its group's handler file exists and binds it (`routes.<id>`). */
export function isImplemented(route: RouteDef): boolean {
  const file = join(ROOT, groupEntry(route.group));
  if (!existsSync(file)) return false;
  return readFileSync(file, 'utf8').includes(`routes.${route.id}`);
}
