// Dossiers (R-DOS-1): one proposing unit's proposal for one round, holding nominations and documents.
// What a step does is the domain's (submitDossier, withdrawDossier); the store records it.

import { randomUUID } from 'node:crypto';
import { assertTierInRound } from '#domain/campaign.ts';
import { assertCanSubmit, ictDate } from '#domain/deadlines.ts';
import { ValidationError } from '#domain/errors.ts';
import { assertUnitActive, type UnitUse } from '#domain/units.ts';
import {
  advance,
  assertEditable,
  assertRoundOpen,
  type DossierStep,
  submitDossier,
  withdrawDossier,
} from '#domain/lifecycle.ts';
import {
  type DossierContext,
  mayRead,
  presentDossier,
  presentDossierRecord,
  readableDossier,
  writableDossier,
} from '../access/dossiers.ts';
import { HttpRefusal, type Impl, lambdaHandler, on, type Req } from '../pipeline/handler.ts';
import { actorOf, isProvinceWide, type Principal } from '../pipeline/principal.ts';
import * as routes from '../routes/dossiers.ts';
import {
  createDossierRecord,
  type DossierRecord,
  listDossiersOfRound,
  listDossiersOfUnit,
  type NominationRecord,
  saveDossierEdit,
  saveDossierStep,
} from '../store/dossiers.ts';
import { getExtension, requireRound } from '../store/rounds.ts';
import { UnitDirectory } from '../store/units.ts';

const ROUND_REQUIRED = new ValidationError(
  { vi: 'Cần chọn đợt khen thưởng (roundId).', en: 'Choose a round (roundId).' },
  [{ path: 'query.roundId', message: { vi: 'bắt buộc với vai trò này', en: 'required for this role' } }],
);

type Step = DossierStep<DossierRecord, NominationRecord>;

/** The dossier as it is after a step: its next state and its nominations, moved or not. */
const afterStep = (ctx: DossierContext, step: Step): DossierContext => {
  const moved = new Map(step.nominations.map((n) => [n.nominationId, n]));
  return {
    ...ctx,
    dossier: step.dossier,
    nominations: ctx.nominations.map((n) => moved.get(n.nominationId) ?? n),
  };
};

const saveStep = (
  action: 'submit' | 'withdraw',
  ctx: DossierContext,
  step: Step,
  principal: Principal,
  now: Date,
) => {
  const read = new Map(ctx.nominations.map((n) => [n.nominationId, n]));
  return saveDossierStep({
    action,
    before: ctx.dossier,
    after: step.dossier,
    moved: step.nominations.map((after) => ({
      before: read.get(after.nominationId) as NominationRecord,
      after,
    })),
    actor: actorOf(principal, 'unit_officer'),
    now,
  });
};

/** R-UNIT-1: the unit, refused when inactive on the server's ICT day (the refusal names its successors). */
async function activeUnit(units: UnitDirectory, unitId: string, now: Date, use: UnitUse) {
  const unit = await units.require(unitId);
  await units.load(...(unit.successorUnitIds ?? []));
  assertUnitActive(unit, ictDate(now), use, units.lookup);
  return unit;
}

