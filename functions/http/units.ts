// Units: the registry of proposing units and their tiers (R-TIER-1). Admins create and update.

import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { validateUnitPlacement } from '#domain/units.ts';
import * as routes from '../routes.ts';
import { actorOf, auditPut } from '../store/audit.ts';
import { create, putVersioned, transact } from '../store/db.ts';
import {
  getUnit,
  listUnits,
  UnitDirectory,
  type UnitRecord,
  unitItem,
  unitNotFound,
} from '../store/units.ts';
import { lambdaHandler, on } from './handler.ts';
import { versionConflict } from './common.ts';

async function checkPlacement(unit: UnitRecord) {
  const parent = unit.parentUnitId ? await getUnit(unit.parentUnitId) : undefined;
  if (unit.parentUnitId && !parent) {
    throw new ValidationError(
      { vi: 'Đơn vị cấp trên không tồn tại.', en: 'The parent unit does not exist.' },
      [{ path: 'body.parentUnitId', message: { vi: 'không tồn tại', en: 'does not exist' } }],
    );
  }
  // With the parent's chain loaded, a parent lying below the unit (a loop) is refused as well.
  const chain = new UnitDirectory();
  if (parent) await chain.load(parent.unitId);
  const problems = validateUnitPlacement(unit, parent, chain.lookup);
  if (problems.length > 0) {
    throw new ValidationError(
      { vi: 'Vị trí đơn vị không hợp lệ.', en: 'Invalid unit placement.' },
      problems.map((p) => ({ ...p, path: `body.${p.path}` })),
    );
  }
}

/**
 * If-Match is optional here (a unit is edited by one admin at a time), but when sent it must be a version,
 * as on every other route: "x1y" is not version 1, and 400 nines are not a number DynamoDB can store.
 */
function versionOf(ifMatch: string): number {
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(ifMatch);
  if (!match) {
    throw new ValidationError({ vi: 'If-Match không hợp lệ', en: 'Invalid If-Match header' }, [
      {
        path: 'headers.if-match',
        message: { vi: 'phải là số phiên bản, ví dụ "3"', en: 'must be a version number, e.g. "3"' },
      },
    ]);
  }
  return Number(match[1]);
}

export const handler = lambdaHandler([
  on(routes.listUnits, async ({ query }) => ({ body: await listUnits(query) })),

  on(routes.getUnit, async ({ params }) => {
    const unit = await getUnit(params.unitId);
    if (!unit) throw unitNotFound(params.unitId);
    return { body: unit };
  }),

  on(routes.createUnit, async ({ body, principal, now, idempotency }) => {
    const at = now.toISOString();
    const unit: UnitRecord = { ...body, version: 1, createdAt: at, updatedAt: at };
    await checkPlacement(unit);
    await transact([
      create(
        unitItem(unit),
        () =>
          new InvalidStateError({
            vi: `Mã đơn vị ${unit.unitId} đã tồn tại.`,
            en: `Unit id ${unit.unitId} already exists.`,
          }),
      ),
      auditPut(actorOf(principal, 'admin'), now, {
        entityId: unit.unitId,
        entityType: 'unit',
        action: 'create',
        unitId: unit.unitId,
        before: null,
        after: unit,
      }),
      ...(idempotency ? [idempotency.record(201, unit)] : []),
    ]);
    return { status: 201, body: unit };
  }),

  on(routes.updateUnit, async ({ params, body, principal, now, headers }) => {
    if (body.unitId !== undefined && body.unitId !== params.unitId) {
      throw new ValidationError({ vi: 'Không đổi được mã đơn vị.', en: 'A unit id cannot change.' }, [
        { path: 'body.unitId', message: { vi: 'phải trùng mã trên đường dẫn', en: 'must match the path' } },
      ]);
    }
    const current = await getUnit(params.unitId);
    if (!current) throw unitNotFound(params.unitId);
    const ifMatch = headers['if-match'];
    const expected = ifMatch === undefined ? current.version : versionOf(ifMatch);
    const next: UnitRecord = {
      unitId: current.unitId,
      name: body.name,
      tier: body.tier,
      parentUnitId: body.parentUnitId,
      parScored: body.parScored,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: now.toISOString(),
    };
    await checkPlacement(next);
    await transact([
      putVersioned(unitItem(next), expected, versionConflict),
      auditPut(actorOf(principal, 'admin'), now, {
        entityId: next.unitId,
        entityType: 'unit',
        action: 'update',
        unitId: next.unitId,
        before: current,
        after: next,
      }),
    ]);
    return { body: next };
  }),
]);
