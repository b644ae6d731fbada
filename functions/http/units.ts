// Units: the registry of proposing units and their tiers (R-TIER-1). Admins create and update.

import { ValidationError } from '#domain/errors.ts';
import { validateUnitHistory, validateUnitPlacement } from '#domain/units.ts';
import * as routes from '../routes.ts';
import { actorOf } from '../pipeline/principal.ts';
import { MAX_UNIT_LINES, readCsvImport } from '../lib/csv-import.ts';
import { UnitBody } from '../schemas.ts';
import type { Unit } from '#domain/types.ts';
import type { Principal } from '../pipeline/principal.ts';
import {
  getUnit,
  listUnits,
  UnitDirectory,
  type UnitRecord,
  createUnitRecord,
  saveUnitEdit,
  saveUnitImport,
  unitNotFound,
} from '../store/units.ts';
import { type Impl, lambdaHandler, on, parseIfMatch } from '../pipeline/handler.ts';
import { issueMessage } from '../pipeline/validation.ts';

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

const UNIT_COLUMNS = ['unitId', 'name', 'tier', 'parentUnitId', 'parScored'] as const;
/** R-UNIT-1: a unit's history; a file without one of these columns keeps the stored values. */
const HISTORY_COLUMNS = ['validFrom', 'validTo', 'successorUnitIds'] as const;

const sameIds = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).join(' ') === (b ?? []).join(' ');

/** Whether an import line changes nothing of a stored unit. */
const unchangedUnit = (before: Unit, unit: Unit) =>
  before.name === unit.name &&
  before.tier === unit.tier &&
  before.parentUnitId === unit.parentUnitId &&
  before.parScored === unit.parScored &&
  before.validFrom === unit.validFrom &&
  before.validTo === unit.validTo &&
  sameIds(before.successorUnitIds, unit.successorUnitIds);

/**
 * The registry as a CSV file (the full list of about 200 communes is loaded this way, and a reorganisation:
 * R-UNIT-1). Every line is checked first — fields, duplicates, parents (in the registry or the file), tiers
 * (R-TIER-1), loops, validity and successors (in the registry or the file) — and only a file without
 * problems is written.
 */
async function importUnits(text: string, principal: Principal, now: Date) {
  const { lines, problems } = readCsvImport(text, UNIT_COLUMNS, {
    optional: [...HISTORY_COLUMNS, 'note'],
    maxLines: MAX_UNIT_LINES,
  });
  const at = now.toISOString();
  const fromFile = new Map<string, { line: number; unit: Unit; cells: Record<string, string> }>();
  for (const { line, cells } of lines) {
    const parsed = UnitBody.safeParse(
      {
        unitId: cells.unitId,
        name: cells.name,
        tier: cells.tier,
        ...(cells.parentUnitId ? { parentUnitId: cells.parentUnitId } : {}),
        ...(cells.validFrom ? { validFrom: cells.validFrom } : {}),
        ...(cells.validTo ? { validTo: cells.validTo } : {}),
        ...(cells.successorUnitIds?.trim()
          ? { successorUnitIds: cells.successorUnitIds.trim().split(/\s+/) }
          : {}),
        parScored:
          cells.parScored === ''
            ? false
            : cells.parScored === 'true'
              ? true
              : cells.parScored === 'false'
                ? false
                : cells.parScored,
      },
      { reportInput: true },
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const text = issueMessage(issue);
        problems.say(line, `${issue.path.join('.')}: ${text.vi}`, `${issue.path.join('.')}: ${text.en}`);
      }
      continue;
    }
    if (fromFile.has(parsed.data.unitId)) {
      problems.say(line, `mã đơn vị ${parsed.data.unitId} lặp lại`, `unit id ${parsed.data.unitId} repeated`);
      continue;
    }
    fromFile.set(parsed.data.unitId, { line, unit: parsed.data, cells });
  }
  // The registry as it will be: stored units (with their chains) overlaid by the file.
  const stored = new UnitDirectory();
  await stored.loadMany([
    ...fromFile.keys(),
    ...[...fromFile.values()].flatMap((e) => [
      ...(e.unit.parentUnitId === undefined ? [] : [e.unit.parentUnitId]),
      ...(e.unit.successorUnitIds ?? []),
    ]),
  ]);
  // A history column the file leaves out keeps the stored value; a column present and empty clears it.
  for (const entry of fromFile.values()) {
    const before = stored.lookup(entry.unit.unitId);
    if (!before) continue;
    for (const column of HISTORY_COLUMNS) {
      if (!(column in entry.cells) && before[column] !== undefined)
        entry.unit = { ...entry.unit, [column]: before[column] };
    }
  }
  // The successors they keep are checked like the file's own.
  await stored.loadMany([...fromFile.values()].flatMap((e) => e.unit.successorUnitIds ?? []));
  const lookup = (unitId: string): Unit | undefined => fromFile.get(unitId)?.unit ?? stored.lookup(unitId);
  for (const { line, unit } of fromFile.values()) {
    for (const p of validateUnitHistory(unit, lookup))
      problems.say(line, `${p.path}: ${p.message.vi}`, `${p.path}: ${p.message.en}`);
    const parent = unit.parentUnitId ? lookup(unit.parentUnitId) : undefined;
    if (unit.parentUnitId && !parent) {
      problems.say(
        line,
        `đơn vị cấp trên ${unit.parentUnitId} không tồn tại`,
        `parent unit ${unit.parentUnitId} does not exist`,
      );
      continue;
    }
    for (const p of validateUnitPlacement(unit, parent, lookup))
      problems.say(line, `${p.path}: ${p.message.vi}`, `${p.path}: ${p.message.en}`);
  }
  problems.assertNone();

  const changes: { before: UnitRecord | undefined; after: UnitRecord }[] = [];
  let unchanged = 0;
  for (const { unit } of fromFile.values()) {
    const before = stored.record(unit.unitId);
    if (before && unchangedUnit(before, unit)) {
      unchanged++;
      continue;
    }
    const after: UnitRecord = before
      ? { ...unit, version: before.version + 1, createdAt: before.createdAt, updatedAt: at }
      : { ...unit, version: 1, createdAt: at, updatedAt: at };
    changes.push({ before, after });
  }
  await saveUnitImport(changes, actorOf(principal, 'admin'), now);
  const updated = changes.filter((c) => c.before).length;
  const created = changes.length - updated;
  return { created, updated, unchanged };
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

const importUnitsRoute: Impl<typeof routes.importUnits> = async ({ body, principal, now }) => ({
  body: await importUnits(body, principal, now),
});

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
  on(routes.importUnits, importUnitsRoute),
  on(routes.updateUnit, updateUnit),
]);
