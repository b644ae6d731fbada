// Units: the registry of proposing units and their tiers (R-TIER-1). Admins create and update; the
// registry's import is served by functions/http/exports.ts (the spreadsheet function).

import { ValidationError } from '#domain/errors.ts';
import { validateUnitHistory, validateUnitPlacement } from '#domain/units.ts';
import * as routes from '../routes/units.ts';
import { actorOf } from '../pipeline/principal.ts';
import {
  getUnit,
  listUnits,
  UnitDirectory,
  type UnitRecord,
  createUnitRecord,
  saveUnitEdit,
  unitNotFound,
} from '../store/units.ts';
import { type Impl, lambdaHandler, on, parseIfMatch } from '../pipeline/handler.ts';

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
  await chain.load(...(unit.successorUnitIds ?? []));
  const problems = [
    ...validateUnitPlacement(unit, parent, chain.lookup),
    ...validateUnitHistory(unit, chain.lookup),
  ];
  if (problems.length > 0) {
    throw new ValidationError(
      { vi: 'Vị trí đơn vị không hợp lệ.', en: 'Invalid unit placement.' },
      problems.map((p) => ({ ...p, path: `body.${p.path}` })),
    );
  }
}

const listUnitsRoute: Impl<typeof routes.listUnits> = async ({ query }) => ({ body: await listUnits(query) });

const getUnitRoute: Impl<typeof routes.getUnit> = async ({ params }) => {
  const unit = await getUnit(params.unitId);
  if (!unit) throw unitNotFound(params.unitId);
  return { body: unit };
};

const createUnit: Impl<typeof routes.createUnit> = async ({ body, principal, now, idempotency }) => {
  const at = now.toISOString();
  const unit: UnitRecord = { ...body, version: 1, createdAt: at, updatedAt: at };
  await checkPlacement(unit);
  await createUnitRecord(unit, actorOf(principal, 'admin'), now, idempotency?.record(201, unit));
  return { status: 201, body: unit };
};

const updateUnit: Impl<typeof routes.updateUnit> = async ({ params, body, principal, now, headers }) => {
  if (body.unitId !== undefined && body.unitId !== params.unitId) {
    throw new ValidationError({ vi: 'Không đổi được mã đơn vị.', en: 'A unit id cannot change.' }, [
      { path: 'body.unitId', message: { vi: 'phải trùng mã trên đường dẫn', en: 'must match the path' } },
    ]);
  }
  const current = await getUnit(params.unitId);
  if (!current) throw unitNotFound(params.unitId);
  // If-Match is optional here (a unit is edited by one admin at a time), but when sent it must be a
  // version, parsed as on every other route.
  const expected = parseIfMatch(headers['if-match']) ?? current.version;
  const next: UnitRecord = {
    unitId: current.unitId,
    name: body.name,
    tier: body.tier,
    parentUnitId: body.parentUnitId,
    parScored: body.parScored,
    validFrom: body.validFrom,
    validTo: body.validTo,
    successorUnitIds: body.successorUnitIds,
    contactEmails: body.contactEmails,
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: now.toISOString(),
  };
  await checkPlacement(next);
  await saveUnitEdit(current, next, expected, actorOf(principal, 'admin'), now);
  return { body: next };
};

export const handler = lambdaHandler([
  on(routes.listUnits, listUnitsRoute),
  on(routes.getUnit, getUnitRoute),
  on(routes.createUnit, createUnit),
  on(routes.updateUnit, updateUnit),
]);
