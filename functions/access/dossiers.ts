// Who may see and change which dossier, and how dossiers and nominations are shown. Shared by the
// dossier, nomination, document, appraisal and award routes. Another unit's object is always 404
// (never reveal that it exists).

import { roundYears } from '#domain/campaign.ts';
import { evaluateEligibility, yearsBeforeFormation } from '#domain/eligibility.ts';
import { currentDocumentIds } from '#domain/evidence.ts';
import { renderText } from '#domain/texts.ts';
import { seenByReviewers } from '#domain/lifecycle.ts';
import { maskCitizenId } from '#domain/nominee.ts';
import type { Eligibility, Lang } from '#domain/types.ts';
import { canRead } from '#domain/units.ts';
import {
  type DocumentRecord,
  type DossierBundle,
  type DossierRecord,
  dossierIdOf,
  dossierNotFound,
  loadDossier,
  type NominationRecord,
  nominationNotFound,
  type RefKind,
} from '../store/dossiers.ts';
import { type CampaignRecord, type RoundRecord, requireRound } from '../store/rounds.ts';
import { UnitDirectory } from '../store/units.ts';
import { hasRole, isProvinceWide, type Principal } from '../pipeline/principal.ts';

export async function mayRead(
  principal: Principal,
  dossier: DossierRecord,
  units: UnitDirectory,
): Promise<boolean> {
  if (hasRole(principal, 'admin')) return true;
  // Admins see every dossier; appraisers and approvers those that were submitted.
  if (isProvinceWide(principal) && seenByReviewers(dossier)) return true;
  if (hasRole(principal, 'unit_officer') && principal.unitId) {
    await units.load(dossier.unitId, principal.unitId);
    return canRead({ principalUnitId: principal.unitId, objectUnitId: dossier.unitId, lookup: units.lookup });
  }
  return false;
}

/** Only the proposing unit's own officers change a dossier. */
export const mayWrite = (principal: Principal, dossier: DossierRecord) =>
  hasRole(principal, 'unit_officer') && principal.unitId === dossier.unitId;

export interface DossierContext extends DossierBundle {
  round: RoundRecord;
  campaign: CampaignRecord;
  units: UnitDirectory;
}

/**
 * The round, its campaign and the unit chains a dossier's routes need (the proposing unit's, and each
 * nominee's for eligibility), read side by side.
 */
async function withContext(bundle: DossierBundle, units = new UnitDirectory()): Promise<DossierContext> {
  const [{ round, campaign }] = await Promise.all([
    requireRound(bundle.dossier.roundId),
    units.load(bundle.dossier.unitId, ...bundle.nominations.map((n) => n.nominee.unitId)),
  ]);
  return { ...bundle, round, campaign, units };
}

export async function readableDossier(principal: Principal, dossierId: string): Promise<DossierContext> {
  const bundle = await loadDossier(dossierId);
  if (!bundle) throw dossierNotFound();
  const units = new UnitDirectory();
  // The context is needed only if the caller may read; fetching it alongside saves round trips.
  const [readable, context] = await Promise.all([
    mayRead(principal, bundle.dossier, units),
    withContext(bundle, units).catch((error: unknown) => error as Error),
  ]);
  if (!readable) throw dossierNotFound();
  if (context instanceof Error) throw context;
  return context;
}

export async function writableDossier(principal: Principal, dossierId: string): Promise<DossierContext> {
  const bundle = await loadDossier(dossierId);
  if (!bundle || !mayWrite(principal, bundle.dossier)) throw dossierNotFound();
  return withContext(bundle);
}

/** A dossier read or written under the scope rules; `notFound` when the caller may not (never revealed). */
export async function accessDossier(
  principal: Principal,
  dossierId: string,
  access: 'read' | 'write',
  notFound: () => Error,
): Promise<DossierContext> {
  try {
    return access === 'read'
      ? await readableDossier(principal, dossierId)
      : await writableDossier(principal, dossierId);
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') throw notFound();
    throw error;
  }
}

/** Resolves a nomination or document id to its dossier, with the same scope rules; 404 otherwise. */
export async function dossierOf(
  principal: Principal,
  id: string,
  kind: RefKind,
  access: 'read' | 'write',
  notFound: () => Error,
): Promise<DossierContext> {
  const dossierId = await dossierIdOf(id, kind);
  if (!dossierId) throw notFound();
  return accessDossier(principal, dossierId, access, notFound);
}

