// Appraisal (SPEC §6, seed III.4): Sở Nội vụ recommends, rejects or returns submitted nominations, follows
// each quota cell of a round, and sends the recommended list to the Chairman within the quotas
// (R-QUOTA-2(a)) and before D-APP-A / D-APP-P (R-DL-1, R-DL-2).
//
// An appraisal sent twice: the appraisal report may be sent again (for example after returned dossiers
// were corrected and appraised); each sending is checked against the quotas and the deadline again,
// re-records `appraisalReportAt` and leaves its own audit record with the list it sent.

import {
  assertRecommendable,
  criteriaMet,
  recommendedCounts,
  requireReason,
  summarizeRound,
  uniqueCriteria,
  validateVerifiedCriteria,
} from '#domain/appraisal.ts';
import { assertAppraisalReportOnTime } from '#domain/deadlines.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { DOSSIER_STATUS_LABELS } from '#domain/labels.ts';
import { nextDossierStatus, nextNominationStatus } from '#domain/lifecycle.ts';
import { assertRecommendedWithinQuota } from '#domain/quota.ts';
import * as routes from '../routes.ts';
import { actorOf, auditPut } from '../store/audit.ts';
import { check, putVersioned, transact, type TxItem } from '../store/db.ts';
import {
  type DossierRecord,
  dossierItem,
  type NominationRecord,
  nominationItem,
  nominationNotFound,
  nominationsOfRound,
} from '../store/dossiers.ts';
import { dossierKey } from '../store/keys.ts';
import { type RoundRecord, requireRound, roundItem, roundState } from '../store/rounds.ts';
import { versionConflict } from './common.ts';
import { dossierOf, eligibilityOf, presentNomination } from './dossier-access.ts';
import { lambdaHandler, on, type Req } from './handler.ts';
import { assertRoundOpen, roundIsOpen } from './round-closing.ts';

/**
 * The appraisal of one submission goes on while the dossier is `submitted`, and also once an earlier
 * `return` of the same appraisal has sent it back: its nominations still `submitted` cannot be edited by
 * the unit, so the appraiser may still decide on them (and a further `return` adds its reason).
 */
const UNDER_APPRAISAL = new Set(['submitted', 'returned']);

const notUnderAppraisal = (status: DossierRecord['status']) =>
  new InvalidStateError({
    vi: `Hồ sơ đang ở trạng thái “${DOSSIER_STATUS_LABELS[status].vi}”: chỉ thẩm định hồ sơ đã nộp.`,
    en: `The dossier is ${DOSSIER_STATUS_LABELS[status].en}: only submitted dossiers are appraised.`,
  });

/** The dossier moved between our read and our write: read again and decide again. */
class DossierMoved extends Error {
  override readonly name = 'DossierMoved';
}

