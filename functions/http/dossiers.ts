// Dossiers (R-DOS-1): one proposing unit's proposal for one round, holding nominations and documents.

import { randomUUID } from 'node:crypto';
import { effectiveSubmissionDeadline, formatIctText, isBefore } from '#domain/deadlines.ts';
import { DeadlinePassedError, InvalidStateError, ValidationError } from '#domain/errors.ts';
import { isEditable } from '#domain/lifecycle.ts';
import * as routes from '../routes.ts';
import { actorOf, auditPut } from '../store/audit.ts';
import { create, putVersioned, strip, transact } from '../store/db.ts';
import {
  type DossierRecord,
  dossierItem,
  listDossiersOfRound,
  listDossiersOfUnit,
} from '../store/dossiers.ts';
import { unitDossierLockKey } from '../store/keys.ts';
import { getExtension, requireRound } from '../store/rounds.ts';
import { UnitDirectory, unitNotFound } from '../store/units.ts';
import { versionConflict } from './common.ts';
import { mayRead, presentDossier, readableDossier, writableDossier } from './dossier-access.ts';
import { HttpRefusal, lambdaHandler, on } from './handler.ts';
import { isProvinceWide } from './principal.ts';

export const notEditable = (status: string) =>
  new InvalidStateError({
    vi: `Hồ sơ đang ở trạng thái "${status}": chỉ sửa được khi là bản nháp hoặc bị trả lại.`,
    en: `The dossier is "${status}": it can be edited only as a draft or when returned.`,
  });

const ROUND_REQUIRED = new ValidationError(
  { vi: 'Cần chọn đợt khen thưởng (roundId).', en: 'Choose a round (roundId).' },
  [{ path: 'query.roundId', message: { vi: 'bắt buộc với vai trò này', en: 'required for this role' } }],
);

export const handler = lambdaHandler([
  on(routes.createDossier, async ({ body, principal, now, idempotency }) => {
    if (body.unitId !== principal.unitId) {
      throw new HttpRefusal('FORBIDDEN', {
        vi: 'Chỉ được lập hồ sơ cho đơn vị của mình.',
        en: 'You can create dossiers only for your own unit.',
      });
    }
    const units = new UnitDirectory();
    await units.load(body.unitId);
    if (!units.lookup(body.unitId)) throw unitNotFound(body.unitId);
    const { round } = await requireRound(body.roundId);
    const deadline = effectiveSubmissionDeadline(round, await getExtension(round.roundId, body.unitId));
    if (!isBefore(now, deadline)) {
      const when = formatIctText(deadline);
      throw new DeadlinePassedError({
        vi: `Đã quá hạn nộp hồ sơ của đợt này (${when.vi}).`,
        en: `The submission deadline of this round has passed (${when.en}).`,
      });
    }
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
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const presented = { ...dossier, nominations: [], documents: [] };
    await transact([
      create(
        { ...unitDossierLockKey(dossier.roundId, dossier.unitId), entity: 'lock', dossierId: dossier.dossierId },
        () =>
          new InvalidStateError({
            vi: 'Đơn vị đã có một hồ sơ cho đợt này; hãy bổ sung vào hồ sơ đó.',
            en: 'Your unit already has a dossier for this round; add to that one.',
          }),
      ),
      create(dossierItem(dossier)),
      auditPut(actorOf(principal, 'unit_officer'), now, {
        entityId: dossier.dossierId,
        entityType: 'dossier',
        action: 'create',
        unitId: dossier.unitId,
        before: null,
        after: dossier,
      }),
      ...(idempotency ? [idempotency.record(201, presented)] : []),
    ]);
    return { status: 201, body: presented };
  }),

  on(routes.listDossiers, async ({ query, principal }) => {
    const units = new UnitDirectory();
    if (isProvinceWide(principal)) {
      if (!query.roundId) throw ROUND_REQUIRED;
      const page = await listDossiersOfRound(query.roundId, query.status, query.limit, query.nextToken);
      const items = [];
      for (const item of page.items) {
        const dossier = strip<DossierRecord>(item);
        if (query.unitId && dossier.unitId !== query.unitId) continue;
        if (await mayRead(principal, dossier, units)) items.push(dossier);
      }
      return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
    }
    const unitId = query.unitId ?? principal.unitId;
    if (!unitId) return { body: { items: [] } };
    const page = await listDossiersOfUnit(unitId, query.roundId, query.limit, query.nextToken);
    const items = [];
    for (const item of page.items) {
      const dossier = strip<DossierRecord>(item);
      if (query.status && dossier.status !== query.status) continue;
      if (await mayRead(principal, dossier, units)) items.push(dossier);
    }
    return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
  }),

  on(routes.getDossier, async ({ params, principal, lang }) => {
    const ctx = await readableDossier(principal, params.dossierId);
    return { body: await presentDossier(ctx, principal, lang) };
  }),

  on(routes.patchDossier, async ({ params, body, principal, now, lang, expectedVersion }) => {
    const ctx = await writableDossier(principal, params.dossierId);
    const before = ctx.dossier;
    if (!isEditable(before.status)) throw notEditable(before.status);
    if (before.version !== expectedVersion) throw versionConflict();
    const next: DossierRecord = { ...before, ...body, version: before.version + 1, updatedAt: now.toISOString() };
    await transact([
      putVersioned(dossierItem(next), expectedVersion, versionConflict),
      auditPut(actorOf(principal, 'unit_officer'), now, {
        entityId: next.dossierId,
        entityType: 'dossier',
        action: 'update',
        unitId: next.unitId,
        before,
        after: next,
      }),
    ]);
    return { body: await presentDossier({ ...ctx, dossier: next }, principal, lang) };
  }),
]);

