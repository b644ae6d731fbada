// Campaigns (R-CAMP-2) and their rounds (R-ROUND-1): quotas (R-QUOTA-1), deadlines (SPEC §7) and their
// extensions for the whole round or one unit (R-DL-2), each change audited with its reason. A round copies
// its campaign's rules when it is created; editing the campaign later changes no existing round.

import {
  assertCampaignConsistent,
  assertQuotasOfCampaign,
  assertRoundInCampaign,
  campaignCopy,
  copyQuotas,
  defaultRoundName,
  judgedBy,
  roundRulesFrom,
  roundTiers,
} from '#domain/campaign.ts';
import {
  assertRoundDeadlineMoves,
  assertUnitExtension,
  effectiveAppraisalDeadline,
} from '#domain/deadlines.ts';
import { ValidationError } from '#domain/errors.ts';
import { advance, reviseCampaign } from '#domain/lifecycle.ts';
import { type Counts, emptyCounts } from '#domain/quota.ts';
import type { CampaignCopy } from '#domain/types.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf } from '../pipeline/principal.ts';
import * as routes from '../routes/rounds.ts';
import { awardedCounts } from '../store/awards.ts';
import { reopenExpired } from '../store/reopening.ts';
import {
  type CampaignRecord,
  campaignNotFound,
  campaignOfRound,
  createCampaignRecord,
  createRoundRecord,
  freshCampaign,
  listCampaigns,
  saveCampaign,
  getExtension,
  listRounds,
  type RoundRecord,
  requireRound,
  roundExtensions,
  saveExtension,
  saveRoundDeadlines,
  shownRound,
} from '../store/rounds.ts';
import { getUnit, unitNotFound } from '../store/units.ts';

/** Counts of the round's tiers only, in its order (R-TIER-2). */
const ofTiers = (round: RoundRecord, counts: Counts) =>
  Object.fromEntries(roundTiers(round).map((tier) => [tier, counts[tier]]));

/**
 * A round as the API shows it: its name, and the rules it is judged by (its copy, or its campaign's for a
 * round stored before rounds carried one). The campaign the round keeps is internal: never shown.
 */
function roundView(round: RoundRecord, campaign: CampaignCopy, awarded: Counts) {
  const rules = judgedBy(round, campaign);
  return {
    ...shownRound(round),
    name: round.name ?? defaultRoundName(round),
    tiers: [...rules.tiers],
    thresholds: rules.thresholds,
    communeIndividualProposer: rules.communeIndividualProposer,
    effectiveAppraisalDeadline: effectiveAppraisalDeadline(round, rules),
    awarded: ofTiers(round, awarded),
  };
}

/** What a round's answer shows beside the round: its awards per cell and its extensions (by its id only). */
const roundExtras = (roundId: string) => Promise.all([awardedCounts(roundId), roundExtensions(roundId)]);

/** `extras`: already requested beside the round's own read, or requested now. */
async function presentRound(
  round: RoundRecord,
  campaign: CampaignCopy,
  extras: ReturnType<typeof roundExtras> = roundExtras(round.roundId),
) {
  const [awarded, extensions] = await extras;
  return {
    ...roundView(round, campaign, awarded),
    extensions: extensions.map(({ unitId, submissionDeadline, reason }) => ({
      unitId,
      submissionDeadline,
      reason,
    })),
  };
}

const listRoundsRoute: Impl<typeof routes.listRounds> = async ({ query }) => {
  const page = await listRounds(query.limit, query.nextToken);
  // The page's rounds side by side, each by the campaign it kept (R-CAMP-2; a round stored before rounds
  // kept one: by its campaign as stored now).
  const shown = await Promise.all(
    page.items.map(async (round) => {
      const campaign = await campaignOfRound(round);
      return campaign ? presentRound(round, campaign) : undefined;
    }),
  );
  const items = shown.filter((r) => r !== undefined);
  return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
};

const getRound: Impl<typeof routes.getRound> = async ({ params }) => {
  // The round's awards and extensions are read beside the round (for an unknown round they find nothing).
  const extras = roundExtras(params.roundId);
  extras.catch(() => undefined);
  const { round, campaign } = await requireRound(params.roundId);
  return { body: await presentRound(round, campaign, extras) };
};

