// Rounds of a campaign (R-ROUND-1): quotas (R-QUOTA-1), deadlines (SPEC §7) and their extensions
// for the whole round or one unit (R-DL-2), each change audited with its reason.

import { effectiveAppraisalDeadline } from '#domain/deadlines.ts';
import { mayReopen } from '#domain/sweep.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { nextDossierStatus } from '#domain/lifecycle.ts';
import { emptyCounts } from '#domain/quota.ts';
import * as routes from '../routes.ts';
import { auditPut } from '../store/audit.ts';
import { actorOf } from '../pipeline/principal.ts';
import { create, put, putVersioned, strip, transact, type TxItem } from '../store/db.ts';
import { type DossierRecord, dossierItem, listDossiersOfRound } from '../store/dossiers.ts';
import {
  type CampaignRecord,
  type ExtensionRecord,
  extensionItem,
  getCampaign,
  getExtension,
  listRounds,
  type RoundRecord,
  requireRound,
  roundExtensions,
  roundItem,
} from '../store/rounds.ts';
import { awardedCounts } from '../store/awards.ts';
import { getUnit, unitNotFound } from '../store/units.ts';
import { versionConflict } from '#domain/errors.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import type { Principal } from '../pipeline/principal.ts';

export async function presentRound(round: RoundRecord, campaign: CampaignRecord) {
  const [awarded, extensions] = await Promise.all([
    awardedCounts(round.roundId),
    roundExtensions(round.roundId),
  ]);
  return {
    ...round,
    effectiveAppraisalDeadline: effectiveAppraisalDeadline(round, campaign),
    awarded,
    extensions: extensions.map(({ unitId, submissionDeadline, reason }) => ({
      unitId,
      submissionDeadline,
      reason,
    })),
  };
}

/**
 * SPEC §6: an extension for the unit or the round reopens an expired dossier as it was, when the
 * deadline that closed it (D-SUB for a draft, D-APP for a returned one) is again in the future.
 */
async function reopenExpired(
  round: RoundRecord,
  campaign: CampaignRecord,
  principal: Principal,
  now: Date,
  reason: string,
  onlyUnit?: string,
): Promise<number> {
  let reopened = 0;
  let nextToken: string | undefined;
  do {
    const page = await listDossiersOfRound(round.roundId, 'expired', 100, nextToken);
    nextToken = page.nextToken;
    for (const item of page.items) {
      const dossier = strip<DossierRecord>(item);
      if (onlyUnit && dossier.unitId !== onlyUnit) continue;
      const extension = await getExtension(round.roundId, dossier.unitId);
      if (!mayReopen({ round, campaign, extension, expiredFrom: dossier.expiredFrom ?? 'draft', now }))
        continue;
      const next: DossierRecord = {
        ...dossier,
        status: nextDossierStatus('expired', 'reopen', { expiredFrom: dossier.expiredFrom ?? 'draft' }),
        expiredFrom: undefined,
        version: dossier.version + 1,
        updatedAt: now.toISOString(),
      };
      await transact([
        putVersioned(dossierItem(next), dossier.version, versionConflict),
        auditPut(actorOf(principal, 'admin'), now, {
          entityId: dossier.dossierId,
          entityType: 'dossier',
          action: 'reopen',
          unitId: dossier.unitId,
          before: dossier,
          after: next,
          reason,
        }),
      ]);
      reopened++;
    }
  } while (nextToken);
  return reopened;
}

const listRoundsRoute: Impl<typeof routes.listRounds> = async ({ query }) => {
  const page = await listRounds(query.limit, query.nextToken);
  const campaigns = new Map<string, CampaignRecord | undefined>();
  const items = [];
  for (const round of page.items) {
    if (!campaigns.has(round.campaignId))
      campaigns.set(round.campaignId, await getCampaign(round.campaignId));
    const campaign = campaigns.get(round.campaignId);
    if (campaign) items.push(await presentRound(round, campaign));
  }
  return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
};

