// Who is calling: read from the JWT claims that API Gateway's JWT authorizer (or, locally, the local
// server) has already verified. Claims are shaped like Cognito's: sub, cognito:groups, custom:unitId.

import { ROLES, type Role } from '#domain/types.ts';
import type { Actor } from '../store/audit.ts';

export interface Principal {
  sub: string;
  roles: readonly Role[];
  /** The unit of a unit_officer (claim custom:unitId). */
  unitId?: string | undefined;
}

/** API Gateway passes array claims as "[a b]"; Cognito ID tokens carry a JSON array. */
function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string') return [];
  const text = raw.trim();
  if (text.startsWith('[') && text.includes('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0) return undefined;
  const roles = parseGroups(claims['cognito:groups']).filter((g): g is Role =>
    (ROLES as readonly string[]).includes(g),
  );
  const unitId = claims['custom:unitId'];
  return { sub: claims.sub, roles, unitId: typeof unitId === 'string' && unitId ? unitId : undefined };
}

export const hasRole = (p: Principal, role: Role) => p.roles.includes(role);
/** Appraisers, approvers and admins read across units; a unit officer only within its unit. */
export const isProvinceWide = (p: Principal) =>
  p.roles.some((r) => r === 'appraiser' || r === 'approver' || r === 'admin');

/** The audit trail's actor for a change made by this caller in the given role (its first role otherwise). */
export const actorOf = (p: Principal | undefined, preferred?: Role): Actor => ({
  sub: p?.sub ?? 'system',
  role: preferred ?? p?.roles[0] ?? 'system',
});
