// Pagination tokens (SPEC §8, edition 2): opaque and tamper-evident. A token is where a list stopped (a
// DynamoDB start key, or the cursors of a merged list) sealed with AES-256-GCM under the deployment's key,
// with the query it belongs to as additional authenticated data. It reveals no id, key or status of the
// page it follows (only a ciphertext whose length is padded), and a token that was modified, truncated or
// issued for another query or partition fails authentication: a 400 at query.nextToken, never a start key
// the caller chose.
//
// The key is derived (HKDF-SHA-256) from PAGE_TOKEN_SECRET, read once at cold start by config.ts: a random
// file under .local/ for `npm start`, a value of the test setup, a Secrets Manager secret in AWS (stack).
// Changing it invalidates the tokens already handed out (a client then starts its list again).

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ValidationError } from '#domain/errors.ts';
import { PAGE_TOKEN_SECRET } from '../config.ts';

/** The first byte of every token: the format (and key) it was sealed with. */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Plaintexts are padded to a multiple of this, so a token's length says little about its content. */
const PAD_TO = 64;

const key = PAGE_TOKEN_SECRET
  ? Buffer.from(hkdfSync('sha256', PAGE_TOKEN_SECRET, 'commendation', 'page token v1', 32))
  : undefined;

const keyOrFail = (): Buffer => {
  if (!key) throw new Error('PAGE_TOKEN_SECRET is not configured: lists cannot hand out page tokens');
  return key;
};

export const invalidToken = () =>
  new ValidationError({ vi: 'nextToken không hợp lệ.', en: 'Invalid nextToken.' }, [
    { path: 'query.nextToken', message: { vi: 'không hợp lệ', en: 'invalid' } },
  ]);

const aad = (query: string) => Buffer.from(`${FORMAT}|${query}`, 'utf8');

/** Seals `state` (JSON) for the query described by `query`; only the same query opens it again. */
export function sealToken(query: string, state: unknown): string {
  const json = JSON.stringify(state);
  // JSON.parse ignores trailing white space: padding with spaces needs no length field.
  const padded = json.padEnd(Math.ceil((Buffer.byteLength(json) + 1) / PAD_TO) * PAD_TO, ' ');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOrFail(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(query));
  const sealed = Buffer.concat([cipher.update(padded, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT), iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/**
 * The state a token of this query stands for. Anything else — not base64url, another format, too short,
 * a flipped bit, a token of another query or sealed under another key — is a 400 at query.nextToken.
 */
export function openToken(query: string, token: string): unknown {
  const bytes = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
  if (bytes.length < 1 + IV_BYTES + PAD_TO + TAG_BYTES || bytes[0] !== FORMAT) throw invalidToken();
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const sealed = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  const secret = keyOrFail();
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(query));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    return JSON.parse(plain);
  } catch {
    throw invalidToken();
  }
}
