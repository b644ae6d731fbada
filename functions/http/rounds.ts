// Rounds of a campaign (R-ROUND-1): quotas (R-QUOTA-1), deadlines (SPEC §7) and their extensions
// for the whole round or one unit (R-DL-2), each change audited with its reason.

import { assertRoundInCampaign } from '#domain/campaign.ts';
import {
  assertRoundDeadlineMoves,
  assertUnitExtension,
  effectiveAppraisalDeadline,
} from '#domain/deadlines.ts';
import { ValidationError } from '#domain/errors.ts';
import { advance } from '#domain/lifecycle.ts';
import { emptyCounts } from '#domain/quota.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf } from '../pipeline/principal.ts';
import * as routes from '../routes.ts';
import { awardedCounts } from '../store/awards.ts';
import { reopenExpired } from '../store/reopening.ts';
import {
  type CampaignRecord,
  createRoundRecord,
  getCampaign,
  getExtension,
  listRounds,
  type RoundRecord,
  requireRound,
  roundExtensions,
  saveExtension,
  saveRoundDeadlines,
} from '../store/rounds.ts';
import { getUnit, unitNotFound } from '../store/units.ts';

async function presentRound(round: RoundRecord, campaign: CampaignRecord) {
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
  assertRoundInCampaign(body, campaign);
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

export const handler = lambdaHandler([
  on(routes.listRounds, listRoundsRoute),
  on(routes.getRound, getRound),
  on(routes.createRound, createRound),
  on(routes.patchRound, patchRound),
]);
