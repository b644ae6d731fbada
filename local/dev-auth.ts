// Development tokens for the local server: HS256 JWTs shaped like Cognito ID tokens (sub,
// cognito:groups, custom:unitId). In AWS, API Gateway's JWT authorizer verifies Cognito's tokens instead.

import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Role } from '#domain/types.ts';

const ISSUER = 'commendation-local-dev';
const LIFETIME_SECONDS = 12 * 60 * 60;

let secret: Uint8Array = randomBytes(32);

/** The local server sets a key kept under .local/ so tokens survive restarts; tests use a random one. */
export function configureDevAuth(key: Uint8Array): void {
  secret = key;
}

export async function issueDevToken(args: {
  role: Role;
  unitId?: string | undefined;
  sub: string;
  now: Date;
}) {
  const iat = Math.floor(args.now.getTime() / 1000);
  const token = await new SignJWT({
    'cognito:groups': [args.role],
    ...(args.unitId ? { 'custom:unitId': args.unitId } : {}),
    token_use: 'id',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(args.sub)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME_SECONDS)
    .sign(secret);
  return { token, expiresAt: new Date((iat + LIFETIME_SECONDS) * 1000).toISOString() };
}

/** The verified claims, or undefined for a missing, forged or expired token. */
export async function verifyDevToken(
  authorization: string | undefined,
): Promise<Record<string, unknown> | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  try {
    const { payload } = await jwtVerify(match[1], secret, { issuer: ISSUER, algorithms: ['HS256'] });
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
