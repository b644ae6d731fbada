// Dossiers (R-DOS-1): one proposing unit's proposal for one round, holding nominations and documents.

import { randomUUID } from 'node:crypto';
import { assertComplete } from '#domain/completeness.ts';
import { assertCanSubmit } from '#domain/deadlines.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import {
  isEditable,
  type NominationAction,
  nextDossierStatus,
  nextNominationStatus,
} from '#domain/lifecycle.ts';
import type { NominationStatus } from '#domain/types.ts';
import * as routes from '../routes.ts';
import { actorOf, auditPut } from '../store/audit.ts';
import {
  create,
  MAX_TRANSACTION_ITEMS,
  putVersioned,
  remove,
  strip,
  transact,
  type TxItem,
} from '../store/db.ts';
import {
  type DossierRecord,
  dossierItem,
  listDossiersOfRound,
  listDossiersOfUnit,
  type NominationRecord,
  nominationItem,
} from '../store/dossiers.ts';
import { nomineeLockKey, unitDossierLockKey } from '../store/keys.ts';
import { getExtension, requireRound } from '../store/rounds.ts';
import { UnitDirectory, unitNotFound } from '../store/units.ts';
import { versionConflict } from './common.ts';
import { mayRead, presentDossier, readableDossier, writableDossier } from './dossier-access.ts';
import { HttpRefusal, lambdaHandler, on } from './handler.ts';
import { isProvinceWide, type Principal } from './principal.ts';

export const notEditable = (status: string) =>
  new InvalidStateError({
    vi: `Hồ sơ đang ở trạng thái "${status}": chỉ sửa được khi là bản nháp hoặc bị trả lại.`,
    en: `The dossier is "${status}": it can be edited only as a draft or when returned.`,
  });

const ROUND_REQUIRED = new ValidationError(
  { vi: 'Cần chọn đợt khen thưởng (roundId).', en: 'Choose a round (roundId).' },
  [{ path: 'query.roundId', message: { vi: 'bắt buộc với vai trò này', en: 'required for this role' } }],
);

/** One transaction holds a whole submit or withdraw; a dossier larger than that is refused up front. */
const tooManyNominations = (count: number, max: number, action: { vi: string; en: string }) =>
  new InvalidStateError(
    {
      vi: `Hồ sơ có ${count} đề nghị khen thưởng; mỗi lần ${action.vi} chỉ xử lý được tối đa ${max} đề nghị. Hãy rút bớt đề nghị hoặc liên hệ quản trị viên.`,
      en: `The dossier has ${count} nominations; ${action.en} handles at most ${max} at once. Withdraw some nominations or contact the administrator.`,
    },
    [],
    { nominations: count, max },
  );

/** Nominations that go with the dossier; the others stay as the appraisers left them, withdrawn ones withdrawn. */
const MOVES_ON_SUBMIT: ReadonlySet<NominationStatus> = new Set(['draft', 'returned']);
/** Final nominations a withdrawal leaves as they are; any other must be able to be withdrawn. */
const KEPT_ON_WITHDRAW: ReadonlySet<NominationStatus> = new Set(['withdrawn', 'rejected', 'not_awarded']);

function nominationAudit(
  principal: Principal,
  now: Date,
  action: string,
  before: NominationRecord,
  after: NominationRecord,
) {
  return auditPut(actorOf(principal, 'unit_officer'), now, {
    entityId: after.nominationId,
    entityType: 'nomination',
    action,
    unitId: after.proposingUnitId,
    before,
    after,
  });
}

/**
 * Moves nominations with their dossier (SPEC §6): each gets a versioned put of its whole item (so its
 * round index keys follow the new status), any extra writes, and its audit record.
 */
