// Appraisal (SPEC §6, seed III.4): Sở Nội vụ recommends, rejects or returns submitted nominations, follows
// each quota cell of a round, and sends the recommended list to the Chairman. The rules are the domain's
// (prepareAppraisal, appraiseNomination, summarizeRound, sendAppraisalReport); the store records them.

import {
  appraiseNomination,
  ON_RECOMMENDED_LIST,
  prepareAppraisal,
  sendAppraisalReport,
  summarizeRound,
} from '#domain/appraisal.ts';
import { versionConflict } from '#domain/errors.ts';
import { eligibilityOf, nominationOf, presentNomination } from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf } from '../pipeline/principal.ts';
import * as routes from '../routes.ts';
import { DossierMoved, saveAppraisal, saveAppraisalReport } from '../store/appraisal.ts';
import { awardedCounts } from '../store/awards.ts';
import { nominationsOfRound } from '../store/dossiers.ts';
import { type RoundRecord, requireRound } from '../store/rounds.ts';

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
    decision: body.decision,
    verifiedCriteria,
    reason,
    eligibility,
    by: principal.sub,
    now,
  });
  await saveAppraisal({
    before,
    after: decided.nomination,
    dossier: ctx.dossier,
    returned: decided.dossier,
    reason,
    actor: actorOf(principal, 'appraiser'),
    now,
  });
  return { body: presentNomination(decided.nomination, eligibility, principal, lang) };
};

/** Two appraisers returning two nominations of one dossier at once: the second reads again and appends. */
const appraise: Impl<typeof routes.appraiseNomination> = async (req) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await appraiseOnce(req);
    } catch (error) {
      if (!(error instanceof DossierMoved)) throw error;
      if (attempt >= 3) throw versionConflict();
    }
  }
};

async function summaryOf(round: RoundRecord) {
  const [nominations, awarded] = await Promise.all([
    nominationsOfRound(round.roundId),
    awardedCounts(round.roundId),
  ]);
  return { cells: summarizeRound(round.quotas, nominations, awarded), nominations };
}

const roundSummary: Impl<typeof routes.roundSummary> = async ({ params }) => {
  const { round } = await requireRound(params.roundId);
  const { cells } = await summaryOf(round);
  return { body: { roundId: round.roundId, cells } };
};

const appraisalReport: Impl<typeof routes.appraisalReport> = async ({ params, body, principal, now }) => {
  const { round, campaign } = await requireRound(params.roundId);
  const { cells, nominations } = await summaryOf(round);
  const next = sendAppraisalReport({ round, campaign, cells, now });
  await saveAppraisalReport({
    before: round,
    after: next,
    sent: {
      recommended: nominations
        .filter((n) => ON_RECOMMENDED_LIST.includes(n.status))
        .map((n) => n.nominationId),
      cells,
    },
    note: body.note,
    actor: actorOf(principal, 'appraiser'),
    now,
  });
  return { body: { roundId: round.roundId, cells } };
};

export const handler = lambdaHandler([
  on(routes.appraiseNomination, appraise),
  on(routes.roundSummary, roundSummary),
  on(routes.appraisalReport, appraisalReport),
]);
