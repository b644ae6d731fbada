// The imports of the unit registry and of index results (SPEC §4): a CSV file or an .xlsx workbook, all
// lines or none. A function of their own: exceljs, which reads the workbooks, stays out of the other
// routes' functions, and the largest file gets IMPORT_TIMEOUT_SECONDS (infra/stateless-stack.ts).

import type { IndexResultChange } from '#domain/index-results.ts';
import { validateUnitHistory, validateUnitPlacement } from '#domain/units.ts';
import type { Unit } from '#domain/types.ts';
import { type ImportFile, MAX_INDEX_RESULT_LINES, MAX_UNIT_LINES, readImport } from '../lib/csv-import.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { actorOf, type Principal } from '../pipeline/principal.ts';
import * as routes from '../routes.ts';
import { IndexResultBody, IndexResultParams, UnitBody } from '../schemas.ts';
import {
  getIndexResults,
  getUnits,
  indexResultChangeOf,
  indexResultEntityId,
  saveIndexResults,
  saveUnitImport,
  UnitDirectory,
  type UnitRecord,
} from '../store/units.ts';

// ---- the unit registry ----

const UNIT_COLUMNS = ['unitId', 'name', 'tier', 'parentUnitId', 'parScored'] as const;
/** R-UNIT-1: a unit's history; a file without one of these columns keeps the stored values. */
const HISTORY_COLUMNS = ['validFrom', 'validTo', 'successorUnitIds'] as const;
/** Columns a file may add after the required ones, in any order (data/README.md). */
const OPTIONAL_UNIT_COLUMNS = [...HISTORY_COLUMNS, 'note'] as const;

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
 * The registry as a CSV file or a workbook (the full list of about 200 communes is loaded this way, and a reorganisation:
 * R-UNIT-1). Every line is checked first — fields, duplicates, parents (in the registry or the file), tiers
 * (R-TIER-1), loops, validity and successors (in the registry or the file) — and only a file without
 * problems is written.
 */
async function importUnits(file: ImportFile, principal: Principal, now: Date) {
  const { lines, problems } = await readImport(file, UNIT_COLUMNS, {
    optional: OPTIONAL_UNIT_COLUMNS,
    maxLines: MAX_UNIT_LINES,
  });
  const at = now.toISOString();
  const fromFile = new Map<string, { line: number; unit: Unit; cells: Record<string, string> }>();
  for (const { line, cells } of lines) {
    const parsed = UnitBody.safeParse({
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
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const text = `${issue.path.join('.')}: ${issue.message}`;
        problems.say(line, text, text);
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

const importUnitsRoute: Impl<typeof routes.importUnits> = async ({ body, principal, now }) => ({
  body: await importUnits(body, principal, now),
});

// ---- index results ----

const INDEX_RESULT_COLUMNS = ['year', 'unitId', 'parIndexScore', 'parIndexRank', 'satisfactionIndex'];

/** A cell of an import line: empty keeps the stored value, the word `null` clears it (SPEC §4, edition 2). */
const cell = (text: string | undefined): number | null | undefined => {
  const value = text?.trim() ?? '';
  if (value === '') return undefined;
  if (value === 'null') return null;
  return Number(value);
};

const importIndexResults: Impl<typeof routes.importIndexResults> = async ({ body, principal, now }) => {
  const { lines, problems } = await readImport(body, INDEX_RESULT_COLUMNS, {
    maxLines: MAX_INDEX_RESULT_LINES,
  });
  const accepted: { line: number; of: { year: number; unitId: string }; change: IndexResultChange }[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of lines) {
    const params = IndexResultParams.safeParse({ year: cells.year, unitId: cells.unitId });
    const values = IndexResultBody.safeParse({
      parIndexScore: cell(cells.parIndexScore),
      parIndexRank: cell(cells.parIndexRank),
      satisfactionIndex: cell(cells.satisfactionIndex),
    });
    if (!params.success || !values.success) {
      const issues = [...(params.error?.issues ?? []), ...(values.error?.issues ?? [])];
      for (const issue of issues) {
        const text = `${issue.path.join('.')}: ${issue.message}`;
        problems.say(line, text, text);
      }
      continue;
    }
    const id = indexResultEntityId(params.data);
    if (seen.has(id)) {
      problems.say(line, `trùng năm và đơn vị ${id}`, `duplicate year and unit ${id}`);
      continue;
    }
    seen.add(id);
    accepted.push({ line, of: params.data, change: values.data });
  }
  const units = await getUnits(accepted.map((a) => a.of.unitId));
  for (const { line, of } of accepted) {
    if (!units.has(of.unitId))
      problems.say(line, `đơn vị ${of.unitId} không tồn tại`, `unit ${of.unitId} does not exist`);
  }
  problems.assertNone();
  const stored = await getIndexResults(accepted.map((a) => a.of));
  const changes = accepted.flatMap(
    ({ of, change }) => indexResultChangeOf(stored.get(indexResultEntityId(of)), of, change, now) ?? [],
  );
  await saveIndexResults(changes, actorOf(principal, 'admin'), now);
  return { body: { imported: accepted.length, years: [...new Set(accepted.map((a) => a.of.year))].sort() } };
};

export const handler = lambdaHandler([
  on(routes.importUnits, importUnitsRoute),
  on(routes.importIndexResults, importIndexResults),
]);
