// What refusals look like (SPEC §8, §10): application/problem+json (RFC 9457) with a stable code, never a
// 5xx on bad input, never internals in a body.

import { expect } from 'vitest';
import type { ApiResponse, RawResponse } from './client.ts';

/** Text that would betray internals: a stack frame, a source path, a Node error class. */
const LEAK = /\bat\s+\S+\s+\(|\bat\s+file:|node_modules|\.ts:\d+|\.js:\d+|TypeError|ReferenceError|\bstack\b/;

/** SPEC §8, §10: never a 5xx on bad input, never internals in a body. */
export function expectNoLeak(res: ApiResponse): void {
  expect(res.status, res.text).toBeLessThan(500);
  expect(res.text, 'body leaks internals').not.toMatch(LEAK);
}

/** An application/problem+json answer (RFC 9457) with the given status and stable code. */
export function expectProblem(res: ApiResponse, status: number, code: string): void {
  expectNoLeak(res);
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type') ?? '').toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code });
  expect(typeof res.body.type).toBe('string');
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

/** A VALIDATION_FAILED problem naming `path` (exactly, or as a prefix) among its errors. */
export function expectInvalid(res: ApiResponse, path: string | RegExp): void {
  expectProblem(res, 400, 'VALIDATION_FAILED');
  const paths: string[] = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  for (const e of res.body.errors ?? []) expect(typeof e.message).toBe('string');
  if (typeof path === 'string') expect(paths, res.text).toContain(path);
  else
    expect(
      paths.some((p) => path.test(p)),
      `${path} in ${JSON.stringify(paths)}`,
    ).toBe(true);
}

const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+|Error:/;

/**
 * For the robustness suites, as a message rather than an assertion (so a run can collect them): what every
 * answer must satisfy — no 5xx but a clean 503, and each 4xx/5xx a problem+json with a code.
 */
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
