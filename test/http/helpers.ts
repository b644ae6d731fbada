// Test client for the local HTTP server: starts the server in this test worker (against the stores of
// the global setup), issues dev tokens, and sends requests the way a frontend would.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '#domain/types.ts';
import { type LocalServer, startLocalServer } from '../../local/server.ts';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (no JSON encoding), e.g. CSV, invalid JSON, a huge payload. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export class Api {
  constructor(readonly baseUrl: string) {}

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
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
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

/** Starts one local server for the test file and returns a client bound to it. */
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

/** A unique slug for objects a test creates (rounds, units), so test files never collide. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const ANNUAL_TEST_QUOTAS = {
  province: { collective: 2, individual: 4 },
  district: { collective: 2, individual: 4 },
  commune: { collective: 12, individual: 8 },
};

/** Creates an open annual round (deadline in `days` days) through the admin API. */
export async function createOpenRound(
  api: Api,
  adminToken: string,
  options: {
    days?: number;
    year?: number;
    kind?: 'annual' | 'period';
    quotas?: typeof ANNUAL_TEST_QUOTAS;
  } = {},
) {
  const roundId = uniqueId('r');
  const deadline = new Date(Date.now() + (options.days ?? 30) * 86_400_000).toISOString();
  const kind = options.kind ?? 'annual';
  const res = await api.post('/rounds', {
    token: adminToken,
    body: {
      roundId,
      kind,
      ...(kind === 'annual' ? { year: options.year ?? 2025 } : { years: [2021, 2022, 2023, 2024, 2025] }),
      submissionDeadline: deadline,
      quotas: options.quotas ?? ANNUAL_TEST_QUOTAS,
    },
  });
  if (res.status !== 201) throw new Error(`round: ${res.status} ${res.text}`);
  return res.body as { roundId: string; submissionDeadline: string };
}

export const individualNominee = (unitId: string, fullName = `Nguyễn Văn ${randomUUID().slice(0, 6)}`) => ({
  unitId,
  fullName,
  dateOfBirth: '1985-04-12',
  gender: 'male',
  position: 'Chuyên viên',
  staffCategory: 'cong_chuc',
});
