// The official award list (seed III.2) and the appraisers' working list of a round, as CSV (UTF-8 with
// BOM, so Excel shows Vietnamese) and Excel. A function of its own: the Excel writer is large and has no
// place in the grant path.

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
import { NOMINATION_STATUS_LABELS, NOMINEE_TYPE_LABELS } from '#domain/labels.ts';
import { isIndividualNominee } from '#domain/nominee.ts';
import type { CriterionCode, NomineeType, Tier } from '#domain/types.ts';
import { toCsv } from '../lib/csv.ts';
import * as routes from '../routes.ts';
import { loadDossier, type NominationRecord, nominationsOfRound } from '../store/dossiers.ts';
import { type CampaignRecord, type RoundRecord, requireRound } from '../store/rounds.ts';
import { UnitDirectory } from '../store/units.ts';
import { type DossierContext, eligibilityOf } from '../access/dossiers.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

// ---- lists ----

/** The dossiers of a round's nominations, read once each, to evaluate eligibility (exports only). */
async function contextsOf(
  nominations: readonly NominationRecord[],
  round: RoundRecord,
  campaign: CampaignRecord,
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
  const { round, campaign } = await requireRound(roundId);
  const awarded = await nominationsOfRound(roundId, 'awarded');
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
  campaign: CampaignRecord,
  groups: ReturnType<typeof officialAwardList>,
): Promise<Buffer> {
  // exceljs is large: loaded only by this route, not on the other routes' cold starts.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
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
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * The appraisers' working list: every nomination of the round that reached appraisal or was withdrawn,
 * with its decision and whether a sent report carried it (final) or it may still be revised (R-APP-1).
 */
async function workingList(roundId: string) {
  const { round, campaign } = await requireRound(roundId);
  const nominations = (await nominationsOfRound(roundId)).filter(
    (n) => REACHED_APPRAISAL.includes(n.status) || n.status === 'withdrawn',
  );
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
      collator.compare(a.proposing, b.proposing) ||
      collator.compare(a.nominee.name, b.nominee.name) ||
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

export const handler = lambdaHandler([
  on(routes.awardsCsv, awardsCsv),
  on(routes.awardsXlsx, awardsXlsx),
  on(routes.nominationsCsv, nominationsCsv),
]);
