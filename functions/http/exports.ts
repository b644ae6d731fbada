// The spreadsheet function. Out: the official award list (seed III.2) and the appraisers' working list of a
// round, as CSV (UTF-8 with BOM, so Excel shows Vietnamese) and Excel. In: the imports of the unit registry
// and of index results (SPEC §4), a CSV file or an .xlsx workbook, all lines or none. A function of its own:
// exceljs, which writes and reads the workbooks, is large and stays out of every other function (SPEC §10);
// the largest import file gets IMPORT_TIMEOUT_SECONDS (infra/stateless-stack.ts).

import {
  APPRAISAL_DECISION_LABELS,
  type AppraisalDecision,
  REACHED_APPRAISAL,
  reportStanding,
} from '#domain/appraisal.ts';
import {
  AWARD_LIST_HEADERS,
  type AwardListEntry,
  awardListCells,
  CRITERION_SHORT_LABELS,
  CRITERION_STATUS_VI,
  eligibleText,
  officialAwardList,
  tierTitle,
} from '#domain/awards.ts';
import { defaultRoundName, roundTiers } from '#domain/campaign.ts';
import { compareVi } from '#domain/format.ts';
import { NOMINATION_STATUS_LABELS, NOMINEE_TYPE_LABELS } from '#domain/labels.ts';
import { isIndividualNominee } from '#domain/nominee.ts';
import type { IndexResultChange } from '#domain/index-results.ts';
import type { CampaignCopy, CriterionCode, NomineeType, Tier, Unit } from '#domain/types.ts';
import { validateUnitHistory, validateUnitPlacement } from '#domain/units.ts';
import { toCsv } from '../lib/csv.ts';
import { type ImportFile, MAX_INDEX_RESULT_LINES, MAX_UNIT_LINES, readImport } from '../lib/csv-import.ts';
import { actorOf, type Principal } from '../pipeline/principal.ts';
import { issueMessage } from '../pipeline/validation.ts';
import { IndexResultBody, IndexResultParams, UnitBody } from '../schemas.ts';
import * as routes from '../routes/exports.ts';
import { loadExcelJS } from '../lib/exceljs.ts';
import { loadDossier, type NominationRecord, nominationsOfRound } from '../store/dossiers.ts';
import { type RoundRecord, requireRound } from '../store/rounds.ts';
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
import { type DossierContext, eligibilityOf } from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

// ---- lists ----

/** The dossiers of a round's nominations, read once each, to evaluate eligibility (exports only). */
async function contextsOf(
  nominations: readonly NominationRecord[],
  round: RoundRecord,
  campaign: CampaignCopy,
  units: UnitDirectory,
): Promise<Map<string, DossierContext>> {
  const contexts = new Map<string, DossierContext>();
  await Promise.all(
    [...new Set(nominations.map((n) => n.dossierId))].map(async (dossierId) => {
      const bundle = await loadDossier(dossierId);
      if (bundle) contexts.set(dossierId, { ...bundle, round, campaign, units });
    }),
  );
  return contexts;
}

const unitName = (units: UnitDirectory, unitId: string) => units.lookup(unitId)?.name ?? unitId;

/** Who the nominee is, as a list shows it: name, position, and the unit it works in or belongs to. */
function nomineeColumns(n: NominationRecord, units: UnitDirectory) {
  if (isIndividualNominee(n.nominee)) {
    return {
      name: n.nominee.fullName,
      position: n.nominee.position,
      unit: unitName(units, n.nominee.unitId),
    };
  }
  const parent = units.lookup(n.nominee.unitId)?.parentUnitId;
  return {
    name: unitName(units, n.nominee.unitId),
    position: '',
    unit: parent ? unitName(units, parent) : '',
  };
}

async function awardList(roundId: string) {
  // The round and its awarded nominations side by side (the Query needs only the id).
  const [{ round, campaign }, awarded] = await Promise.all([
    requireRound(roundId),
    nominationsOfRound(roundId, 'awarded'),
  ]);
  const units = new UnitDirectory();
  await units.load(...new Set(awarded.flatMap((n) => [n.nominee.unitId, n.proposingUnitId])));
  // Criteria met are kept on the nomination when it is recommended; older records are evaluated now.
  const missing = awarded.filter((n) => !n.appraisal?.criteriaMet);
  const contexts = await contextsOf(missing, round, campaign, units);
  const entries: AwardListEntry[] = await Promise.all(
    awarded.map(async (n) => {
      let met: readonly CriterionCode[] = n.appraisal?.criteriaMet ?? [];
      const ctx = contexts.get(n.dossierId);
      if (!n.appraisal?.criteriaMet && ctx) {
        met = (await eligibilityOf(ctx, n)).criteria.filter((c) => c.status === 'met').map((c) => c.code);
      }
      return {
        nominationId: n.nominationId,
        tier: n.tier,
        nomineeType: n.nomineeType,
        ...nomineeColumns(n, units),
        criteriaMet: met,
        decisionNo: n.award?.decisionNo ?? '',
        decisionDate: n.award?.decisionDate ?? '',
      };
    }),
  );
  return { round, campaign, groups: officialAwardList(entries, roundTiers(round)) };
}

