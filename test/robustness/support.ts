// Shared by the robustness suites: a raw HTTP client that sends bytes as given (Buffers, Latin-1 header
// values, percent-encoded paths), a check that a route's implementation exists yet, problem+json
// assertions, and table snapshots through a raw DynamoDB client.

import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../../local/stores.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
          let json: unknown;
          if (type.includes('json') && text) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
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

const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+|Error:/;

/** What every answer must satisfy: no 5xx but a clean 503, and each 4xx/5xx a problem+json with a code. */
export function problemFailure(res: RawResponse, allow503 = false): string | undefined {
  if (res.status >= 500 && !(allow503 && res.status === 503))
    return `status ${res.status}: ${res.text.slice(0, 300)}`;
  if (STACK_TRACE.test(res.text) && res.status >= 400) return `stack trace leaked: ${res.text.slice(0, 300)}`;
  if (res.status >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) return `${res.status} with content-type "${type}"`;
    const code = res.json?.code;
    if (typeof code !== 'string' || code.length === 0)
      return `${res.status} problem without a code: ${res.text}`;
    if (res.json?.status !== res.status) return `problem.status ${res.json?.status} ≠ ${res.status}`;
    if (res.status === 503 && code !== 'SERVICE_UNAVAILABLE') return `503 with code ${code}`;
  }
  return undefined;
}

export type Snapshot = Map<string, string>;

/** Every item of a table, keyed by pk|sk, through a raw client (not the code under test). */
export async function snapshotTable(
  endpoint: string,
  tableName: string,
  keep: (item: Record<string, unknown>) => boolean = () => true,
): Promise<Snapshot> {
  const client = localDynamoClient(endpoint);
  const doc = DynamoDBDocumentClient.from(client);
  const out: Snapshot = new Map();
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        if (keep(item)) out.set(`${item.pk}|${item.sk}`, JSON.stringify(item));
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  return out;
}

/** Items added, removed or changed between two snapshots (at most `max` of them, for a readable failure). */
export function diffSnapshots(before: Snapshot, after: Snapshot, max = 10): string[] {
  const out: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) out.push(`added ${key}: ${value.slice(0, 200)}`);
    else if (before.get(key) !== value) out.push(`changed ${key}: ${value.slice(0, 200)}`);
  }
  for (const key of before.keys()) if (!after.has(key)) out.push(`removed ${key}`);
  return out.slice(0, max);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Child {
  readonly pid: number;
  /** Every line the process printed (stdout and stderr), for failure messages. */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  /** Resolves with the first line matching `pattern` (already printed or to come). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Signals the PID and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A TypeScript script of this repository in a Node process of its own (through tsx), with exactly the
 * environment given on top of the parent's AWS-free basics. Tracked and stopped by PID only.
 */
export function spawnTsx(script: string, args: readonly string[], env: Record<string, string>): Child {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k.startsWith('AWS_')) continue;
    base[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: {
      ...base,
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 2000) lines.splice(0, 1000);
    for (const w of [...waiters]) {
      const m = w.pattern.exec(line);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  child.channel?.unref();
  return {
    pid,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 90_000) {
      for (const line of lines) {
        const m = pattern.exec(line);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script}: no line matching ${pattern}\n${lines.slice(-30).join('\n')}`)),
          timeoutMs,
        );
        void exited.then((code) =>
          setTimeout(
            () => reject(new Error(`${script} exited (${code})\n${lines.slice(-30).join('\n')}`)),
            50,
          ),
        );
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    async kill(signal = 'SIGTERM') {
      if (done) return;
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
      await exited;
    },
  };
}