function moveNominations(
  nominations: readonly NominationRecord[],
  action: NominationAction,
  principal: Principal,
  now: Date,
  extra: (n: NominationRecord) => TxItem[] = () => [],
) {
  const after = new Map<string, NominationRecord>();
  const writes: TxItem[] = [];
  for (const n of nominations) {
    const next: NominationRecord = {
      ...n,
      status: nextNominationStatus(n.status, action),
      version: n.version + 1,
      updatedAt: now.toISOString(),
    };
    after.set(n.nominationId, next);
    writes.push(
      putVersioned(nominationItem(next), n.version, versionConflict),
      ...extra(n),
      nominationAudit(principal, now, action, n, next),
    );
  }
  return { after, writes };
}

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
    const { round, campaign } = await requireRound(body.roundId);
    // A new draft is only worth starting while it can still be submitted (R-DL-1).
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
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const presented = { ...dossier, nominations: [], documents: [] };
    await transact([
      create(
        {
          ...unitDossierLockKey(dossier.roundId, dossier.unitId),
          entity: 'lock',
          dossierId: dossier.dossierId,
        },
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
    const next: DossierRecord = {
      ...before,
      ...body,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    };
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
  // R-DOS-3, R-DL-1, R-DL-2: the dossier and its draft or returned nominations go to the appraisers together.
  on(routes.submitDossier, async ({ params, principal, now, lang, expectedVersion }) => {
    const ctx = await writableDossier(principal, params.dossierId);
    const before = ctx.dossier;
    const status = nextDossierStatus(before.status, 'submit');
    if (before.version !== expectedVersion) throw versionConflict();
    assertCanSubmit({
      now,
      round: ctx.round,
      campaign: ctx.campaign,
      extension: await getExtension(before.roundId, before.unitId),
      dossierStatus: before.status,
    });
    assertComplete({
      nominations: ctx.nominations.map((n) => ({
        nominationId: n.nominationId,
        status: n.status,
        content: n,
      })),
      documents: ctx.documents,
      roundKind: ctx.round.kind,
    });
    const moving = ctx.nominations.filter((n) => MOVES_ON_SUBMIT.has(n.status));
    // The dossier and its audit record, then a put and an audit record per nomination.
    const max = Math.floor((MAX_TRANSACTION_ITEMS - 2) / 2);
    if (moving.length > max) throw tooManyNominations(moving.length, max, { vi: 'nộp', en: 'a submission' });
    const at = now.toISOString();
    const next: DossierRecord = {
      ...before,
      status,
      submittedAt: at,
      // The reasons of a return were answered by this resubmission; the audit trail keeps them.
      returnReasons: undefined,
      version: before.version + 1,
      updatedAt: at,
    };
    const writes: TxItem[] = [
      putVersioned(dossierItem(next), expectedVersion, versionConflict),
      auditPut(actorOf(principal, 'unit_officer'), now, {
        entityId: next.dossierId,
        entityType: 'dossier',
        action: 'submit',
        unitId: next.unitId,
        before,
        after: next,
      }),
    ];
    const moved = moveNominations(moving, 'submit', principal, now);
    await transact([...writes, ...moved.writes]);
    const nominations = ctx.nominations.map((n) => moved.after.get(n.nominationId) ?? n);
    return { body: await presentDossier({ ...ctx, dossier: next, nominations }, principal, lang) };
  }),

  // SPEC §6: draft|returned → withdrawn; the nominees and the unit's place in the round are released.
  on(routes.withdrawDossier, async ({ params, principal, now, lang, expectedVersion }) => {
    const ctx = await writableDossier(principal, params.dossierId);
    const before = ctx.dossier;
    const status = nextDossierStatus(before.status, 'withdraw');
    if (before.version !== expectedVersion) throw versionConflict();
    const moving = ctx.nominations.filter((n) => !KEPT_ON_WITHDRAW.has(n.status));
    // The dossier, its lock and its audit record, then per nomination a put, its lock and an audit record.
    const max = Math.floor((MAX_TRANSACTION_ITEMS - 3) / 3);
    if (moving.length > max) throw tooManyNominations(moving.length, max, { vi: 'rút', en: 'a withdrawal' });
    const at = now.toISOString();
    const next: DossierRecord = { ...before, status, version: before.version + 1, updatedAt: at };
    const writes: TxItem[] = [
      putVersioned(dossierItem(next), expectedVersion, versionConflict),
      // The unit may start a new dossier for this round.
      remove(unitDossierLockKey(before.roundId, before.unitId)),
      auditPut(actorOf(principal, 'unit_officer'), now, {
        entityId: next.dossierId,
        entityType: 'dossier',
        action: 'withdraw',
        unitId: next.unitId,
        before,
        after: next,
      }),
    ];
    // Throws INVALID_STATE for a nomination past appraisal (recommended, awarded).
    // R-DUP-1: only non-withdrawn nominations hold their nominee, so each releases its lock.
    const moved = moveNominations(moving, 'withdraw', principal, now, (n) => [
      remove(nomineeLockKey(before.roundId, n.nomineeKey)),
    ]);
    await transact([...writes, ...moved.writes]);
    const nominations = ctx.nominations.map((n) => moved.after.get(n.nominationId) ?? n);
    return { body: await presentDossier({ ...ctx, dossier: next, nominations }, principal, lang) };
  }),
]);