const createDossier: Impl<typeof routes.createDossier> = async ({ body, principal, now, idempotency }) => {
  if (body.unitId !== principal.unitId) {
    throw new HttpRefusal('FORBIDDEN', {
      vi: 'Chỉ được lập hồ sơ cho đơn vị của mình.',
      en: 'You can create dossiers only for your own unit.',
    });
  }
  const units = new UnitDirectory();
  // R-UNIT-1: a unit merged, abolished or not yet formed opens no dossier.
  const unit = await activeUnit(units, body.unitId, now, 'open_dossier');
  const { round, campaign } = await requireRound(body.roundId);
  assertTierInRound(round, unit, 'body.unitId');
  // A new draft is only worth starting while it can still be submitted: its round open (seed III.4) and its
  // deadline ahead (R-DL-1).
  assertRoundOpen(round);
  assertCanSubmit({
    now,
    round,
    campaign,
    extension: await getExtension(round.roundId, body.unitId),
    dossierStatus: 'draft',
  });
  const at = now.toISOString();
  const dossier: DossierRecord = {
    dossierId: randomUUID(),
    roundId: body.roundId,
    unitId: body.unitId,
    status: 'draft',
    proposalNo: body.proposalNo,
    proposalDate: body.proposalDate,
    signerName: body.signerName,
    signerTitle: body.signerTitle,
    nominationCount: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const presented = { ...presentDossierRecord(dossier), nominations: [], documents: [] };
  await createDossierRecord(
    dossier,
    actorOf(principal, 'unit_officer'),
    now,
    idempotency?.record(201, presented),
  );
  return { status: 201, body: presented };
};

const listDossiers: Impl<typeof routes.listDossiers> = async ({ query, principal }) => {
  const units = new UnitDirectory();
  if (isProvinceWide(principal)) {
    if (!query.roundId) throw ROUND_REQUIRED;
    const page = await listDossiersOfRound(query.roundId, query.status, query.limit, query.nextToken);
    const items = [];
    for (const dossier of page.items) {
      if (query.unitId && dossier.unitId !== query.unitId) continue;
      if (await mayRead(principal, dossier, units)) items.push(presentDossierRecord(dossier));
    }
    return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
  }
  const unitId = query.unitId ?? principal.unitId;
  if (!unitId) return { body: { items: [] } };
  const page = await listDossiersOfUnit(unitId, query.roundId, query.limit, query.nextToken);
  const items = [];
  for (const dossier of page.items) {
    if (query.status && dossier.status !== query.status) continue;
    if (await mayRead(principal, dossier, units)) items.push(presentDossierRecord(dossier));
  }
  return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
};

const getDossier: Impl<typeof routes.getDossier> = async ({ params, principal, lang }) => {
  const ctx = await readableDossier(principal, params.dossierId, { recent: true });
  return { body: await presentDossier(ctx, principal, lang) };
};

const patchDossier: Impl<typeof routes.patchDossier> = async (req) => {
  const { principal, now } = req;
  const ctx = await writableDossier(principal, req.params.dossierId);
  const before = ctx.dossier;
  assertEditable(before, req.expectedVersion);
  const next: DossierRecord = advance(before, req.body, now);
  await saveDossierEdit(before, next, actorOf(principal, 'unit_officer'), now);
  return { body: await presentDossier({ ...ctx, dossier: next }, principal, req.lang) };
};

/** Submit and withdraw: the domain decides the step, the store records it, the caller sees the result. */
async function takeStep(
  req: Req<typeof routes.submitDossier | typeof routes.withdrawDossier>,
  action: 'submit' | 'withdraw',
  decide: (ctx: DossierContext) => Promise<Step> | Step,
) {
  const { principal, now, lang } = req;
  const ctx = await writableDossier(principal, req.params.dossierId);
  const step = await decide(ctx);
  await saveStep(action, ctx, step, principal, now);
  return { body: await presentDossier(afterStep(ctx, step), principal, lang) };
}

// R-DOS-3, R-DL-1, R-DL-2: the dossier and its draft or returned nominations go to the appraisers together.
const submitDossierRoute: Impl<typeof routes.submitDossier> = (req) =>
  takeStep(req, 'submit', async (ctx) => {
    // R-UNIT-1: a proposing unit that is no longer (or not yet) active submits nothing, and a submission
    // nominates no unit that is: the nominations it sends go through the same check as when added.
    await activeUnit(ctx.units, ctx.dossier.unitId, req.now, 'submit_dossier');
    const sent = ctx.nominations.filter((n) => n.status === 'draft' || n.status === 'returned');
    const nominees = [...new Set(sent.map((n) => n.nominee.unitId))];
    await ctx.units.load(...nominees);
    for (const unitId of nominees) await activeUnit(ctx.units, unitId, req.now, 'nominate');
    return submitDossier({
      ...ctx,
      extension: await getExtension(ctx.dossier.roundId, ctx.dossier.unitId),
      expectedVersion: req.expectedVersion,
      now: req.now,
    });
  });

// SPEC §6: draft|returned → withdrawn; the nominees and the unit's place in the round are released.
const withdrawDossierRoute: Impl<typeof routes.withdrawDossier> = (req) =>
  takeStep(req, 'withdraw', (ctx) =>
    withdrawDossier({ ...ctx, expectedVersion: req.expectedVersion, now: req.now }),
  );

export const handler = lambdaHandler([
  on(routes.createDossier, createDossier),
  on(routes.listDossiers, listDossiers),
  on(routes.getDossier, getDossier),
  on(routes.patchDossier, patchDossier),
  on(routes.submitDossier, submitDossierRoute),
  on(routes.withdrawDossier, withdrawDossierRoute),
]);
