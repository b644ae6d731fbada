// Appraisal (SPEC §6, seed III.4): Sở Nội vụ recommends, rejects or returns submitted nominations, revises
// those decisions until the appraisal report carries them (R-APP-1), follows each quota cell of a round,
// and sends the recommended list to the Chairman. The rules are the domain's (prepareAppraisal,
// appraiseNomination, summarizeRound, sendAppraisalReport); the store records them.

import {
  appraiseNomination,
  documentsSeen,
  prepareAppraisal,
  sendAppraisalReport,
  summarizeRound,
} from '#domain/appraisal.ts';
import { InvalidStateError, versionConflict } from '#domain/errors.ts';
import { roundTiers } from '#domain/campaign.ts';
import { NOMINEE_TYPES } from '#domain/types.ts';
import { eligibilityOf, nominationOf, presentNomination } from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf } from '../pipeline/principal.ts';
import * as routes from '../routes/appraisal.ts';
import { ReadAgain, saveAppraisal, saveAppraisalReport } from '../store/appraisal.ts';
import { roundCells } from '../store/awards.ts';
import { nominationsOfRound } from '../store/dossiers.ts';
import { requireRound } from '../store/rounds.ts';

const appraiseOnce: Impl<typeof routes.appraiseNomination> = async (req) => {
  const { params, body, principal, now, lang, expectedVersion } = req;
  const { ctx, nomination: before } = await nominationOf(principal, params.nominationId, 'read');
  const { verifiedCriteria, reason } = prepareAppraisal({
    round: ctx.round,
    dossier: ctx.dossier,
    nomination: before,
    expectedVersion,
    request: body,
  });
  const eligibility = await eligibilityOf(ctx, { ...before, verifiedCriteria });
  const decided = appraiseNomination({
    nomination: before,
    dossier: ctx.dossier,
    round: ctx.round,
    decision: body.decision,
    verifiedCriteria,
    reason,
    eligibility,
    documents: documentsSeen(ctx.documents, before.nominationId),
    by: principal.sub,
    now,
  });
  await saveAppraisal({
    before,
    after: decided.nomination,
    round: ctx.round,
    dossier: ctx.dossier,
    returned: decided.dossier,
    reason,
    actor: actorOf(principal, 'appraiser'),
    now,
  });
  return { body: presentNomination(decided.nomination, eligibility, principal, lang) };
};

/**
 * What the appraisal was decided on moved meanwhile — two appraisers returning two nominations of one
 * dossier at once, or the report sent (R-APP-1): read again and decide again, which may now refuse it.
 */
const appraise: Impl<typeof routes.appraiseNomination> = async (req) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await appraiseOnce(req);
    } catch (error) {
      if (!(error instanceof ReadAgain)) throw error;
      if (attempt >= 3) throw versionConflict();
    }
  }
};

/**
 * A round as stored now, with its nominations and its cells: the three reads side by side (the two Queries
 * need only the round's id; for a round that does not exist they find nothing, and the answer is its 404).
 */
async function summaryOf(roundId: string) {
  const [{ round, campaign }, nominations, cells] = await Promise.all([
    requireRound(roundId),
    nominationsOfRound(roundId),
    roundCells(roundId),
  ]);
  return {
    round,
    campaign,
    summary: summarizeRound(round.quotas, nominations, cells.awarded, cells.lists, roundTiers(round)),
    cells,
  };
}

const roundSummary: Impl<typeof routes.roundSummary> = async ({ params }) => {
  const { round, summary } = await summaryOf(params.roundId);
  return { body: { roundId: round.roundId, cells: summary } };
};

const reportMoved = () =>
  new InvalidStateError({
    vi: 'Danh sách đề xuất vừa thay đổi trong lúc trình báo cáo; hãy xem lại và trình lại.',
    en: 'The recommended list changed while the report was being sent; review it and send again.',
  });

/**
 * Sends the round's recommended list to the Chairman (seed III.4). An appraisal that lands between the
 * read and the write moves its cell's list: the report is read and judged again.
 */
const appraisalReport: Impl<typeof routes.appraisalReport> = async ({ params, body, principal, now }) => {
  for (let attempt = 1; ; attempt++) {
    const { round, campaign, summary, cells } = await summaryOf(params.roundId);
    const decided = sendAppraisalReport({ round, campaign, lists: cells.lists, now });
    // The summary as the report leaves it: each cell's sent list now holds what was pending.
    const sentSummary = summary.map((c) => ({ ...c, sent: decided.sent[c.tier][c.nomineeType].length }));
    try {
      await saveAppraisalReport({
        before: round,
        after: decided.round,
        cells,
        summary: sentSummary,
        note: body.note,
        actor: actorOf(principal, 'appraiser'),
        now,
      });
    } catch (error) {
      if (!(error instanceof ReadAgain)) throw error;
      if (attempt >= 5) throw reportMoved();
      continue;
    }
    const nominationIds = roundTiers(round).flatMap((t) => NOMINEE_TYPES.flatMap((n) => decided.sent[t][n]));
    return {
      body: {
        roundId: round.roundId,
        appraisalReports: decided.round.appraisalReports ?? 1,
        appraisalReportAt: decided.round.appraisalReportAt ?? now.toISOString(),
        nominationIds,
        cells: sentSummary,
      },
    };
  }
};

export const handler = lambdaHandler([
  on(routes.appraiseNomination, appraise),
  on(routes.roundSummary, roundSummary),
  on(routes.appraisalReport, appraisalReport),
]);