const createRound: Impl<typeof routes.createRound> = async ({ body, principal, now, idempotency }) => {
  // The campaign as stored now, not a container's cached copy: the round copies its rules (R-CAMP-2).
  const campaign = await freshCampaign(body.campaignId);
  if (!campaign) {
    throw new ValidationError({ vi: 'Phong trào không tồn tại.', en: 'Unknown campaign.' }, [
      { path: 'body.campaignId', message: { vi: 'không tồn tại', en: 'does not exist' } },
    ]);
  }
  assertRoundInCampaign(body, campaign);
  if (body.quotas) assertQuotasOfCampaign(body.quotas, campaign);
  const rules = roundRulesFrom(campaign, body.kind);
  const at = now.toISOString();
  const round: RoundRecord = {
    ...body,
    ...(body.kind === 'period' ? { year: undefined } : { years: undefined }),
    name: body.name ?? defaultRoundName(body),
    ...rules,
    quotas: body.quotas ? copyQuotas(body.quotas, campaign.tiers) : rules.quotas,
    // The whole campaign as read now: the round is served by it for its whole life.
    campaign: campaignCopy(campaign),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  // A new round has no awards yet.
  const presented = { ...roundView(round, campaign, emptyCounts()), extensions: [] };
  await createRoundRecord(round, actorOf(principal, 'admin'), now, idempotency?.record(201, presented));
  return { status: 201, body: presented };
};

const patchRound: Impl<typeof routes.patchRound> = async ({ params, body, principal, now }) => {
  const { round, campaign } = await requireRound(params.roundId);
  const actor = actorOf(principal, 'admin');
  if (body.unitId !== undefined && body.submissionDeadline !== undefined) {
    // R-DL-2: an extension for one unit.
    const [unit, previous] = await Promise.all([
      getUnit(body.unitId),
      getExtension(round.roundId, body.unitId),
    ]);
    if (!unit) throw unitNotFound(body.unitId);
    assertUnitExtension({ now, round, previous, submissionDeadline: body.submissionDeadline });
    await saveExtension(
      {
        roundId: round.roundId,
        unitId: body.unitId,
        submissionDeadline: body.submissionDeadline,
        reason: body.reason,
        createdAt: now.toISOString(),
      },
      previous,
      actor,
      now,
    );
    await reopenExpired({ round, campaign, reason: body.reason, onlyUnit: body.unitId, actor, now });
    return { body: await presentRound(round, campaign) };
  }
  assertRoundDeadlineMoves({
    now,
    round,
    campaign,
    changes: {
      submissionDeadline: body.submissionDeadline,
      appraisalDeadline: body.appraisalDeadline,
    },
  });
  const next: RoundRecord = advance(
    round,
    {
      ...(body.submissionDeadline ? { submissionDeadline: body.submissionDeadline } : {}),
      ...(body.appraisalDeadline ? { appraisalDeadline: body.appraisalDeadline } : {}),
      ...(body.announcementDate ? { announcementDate: body.announcementDate } : {}),
    },
    now,
  );
  await saveRoundDeadlines(round, next, body.reason, actor, now);
  await reopenExpired({ round: next, campaign, reason: body.reason, actor, now });
  return { body: await presentRound(next, campaign) };
};

// ---- campaigns (R-CAMP-2) ----

const listCampaignsRoute: Impl<typeof routes.listCampaigns> = async ({ query }) => {
  const page = await listCampaigns(query.limit, query.nextToken);
  return { body: { items: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
};

const getCampaignRoute: Impl<typeof routes.getCampaign> = async ({ params }) => {
  const campaign = await freshCampaign(params.campaignId);
  if (!campaign) throw campaignNotFound(params.campaignId);
  return { body: campaign };
};

const createCampaign: Impl<typeof routes.createCampaign> = async ({ body, principal, now, idempotency }) => {
  assertCampaignConsistent(body);
  const at = now.toISOString();
  const campaign: CampaignRecord = { ...body, version: 1, createdAt: at, updatedAt: at };
  await createCampaignRecord(campaign, actorOf(principal, 'admin'), now, idempotency?.record(201, campaign));
  return { status: 201, body: campaign };
};

/** An edit applies to rounds created afterwards; existing rounds keep the rules they copied (R-CAMP-2). */
const patchCampaign: Impl<typeof routes.patchCampaign> = async ({
  params,
  body,
  principal,
  now,
  expectedVersion,
}) => {
  const before = await freshCampaign(params.campaignId);
  if (!before) throw campaignNotFound(params.campaignId);
  const after = reviseCampaign(before, body, expectedVersion, now);
  await saveCampaign(before, after, actorOf(principal, 'admin'), now);
  return { body: after };
};

export const handler = lambdaHandler([
  on(routes.listCampaigns, listCampaignsRoute),
  on(routes.getCampaign, getCampaignRoute),
  on(routes.createCampaign, createCampaign),
  on(routes.patchCampaign, patchCampaign),
  on(routes.listRounds, listRoundsRoute),
  on(routes.getRound, getRound),
  on(routes.createRound, createRound),
  on(routes.patchRound, patchRound),
]);