const getRound: Impl<typeof routes.getRound> = async ({ params }) => {
  const { round, campaign } = await requireRound(params.roundId);
  return { body: await presentRound(round, campaign) };
};

const createRound: Impl<typeof routes.createRound> = async ({ body, principal, now, idempotency }) => {
  const campaign = await getCampaign(body.campaignId);
  if (!campaign) {
    throw new ValidationError({ vi: 'Phong trào không tồn tại.', en: 'Unknown campaign.' }, [
      { path: 'body.campaignId', message: { vi: 'không tồn tại', en: 'does not exist' } },
    ]);
  }
  const at = now.toISOString();
  const round: RoundRecord = {
    ...body,
    ...(body.kind === 'period' ? { year: undefined } : { years: undefined }),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const presented = {
    ...round,
    effectiveAppraisalDeadline: effectiveAppraisalDeadline(round, campaign),
    // A new round has no awards yet.
    awarded: emptyCounts(),
    extensions: [],
  };
  await transact([
    create(
      roundItem(round),
      () =>
        new InvalidStateError({
          vi: `Đợt ${round.roundId} đã tồn tại.`,
          en: `Round ${round.roundId} already exists.`,
        }),
    ),
    auditPut(actorOf(principal, 'admin'), now, {
      entityId: round.roundId,
      entityType: 'round',
      action: 'create',
      before: null,
      after: round,
    }),
    ...(idempotency ? [idempotency.record(201, presented)] : []),
  ]);
  return { status: 201, body: presented };
};

const patchRound: Impl<typeof routes.patchRound> = async ({ params, body, principal, now }) => {
  const { round, campaign } = await requireRound(params.roundId);
  const actor = actorOf(principal, 'admin');
  const writes: TxItem[] = [];
  if (body.unitId !== undefined && body.submissionDeadline !== undefined) {
    // R-DL-2: an extension for one unit.
    if (!(await getUnit(body.unitId))) throw unitNotFound(body.unitId);
    const before = await getExtension(round.roundId, body.unitId);
    const extension: ExtensionRecord = {
      roundId: round.roundId,
      unitId: body.unitId,
      submissionDeadline: body.submissionDeadline,
      reason: body.reason,
      createdAt: now.toISOString(),
    };
    writes.push(
      put(extensionItem(extension)),
      auditPut(actor, now, {
        entityId: round.roundId,
        entityType: 'round',
        action: 'extend_unit_deadline',
        unitId: body.unitId,
        before: before ?? null,
        after: extension,
        reason: body.reason,
      }),
    );
    await transact(writes);
    await reopenExpired(round, campaign, principal, now, body.reason, body.unitId);
    return { body: await presentRound(round, campaign) };
  }
  const next: RoundRecord = {
    ...round,
    ...(body.submissionDeadline ? { submissionDeadline: body.submissionDeadline } : {}),
    ...(body.appraisalDeadline ? { appraisalDeadline: body.appraisalDeadline } : {}),
    ...(body.reportDeadline ? { reportDeadline: body.reportDeadline } : {}),
    ...(body.announcementDate ? { announcementDate: body.announcementDate } : {}),
    version: round.version + 1,
    updatedAt: now.toISOString(),
  };
  await transact([
    putVersioned(roundItem(next), round.version, versionConflict),
    auditPut(actor, now, {
      entityId: round.roundId,
      entityType: 'round',
      action: 'update_deadlines',
      before: round,
      after: next,
      reason: body.reason,
    }),
  ]);
  await reopenExpired(next, campaign, principal, now, body.reason);
  return { body: await presentRound(next, campaign) };
};

export const handler = lambdaHandler([
  on(routes.listRounds, listRoundsRoute),
  on(routes.getRound, getRound),
  on(routes.createRound, createRound),
  on(routes.patchRound, patchRound),
]);
