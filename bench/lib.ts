// Small tools shared by the benchmark parts: statistics, an HTTP client with its own connection pool,
// child processes tracked by PID, and the rows of the one table `npm run bench` prints.

import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** Nearest-rank quantile (p99 of 200 samples is the 198th smallest). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export interface Reply {
  status: number;
  json: any;
  text: string;
}

/** A JSON client for the local API; `sockets` bounds the connections it keeps open. */
export function apiClient(baseUrl: string, sockets = 8) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const call = (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const r = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: {
            ...headers,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, json, text });
          });
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      r.end(payload);
    });
  return {
    call,
    /** Fails loudly on an unexpected status: setup steps must work. */
    async must(
      expected: number,
      method: string,
      path: string,
      token?: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) {
      const res = await call(method, path, token, body, headers);
      if (res.status !== expected)
        throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
      return res.json;
    },
    close: () => agent.destroy(),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** Runs `fn` over `items` with at most `limit` at once. */
export async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

/** Runs a TypeScript file of this repository in a fresh Node process (tsx) and returns its stdout. */
export function runTsx(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<string> {
  return runNode(['--import', 'tsx', join(ROOT, script), ...args], env);
}

/** A fresh Node process; resolves with its stdout, rejects with its stderr on a non-zero exit. */
export function runNode(args: readonly string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`node ${args.join(' ')} exited ${code}\n${err.slice(-2000)}`)),
    );
  });
}

/** The environment a child starts from: no AWS profile or session of the shell, no inherited loaders. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('AWS_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return {
    ...env,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

// ---- the one table ----

export interface Row {
  part: string;
  what: string;
  value: string;
  baseline?: string;
  ratio?: string;
  target: string;
  /** true: target met; false: missed; undefined: informative only. */
  ok?: boolean | undefined;
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const times = (x: number) => `${x.toFixed(2)}×`;

export function renderTable(rows: readonly Row[]): string {
  const header = ['part', 'measure', 'value', 'baseline', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.part,
    r.what,
    r.value,
    r.baseline ?? '',
    r.ratio ?? '',
    r.target,
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
