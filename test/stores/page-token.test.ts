// Page tokens (SPEC §8, edition 2) on their own: sealed for one query, opened only by it, unreadable, and
// refused (400 at query.nextToken) once modified, truncated or used for another query. The key comes from
// PAGE_TOKEN_SECRET, which the test setup sets for this worker.

import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { openToken, sealToken } from '#functions/store/page-token.ts';

const QUERY = JSON.stringify(['query', 'gsi2', 'ROUNDDOSSIERS#annual-2025', null, false, null]);
const STATE = {
  pk: 'DOSSIER#0b7c1a52-5d1e-4c55-9d0a-6f2a9c3e1d77',
  sk: 'DOSSIER',
  gsi2sk: 'draft#so-noi-vu#0b7c1a52-5d1e-4c55-9d0a-6f2a9c3e1d77',
};

/** What a caller may try to read a token with. */
const decodings = (token: string) => {
  const bytes = [Buffer.from(token, 'base64url'), Buffer.from(token, 'base64')];
  return [token, ...bytes.flatMap((b) => [b.toString('utf8'), b.toString('latin1'), b.toString('hex')])];
};

const expectRefused = (open: () => unknown) => {
  let error: unknown;
  try {
    open();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).items).toEqual([
    { path: 'query.nextToken', message: { vi: 'không hợp lệ', en: 'invalid' } },
  ]);
};

const flip = (token: string, at: number) => {
  const bytes = Buffer.from(token, 'base64url');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
};

describe('SPEC §8 (edition 2): page tokens are opaque and tamper-evident', () => {
  it('SPEC §8: a token opens again for the query it was sealed for, to the same state', () => {
    expect(openToken(QUERY, sealToken(QUERY, STATE))).toEqual(STATE);
  });

  it('SPEC §8: a token reveals none of the ids, keys or statuses it carries, however decoded', () => {
    const token = sealToken(QUERY, STATE);
    for (const text of decodings(token)) {
      for (const secret of ['0b7c1a52', 'DOSSIER', 'draft', 'so-noi-vu', 'gsi2sk', 'annual-2025'])
        expect(text).not.toContain(secret);
    }
  });

  it('SPEC §8: two tokens of the same state differ, and small states give tokens of one length', () => {
    const a = sealToken(QUERY, STATE);
    expect(sealToken(QUERY, STATE)).not.toBe(a);
    expect(sealToken(QUERY, { sk: 'a' }).length).toBe(sealToken(QUERY, { sk: 'a'.repeat(40) }).length);
  });

  it('VALIDATION_FAILED: a flipped byte anywhere in a token is refused', () => {
    const token = sealToken(QUERY, STATE);
    const length = Buffer.from(token, 'base64url').length;
    for (let at = 0; at < length; at++) expectRefused(() => openToken(QUERY, flip(token, at)));
  });

  it('VALIDATION_FAILED: a truncated or extended token is refused', () => {
    const token = sealToken(QUERY, STATE);
    const bytes = Buffer.from(token, 'base64url');
    for (const cut of [1, 16, bytes.length - 1])
      expectRefused(() => openToken(QUERY, bytes.subarray(0, cut).toString('base64url')));
    expectRefused(() => openToken(QUERY, Buffer.concat([bytes, Buffer.of(0)]).toString('base64url')));
    expectRefused(() => openToken(QUERY, token.slice(0, -2)));
  });

  it('VALIDATION_FAILED: a token of another query or partition is refused', () => {
    const token = sealToken(QUERY, STATE);
    const other = QUERY.replace('annual-2025', 'annual-2024');
    expectRefused(() => openToken(other, token));
    expectRefused(() => openToken(JSON.stringify(['query', 'gsi1', 'UNITS', null, false, null]), token));
  });

  it('VALIDATION_FAILED: what is not a token at all is refused', () => {
    const forged = Buffer.from(JSON.stringify(STATE)).toString('base64url');
    for (const junk of ['', 'x', '%%%', 'not-base64-json', forged, 'A'.repeat(200)])
      expectRefused(() => openToken(QUERY, junk));
  });
});
