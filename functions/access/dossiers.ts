// Who may see and change which dossier, and how dossiers and nominations are shown. Shared by the
// dossier, nomination, document, appraisal and award routes. Another unit's object is always 404
// (never reveal that it exists).

import { roundYears } from '#domain/campaign.ts';
import { evaluateEligibility, yearsBeforeFormation } from '#domain/eligibility.ts';
import { currentDocumentIds } from '#domain/evidence.ts';
import { renderText } from '#domain/texts.ts';
import { seenByReviewers } from '#domain/lifecycle.ts';
import { maskCitizenId } from '#domain/nominee.ts';
import type { CampaignCopy, Eligibility, Lang } from '#domain/types.ts';
import { canRead } from '#domain/units.ts';
import {
  type DocumentRecord,
  type DossierBundle,
  type DossierRecord,
  dossierIdOf,
  dossierNotFound,
  knownRoundOf,
  loadDossier,
  type NominationRecord,
  nominationNotFound,
  type RefKind,
} from '../store/dossiers.ts';
import { type RoundRecord, requireRound } from '../store/rounds.ts';
import { registryCache, UnitDirectory } from '../store/units.ts';
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
  campaign: CampaignCopy;
  units: UnitDirectory;
}

const ignore = () => undefined;

/**
 * What eligibility reads for a nominee's unit (SPEC §4, R-UNIT-2): the index results of its chain and, for
 * a unit formed recently, its predecessors' — requested at once, so that they travel beside the other reads.
 * The directory memoises them; eligibilityOf awaits the same reads (and sees their errors).
 */
function prefetchEligibility(units: UnitDirectory, unitId: string) {
  units.indexResultsOf(units.chainOf(unitId)).catch(ignore);
  if (units.lookup(unitId)?.validFrom !== undefined)
    units
      .predecessorsOf(unitId)
      .then((ps) => units.indexResultsOf(ps.map((p) => p.unitId)))
      .catch(ignore);
}

/**
 * Requested beside the dossier's own Query, before its nominees are known: the eligibility reads of the
 * units the request names and of a unit officer's own unit, where most of a unit's nominees work. A guess
 * that misses costs one read; the nominees' own reads follow as they would have.
 */
function speculate(principal: Principal, units: UnitDirectory, named: readonly string[]) {
  const ids = [
    ...(hasRole(principal, 'unit_officer') && principal.unitId ? [principal.unitId] : []),
    ...named,
  ];
  if (ids.length === 0) return;
  units
    .load(...ids)
    .then(() => {
      for (const id of ids) prefetchEligibility(units, id);
    })
    .catch(ignore);
}

/**
 * The round, its campaign and the unit chains a dossier's routes need (the proposing unit's, and each
 * nominee's for eligibility), read side by side; the nominees' index results are requested meanwhile.
 * Units come from the container's registry copy (registryCache: at most REFERENCE_CACHE_SECONDS old); the
 * dossier is read from the table on every request, the round and the index results too unless `view` says
 * the route only shows them.
 */
async function withContext(
  bundle: DossierBundle,
  units: UnitDirectory,
  view: ReadView = {},
  early?: EarlyRound,
): Promise<DossierContext> {
  const nominees = [...new Set(bundle.nominations.map((n) => n.nominee.unitId))];
  const roundRead =
    early && early.roundId === bundle.dossier.roundId
      ? early.read.then((r) => (r instanceof Error ? Promise.reject(r) : r))
      : requireRound(bundle.dossier.roundId, view.recent ? 'recent' : 'current');
  const [{ round, campaign }] = await Promise.all([
    roundRead,
    units.load(bundle.dossier.unitId, ...nominees).then(() => {
      for (const unitId of nominees) prefetchEligibility(units, unitId);
    }),
  ]);
  return { ...bundle, round, campaign, units };
}

/** How a route that only shows reads (GET of a dossier, of a nomination). */
export interface ReadView {
  /**
   * The round and the nominees' index results as recently read (store/rounds.ts `recent`, store/units.ts
   * `recentResults`: at most REFERENCE_CACHE_SECONDS old); every route that decides something on them reads
   * them as stored now.
   */
  recent?: boolean;
  /** Only this nomination of the dossier is shown: the others are not read (loadDossier `only`). */
  nomination?: string;
}

