// The audit trail of one entity, readable by whoever may read the entity's unit (SPEC §6).
// For a unit officer, the trail of another unit's entity does not exist (404), like the entity itself.

import { renderText } from '#domain/texts.ts';
import type { Lang } from '#domain/types.ts';
import { NotFoundError } from '#domain/errors.ts';
import { maskCitizenId } from '#domain/nominee.ts';
import { canRead } from '#domain/units.ts';
import * as routes from '../routes/audit.ts';
import { type AuditRecord, listAudit } from '../store/audit.ts';
import { documentOwnerOf } from '../store/documents.ts';
import { dossierIdOf, loadDossier } from '../store/dossiers.ts';
import { UnitDirectory } from '../store/units.ts';
import { mayRead } from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { hasRole, isProvinceWide, type Principal } from '../pipeline/principal.ts';

/**
 * R-DOS-4: snapshots in the trail show a citizen id as the nomination itself does: whole to appraisers and
 * to the unit the record belongs to (the proposing unit), masked to everyone else. The nominee keys, a
 * storage detail that embeds the citizen id, never leave.
 */
function present(record: AuditRecord, principal: Principal, lang: Lang) {
  const whole =
    hasRole(principal, 'appraiser') ||
    (hasRole(principal, 'unit_officer') && record.unitId !== undefined && principal.unitId === record.unitId);
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'nomineeKey' || key === 'nomineeKeys') continue;
      out[key] =
        key === 'citizenId' && typeof inner === 'string' && !whole ? maskCitizenId(inner) : clean(inner);
    }
    return out;
  };
  const { reason, ...rest } = record;
  const text = renderText(reason, lang);
  return {
    ...rest,
    before: clean(record.before),
    after: clean(record.after),
    ...(text ? { reason: text } : {}),
  };
}

const DOSSIER_ENTITIES = new Set(['dossier', 'nomination', 'document']);

const notFound = () => new NotFoundError({ vi: 'Không tìm thấy nhật ký.', en: 'No audit trail found.' });

const listAuditRoute: Impl<typeof routes.listAudit> = async ({ query, principal, lang }) => {
  const page = await listAudit(query.entityId, query.limit, query.nextToken);
  if (isProvinceWide(principal)) {
    // Reviewers see a dossier, its nominations and documents only once submitted: so too their trail.
    // Movement reports and their documents they read whatever their status (R-REP-1).
    const first = page.items[0];
    if (first && !hasRole(principal, 'admin') && DOSSIER_ENTITIES.has(first.entityType)) {
      const owner =
        first.entityType === 'document'
          ? await documentOwnerOf(first.entityId)
          : first.entityType === 'nomination'
            ? await dossierIdOf(first.entityId, 'nomination').then((id) =>
                id ? { kind: 'dossier' as const, dossierId: id } : undefined,
              )
            : { kind: 'dossier' as const, dossierId: first.entityId };
      if (owner?.kind !== 'movement_report') {
        const bundle = owner ? await loadDossier(owner.dossierId) : undefined;
        if (!bundle || !(await mayRead(principal, bundle.dossier, new UnitDirectory()))) throw notFound();
      }
    }
    return { body: { ...page, items: page.items.map((r) => present(r, principal, lang)) } };
  }
  const own = principal.unitId;
  if (!own) throw notFound();
  const units = new UnitDirectory();
  const items = [];
  for (const record of page.items) {
    if (!record.unitId) continue;
    await units.load(record.unitId, own);
    if (canRead({ principalUnitId: own, objectUnitId: record.unitId, lookup: units.lookup }))
      items.push(present(record, principal, lang));
  }
  if (items.length === 0 && !query.nextToken) throw notFound();
  return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
};

export const handler = lambdaHandler([on(routes.listAudit, listAuditRoute)]);