/** The round as people name it (R-I18N-1: no internal ids in an export). */
const roundTitle = (round: RoundRecord) => round.name ?? defaultRoundName(round);

const attachment = (fileName: string) => ({ 'content-disposition': `attachment; filename="${fileName}"` });
const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ROMAN = ['I', 'II', 'III'];

/**
 * The official list as an Excel workbook: title, bold header, a group row per tier (numbered I, II, … in
 * the order of the round's tiers, R-TIER-2) and per nominee type.
 */
async function awardWorkbook(
  round: RoundRecord,
  campaign: CampaignCopy,
  groups: ReturnType<typeof officialAwardList>,
): Promise<Buffer> {
  // exceljs is large: loaded only by this route, not on the other routes' cold starts.
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  workbook.creator = 'Sở Nội vụ tỉnh Sơn La';
  const sheet = workbook.addWorksheet('Danh sách khen thưởng', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  const widths = [6, 32, 24, 36, 12, 60, 22];
  sheet.columns = widths.map((width) => ({ width }));
  const last = String.fromCharCode(64 + widths.length);

  const title = sheet.addRow([
    'DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH SƠN LA',
  ]);
  sheet.mergeCells(`A${title.number}:${last}${title.number}`);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  const subtitle = sheet.addRow([`${roundTitle(round)} – ${campaign.name}`]);
  sheet.mergeCells(`A${subtitle.number}:${last}${subtitle.number}`);
  subtitle.font = { italic: true };
  subtitle.alignment = { horizontal: 'center' };

  const header = sheet.addRow([...AWARD_LIST_HEADERS]);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  });

  let tier: Tier | undefined;
  for (const group of groups) {
    if (group.tier !== tier) {
      tier = group.tier;
      const row = sheet.addRow([
        `${ROMAN[roundTiers(round).indexOf(tier)]}. ${tierTitle(tier).toLocaleUpperCase('vi')}`,
      ]);
      sheet.mergeCells(`A${row.number}:${last}${row.number}`);
      row.font = { bold: true };
    }
    const typeRow = sheet.addRow([
      `${NOMINEE_TYPE_LABELS[group.nomineeType].vi.replace(/^./, (c) => c.toLocaleUpperCase('vi'))}`,
    ]);
    sheet.mergeCells(`A${typeRow.number}:${last}${typeRow.number}`);
    typeRow.font = { bold: true, italic: true };
    for (const entry of group.rows) {
      const row = sheet.addRow(awardListCells(entry));
      row.alignment = { vertical: 'top', wrapText: true };
      row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
    }
  }
  for (let r = 3; r <= sheet.rowCount; r++) {
    sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const WORKING_HEADERS = [
  'STT',
  'Mã đề nghị',
  'Trạng thái',
  'Đơn vị đề nghị',
  'Cấp',
  'Loại đối tượng',
  'Họ và tên / Tên tập thể',
  'Chức vụ',
  'Đơn vị',
  'Đủ điều kiện',
  'Tiêu chuẩn (kết quả đánh giá)',
  'Thẩm định',
  'Lý do',
  'Báo cáo thẩm định',
  'Số quyết định',
] as const;

const TYPE_ORDER: Record<NomineeType, number> = { collective: 0, individual: 1 };

/**
 * The appraisers' working list: every nomination of the round that reached appraisal or was withdrawn,
 * with its decision and whether a sent report carried it (final) or it may still be revised (R-APP-1).
 */
async function workingList(roundId: string) {
  const [{ round, campaign }, ofRound] = await Promise.all([
    requireRound(roundId),
    nominationsOfRound(roundId),
  ]);
  const nominations = ofRound.filter((n) => REACHED_APPRAISAL.includes(n.status) || n.status === 'withdrawn');
  const units = new UnitDirectory();
  await units.load(...new Set(nominations.flatMap((n) => [n.nominee.unitId, n.proposingUnitId])));
  const contexts = await contextsOf(nominations, round, campaign, units);
  const rows = await Promise.all(
    nominations.map(async (n) => {
      const ctx = contexts.get(n.dossierId);
      const eligibility = ctx ? await eligibilityOf(ctx, n) : undefined;
      return {
        n,
        eligibility,
        nominee: nomineeColumns(n, units),
        proposing: unitName(units, n.proposingUnitId),
      };
    }),
  );
  const tierOrder = (tier: Tier) => roundTiers(round).indexOf(tier);
  rows.sort(
    (a, b) =>
      tierOrder(a.n.tier) - tierOrder(b.n.tier) ||
      TYPE_ORDER[a.n.nomineeType] - TYPE_ORDER[b.n.nomineeType] ||
      compareVi(a.proposing, b.proposing) ||
      compareVi(a.nominee.name, b.nominee.name) ||
      a.n.nominationId.localeCompare(b.n.nominationId),
  );
  return rows.map(({ n, eligibility, nominee, proposing }, i) => [
    i + 1,
    n.nominationId,
    NOMINATION_STATUS_LABELS[n.status].vi,
    proposing,
    tierTitle(n.tier),
    NOMINEE_TYPE_LABELS[n.nomineeType].vi,
    nominee.name,
    nominee.position,
    nominee.unit,
    eligibility ? eligibleText(eligibility.eligible) : '',
    eligibility
      ? eligibility.criteria
          .map((c) => `${CRITERION_SHORT_LABELS[c.code]}: ${CRITERION_STATUS_VI[c.status]}`)
          .join('; ')
      : '',
    n.appraisal ? (APPRAISAL_DECISION_LABELS[n.appraisal.decision as AppraisalDecision]?.vi ?? '') : '',
    n.appraisal?.reason ?? '',
    reportStanding(n.appraisal, round).vi,
    n.award?.decisionNo ?? '',
  ]);
}

const awardsCsv: Impl<typeof routes.awardsCsv> = async ({ params }) => {
  const { groups } = await awardList(params.roundId);
  const rows = groups.flatMap((g) => g.rows.map(awardListCells));
  return {
    raw: { contentType: CSV_TYPE, body: toCsv(AWARD_LIST_HEADERS, rows) },
    headers: attachment(`danh-sach-khen-thuong-${params.roundId}.csv`),
  };
};

const awardsXlsx: Impl<typeof routes.awardsXlsx> = async ({ params }) => {
  const { round, campaign, groups } = await awardList(params.roundId);
  return {
    raw: { contentType: XLSX_TYPE, body: await awardWorkbook(round, campaign, groups) },
    headers: attachment(`danh-sach-khen-thuong-${params.roundId}.xlsx`),
  };
};

const nominationsCsv: Impl<typeof routes.nominationsCsv> = async ({ params }) => {
  const rows = await workingList(params.roundId);
  return {
    raw: { contentType: CSV_TYPE, body: toCsv(WORKING_HEADERS, rows) },
    headers: attachment(`de-nghi-${params.roundId}.csv`),
  };
};

// ---- imports ----

// ---- the unit registry ----

const UNIT_COLUMNS = ['unitId', 'name', 'tier', 'parentUnitId', 'parScored'] as const;
/** R-UNIT-1: a unit's history; a file without one of these columns keeps the stored values. */
const HISTORY_COLUMNS = ['validFrom', 'validTo', 'successorUnitIds'] as const;
/** R-MAIL-1: contact addresses, separated by spaces; like the history, a file without it keeps them. */
const KEPT_COLUMNS = [...HISTORY_COLUMNS, 'contactEmails'] as const;
/** Columns a file may add after the required ones, in any order (data/README.md). */
const OPTIONAL_UNIT_COLUMNS = [...KEPT_COLUMNS, 'note'] as const;

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
  sameIds(before.successorUnitIds, unit.successorUnitIds) &&
  sameIds(before.contactEmails, unit.contactEmails);

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
    const parsed = UnitBody().safeParse(
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
        ...(cells.contactEmails?.trim() ? { contactEmails: cells.contactEmails.trim().split(/\s+/) } : {}),
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
    for (const column of KEPT_COLUMNS) {
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
    const params = IndexResultParams().safeParse(
      { year: cells.year, unitId: cells.unitId },
      { reportInput: true },
    );
    const values = IndexResultBody().safeParse(
      {
        parIndexScore: cell(cells.parIndexScore),
        parIndexRank: cell(cells.parIndexRank),
        satisfactionIndex: cell(cells.satisfactionIndex),
      },
      { reportInput: true },
    );
    if (!params.success || !values.success) {
      const issues = [...(params.error?.issues ?? []), ...(values.error?.issues ?? [])];
      for (const issue of issues) {
        const text = issueMessage(issue);
        problems.say(line, `${issue.path.join('.')}: ${text.vi}`, `${issue.path.join('.')}: ${text.en}`);
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
  on(routes.awardsCsv, awardsCsv),
  on(routes.awardsXlsx, awardsXlsx),
  on(routes.nominationsCsv, nominationsCsv),
  on(routes.importUnits, importUnitsRoute),
  on(routes.importIndexResults, importIndexResults),
]);