export async function readableDossier(
  principal: Principal,
  dossierId: string,
  view: ReadView = {},
): Promise<DossierContext> {
  const units = new UnitDirectory(registryCache, { recentResults: view.recent === true });
  speculate(principal, units, []);
  const early = earlyRound(dossierId, view.recent ? 'recent' : 'current');
  const bundle = await loadDossier(dossierId, view.nomination);
  if (!bundle) throw dossierNotFound();
  // The context is needed only if the caller may read; fetching it alongside saves round trips.
  const [readable, context] = await Promise.all([
    mayRead(principal, bundle.dossier, units),
    withContext(bundle, units, view, early).catch((error: unknown) => error as Error),
  ]);
  if (!readable) throw dossierNotFound();
  if (context instanceof Error) throw context;
  return context;
}

/** A round read (as stored now) started before its dossier was read; an error is kept as a value. */
interface EarlyRound {
  roundId: string;
  read: Promise<Awaited<ReturnType<typeof requireRound>> | Error>;
}

/**
 * For a dossier whose round this container knows (a dossier never changes round; a nomination's or
 * document's id reference names it): the round's read, started beside the dossier's Query instead of after
 * it. A round that is not found is the dossier's answer to give, so the error waits as a value.
 */
function earlyRound(dossierId: string, age: 'current' | 'recent' = 'current'): EarlyRound | undefined {
  const roundId = knownRoundOf(dossierId);
  if (!roundId) return undefined;
  return { roundId, read: requireRound(roundId, age).catch((error: unknown) => error as Error) };
}

/**
 * `named`: units the request names (a new nominee's), whose reads start with the dossier's. The round is
 * read as stored now (a write's deadlines and closing are decided on it). No write of a dossier's owner
 * decides anything on index results — appraisal and awards read the dossier through `readableDossier`,
 * as stored now — so the eligibility a write's answer shows is computed on the results as recently read,
 * like the GET routes' (store/units.ts `recentResults`).
 */
export async function writableDossier(
  principal: Principal,
  dossierId: string,
  named: readonly string[] = [],
): Promise<DossierContext> {
  const units = new UnitDirectory(registryCache, { recentResults: true });
  speculate(principal, units, named);
  const early = earlyRound(dossierId);
  const bundle = await loadDossier(dossierId);
  if (!bundle || !mayWrite(principal, bundle.dossier)) throw dossierNotFound();
  return withContext(bundle, units, {}, early);
}

/** A dossier read or written under the scope rules; `notFound` when the caller may not (never revealed). */
export async function accessDossier(
  principal: Principal,
  dossierId: string,
  access: 'read' | 'write',
  notFound: () => Error,
  view: ReadView = {},
): Promise<DossierContext> {
  try {
    return access === 'read'
      ? await readableDossier(principal, dossierId, view)
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
  view: ReadView = {},
): Promise<DossierContext> {
  const dossierId = await dossierIdOf(id, kind);
  if (!dossierId) throw notFound();
  return accessDossier(principal, dossierId, access, notFound, view);
}

/**
 * A nomination with its dossier's context, under the same scope rules; 404 otherwise. `show`: the route
 * only shows it (ReadView: the round and index results as recently read, the other nominations not read).
 */
export async function nominationOf(
  principal: Principal,
  nominationId: string,
  access: 'read' | 'write' | 'show',
): Promise<{ ctx: DossierContext; nomination: NominationRecord }> {
  const ctx =
    access === 'show'
      ? await dossierOf(principal, nominationId, 'nomination', 'read', nominationNotFound, {
          recent: true,
          nomination: nominationId,
        })
      : await dossierOf(principal, nominationId, 'nomination', access, nominationNotFound);
  const nomination = ctx.nominations.find((n) => n.nominationId === nominationId);
  if (!nomination) throw nominationNotFound();
  return { ctx, nomination };
}

export async function eligibilityOf(ctx: DossierContext, nomination: NominationRecord): Promise<Eligibility> {
  await ctx.units.load(nomination.nominee.unitId, nomination.proposingUnitId);
  const chain = ctx.units.chainOf(nomination.nominee.unitId);
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