/** A nomination with its dossier's context, under the same scope rules; 404 otherwise. */
export async function nominationOf(
  principal: Principal,
  nominationId: string,
  access: 'read' | 'write',
): Promise<{ ctx: DossierContext; nomination: NominationRecord }> {
  const ctx = await dossierOf(principal, nominationId, 'nomination', access, nominationNotFound);
  const nomination = ctx.nominations.find((n) => n.nominationId === nominationId);
  if (!nomination) throw nominationNotFound();
  return { ctx, nomination };
}

export async function eligibilityOf(ctx: DossierContext, nomination: NominationRecord): Promise<Eligibility> {
  await ctx.units.load(nomination.nominee.unitId, nomination.proposingUnitId);
  const chain: string[] = [];
  for (
    let u = ctx.units.lookup(nomination.nominee.unitId);
    u;
    u = u.parentUnitId ? ctx.units.lookup(u.parentUnitId) : undefined
  )
    chain.push(u.unitId);
  // R-UNIT-2: a unit formed during the round's years shows its predecessors' results of the earlier years.
  const unit = ctx.units.lookup(nomination.nominee.unitId);
  const predecessors =
    unit && yearsBeforeFormation(unit, roundYears(ctx.round)).length > 0
      ? await ctx.units.predecessorsOf(unit.unitId)
      : [];
  return evaluateEligibility({
    campaign: ctx.campaign,
    round: ctx.round,
    nomination,
    nominationId: nomination.nominationId,
    proposingUnitId: nomination.proposingUnitId,
    lookup: ctx.units.lookup,
    indexResults: await ctx.units.indexResultsOf([...chain, ...predecessors.map((p) => p.unitId)]),
    predecessors,
    documents: ctx.documents,
    verifiedCriteria: nomination.verifiedCriteria,
  });
}

/** R-DOS-4: the citizen id is shown whole to the proposing unit and appraisers only. */
const seesCitizenId = (principal: Principal | undefined, n: NominationRecord) =>
  principal !== undefined &&
  (hasRole(principal, 'appraiser') ||
    (hasRole(principal, 'unit_officer') && principal.unitId === n.proposingUnitId));

export function presentNomination(
  n: NominationRecord,
  eligibility: Eligibility,
  principal: Principal | undefined,
  lang: Lang,
) {
  const { nomineeKey: _key, nomineeKeys: _keys, ...rest } = n;
  const nominee =
    'citizenId' in n.nominee && n.nominee.citizenId && !seesCitizenId(principal, n)
      ? { ...n.nominee, citizenId: maskCitizenId(n.nominee.citizenId) }
      : n.nominee;
  return {
    ...rest,
    nominee,
    eligibility: {
      eligible: eligibility.eligible,
      criteria: eligibility.criteria.map((c) => ({ code: c.code, status: c.status, reason: c.reason[lang] })),
    },
  };
}

/**
 * A dossier's documents as its readers see them: without the object key, the reason in the reader's
 * language, and `current` on the documents that count (R-DOS-2, R-DOC-3: currentDocumentIds).
 */
export function presentDocuments(documents: readonly DocumentRecord[], lang: Lang) {
  const current = currentDocumentIds(documents);
  return documents.map(({ objectKey: _key, reason, ...d }) => {
    const text = renderText(reason, lang);
    return { ...d, ...(text === undefined ? {} : { reason: text }), current: current.has(d.documentId) };
  });
}

/** A dossier's own fields as the API shows them: the count that keeps its limit (R-DOS-5) is the store's. */
export function presentDossierRecord(dossier: DossierRecord) {
  const { nominationCount: _count, ...shown } = dossier;
  return shown;
}

export async function presentDossier(ctx: DossierContext, principal: Principal | undefined, lang: Lang) {
  const nominations = await Promise.all(
    ctx.nominations.map(async (n) => presentNomination(n, await eligibilityOf(ctx, n), principal, lang)),
  );
  return {
    ...presentDossierRecord(ctx.dossier),
    nominations,
    documents: presentDocuments(ctx.documents, lang),
  };
}