async function appraise(req: Req<typeof routes.appraiseNomination>) {
  const { params, body, principal, now, lang, expectedVersion } = req;
  const ctx = await dossierOf(principal, params.nominationId, 'nomination', 'read', nominationNotFound);
  const before = ctx.nominations.find((n) => n.nominationId === params.nominationId);
  if (!before) throw nominationNotFound();
  assertRoundOpen(ctx.round);
  if (!UNDER_APPRAISAL.has(ctx.dossier.status)) throw notUnderAppraisal(ctx.dossier.status);
  const status = nextNominationStatus(before.status, body.decision);
  if (before.version !== expectedVersion) throw versionConflict();

  const invalid = validateVerifiedCriteria(before.criteriaClaimed, body.verifiedCriteria);
  if (invalid.length > 0) {
    throw new ValidationError(
      {
        vi: 'Chỉ xác nhận được các tiêu chuẩn cần thẩm định mà đề nghị đã đăng ký.',
        en: 'Only judgement criteria that the nomination claims can be verified.',
      },
      invalid.map((e) => ({ ...e, path: `body.${e.path}` })),
    );
  }
  let reason: string | undefined;
  try {
    reason = requireReason(body.decision, body.reason);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.text,
        error.items.map((e) => ({ ...e, path: `body.${e.path}` })),
      );
    }
    throw error;
  }

  const verified: NominationRecord = { ...before, verifiedCriteria: uniqueCriteria(body.verifiedCriteria) };
  const eligibility = await eligibilityOf(ctx, verified);
  if (body.decision === 'recommend') assertRecommendable(eligibility, before.disciplineCompliance);

  const at = now.toISOString();
  const next: NominationRecord = {
    ...verified,
    status,
    appraisal: {
      decision: body.decision,
      ...(reason !== undefined ? { reason } : {}),
      at,
      by: principal.sub,
      ...(body.decision === 'recommend' ? { criteriaMet: criteriaMet(eligibility) } : {}),
    },
    version: before.version + 1,
    updatedAt: at,
  };
  const actor = actorOf(principal, 'appraiser');
  const dossier = ctx.dossier;
  const writes: TxItem[] = [
    roundIsOpen(ctx.round.roundId),
    putVersioned(nominationItem(next), expectedVersion, versionConflict),
    auditPut(actor, now, {
      entityId: next.nominationId,
      entityType: 'nomination',
      action: body.decision,
      unitId: next.proposingUnitId,
      before,
      after: next,
      reason,
    }),
  ];
  if (body.decision === 'return') {
    // The whole dossier goes back to the unit, with the reasons listed per nomination (SPEC §6).
    const fresh = dossier.status === 'submitted';
    const nextDossier: DossierRecord = {
      ...dossier,
      status: fresh ? nextDossierStatus(dossier.status, 'return') : dossier.status,
      returnReasons: [
        ...(fresh ? [] : (dossier.returnReasons ?? [])),
        { nominationId: next.nominationId, reason: reason ?? '' },
      ],
      version: dossier.version + 1,
      updatedAt: at,
    };
    writes.push(
      putVersioned(dossierItem(nextDossier), dossier.version, () => new DossierMoved()),
      auditPut(actor, now, {
        entityId: dossier.dossierId,
        entityType: 'dossier',
        action: fresh ? 'return' : 'add_return_reason',
        unitId: dossier.unitId,
        before: dossier,
        after: nextDossier,
        reason,
      }),
    );
  } else {
    writes.push(
      check(
        dossierKey(dossier.dossierId),
        '#s IN (:submitted, :returned)',
        { names: { '#s': 'status' }, values: { ':submitted': 'submitted', ':returned': 'returned' } },
        () => new DossierMoved(),
      ),
    );
  }
  await transact(writes);
  return { body: presentNomination(next, eligibility, principal, lang) };
}

async function summaryOf(round: RoundRecord) {
  const [nominations, state] = await Promise.all([
    nominationsOfRound(round.roundId),
    roundState(round.roundId),
  ]);
  return {
    roundId: round.roundId,
    cells: summarizeRound(round.quotas, nominations, state.awarded),
    nominations,
  };
}

export const handler = lambdaHandler([
  on(routes.appraiseNomination, async (req) => {
    // Two appraisers returning two nominations of one dossier at once: the second reads again and appends.
    for (let attempt = 1; ; attempt++) {
      try {
        return await appraise(req);
      } catch (error) {
        if (!(error instanceof DossierMoved)) throw error;
        if (attempt >= 3) throw versionConflict();
      }
    }
  }),

  on(routes.roundSummary, async ({ params }) => {
    const { round } = await requireRound(params.roundId);
    const { roundId, cells } = await summaryOf(round);
    return { body: { roundId, cells } };
  }),

  on(routes.appraisalReport, async ({ params, body, principal, now }) => {
    const { round, campaign } = await requireRound(params.roundId);
    assertRoundOpen(round);
    // R-DL-1: the server's clock; an admin's PATCH of appraisalDeadline is the extension (R-DL-2).
    assertAppraisalReportOnTime({ now, round, campaign });
    const { roundId, cells, nominations } = await summaryOf(round);
    assertRecommendedWithinQuota(round.quotas, recommendedCounts(cells));
    const at = now.toISOString();
    const next: RoundRecord = { ...round, appraisalReportAt: at, version: round.version + 1, updatedAt: at };
    await transact([
      putVersioned(roundItem(next), round.version, versionConflict),
      auditPut(actorOf(principal, 'appraiser'), now, {
        entityId: roundId,
        entityType: 'round',
        action: 'appraisal_report',
        before: { appraisalReportAt: round.appraisalReportAt ?? null },
        after: {
          appraisalReportAt: at,
          recommended: nominations
            .filter((n) => n.status === 'recommended' || n.status === 'awarded')
            .map((n) => n.nominationId),
          cells,
        },
        reason: body.note,
      }),
    ]);
    return { body: { roundId, cells } };
  }),
]);
