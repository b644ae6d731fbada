// Awards (R-QUOTA-2(b), seed III.2, III.4): the approver grants recommended nominations, all or nothing,
// in ONE DynamoDB transaction whose conditional counters keep every quota cell within its quota under any
// concurrency; closing a round leaves the rest not awarded; the official list and the appraisers' working
// list as CSV (UTF-8 with BOM) and Excel.

import { REACHED_APPRAISAL } from '#domain/appraisal.ts';
import {
  AWARD_LIST_HEADERS,
  assertGrantable,
  type AwardListEntry,
  awardListCells,
  CRITERION_STATUS_VI,
  eligibleText,
  officialAwardList,
  quotaCellFullError,
  tierTitle,
} from '#domain/awards.ts';
import { InvalidStateError, ValidationError } from '#domain/errors.ts';
import { NOMINATION_STATUS_LABELS, NOMINEE_TYPE_LABELS, ROUND_KIND_LABELS } from '#domain/labels.ts';
import { nextDossierStatus, nextNominationStatus } from '#domain/lifecycle.ts';
import { isIndividualNominee } from '#domain/nominee.ts';
import { assertGrantWithinQuota, type QuotaCellRef } from '#domain/quota.ts';
import type { CriterionCode, Lang, NomineeType, Tier } from '#domain/types.ts';
import { toCsv } from '../lib/csv.ts';
import * as routes from '../routes.ts';
import { type Actor, actorOf, auditPut } from '../store/audit.ts';
import {
  getItem,
  MAX_TRANSACTION_ITEMS,
  putVersioned,
  strip,
  transact,
  type TxItem,
  update,
} from '../store/db.ts';
import {
  type DossierRecord,
  dossierIdOf,
  dossierItem,
  listDossiersOfRound,
  loadDossier,
  type NominationRecord,
  nominationItem,
  nominationsOfRound,
} from '../store/dossiers.ts';
import { awardedCounterKey, nominationKey } from '../store/keys.ts';
import {
  type CampaignRecord,
  getRound,
  type RoundRecord,
  requireRound,
  roundItem,
  roundNotFound,
  roundState,
} from '../store/rounds.ts';
import { UnitDirectory } from '../store/units.ts';
import { versionConflict } from './common.ts';
import { type DossierContext, eligibilityOf, presentNomination, readableDossier } from './dossier-access.ts';
import { lambdaHandler, on } from './handler.ts';
import type { Principal } from './principal.ts';
import { assertRoundOpen, type ClosableRound, closedAtOf, roundIsOpen } from './round-closing.ts';

// ---- granting ----

/**
 * A grant's transaction holds, per nomination, its versioned update and its audit record; per quota cell
 * one conditional counter; plus the round-open check and the decision's audit record. DynamoDB takes at
 * most 100 items, so a decision is limited up front instead of being split (it must be all or nothing).
 */
const grantItems = (nominations: number, cells: number) => 2 * nominations + cells + 2;

const tooLarge = (count: number, cells: number) => {
  const most = Math.floor((MAX_TRANSACTION_ITEMS - 2 - Math.max(cells, 1)) / 2);
  return new ValidationError(
    {
      vi: `Một quyết định khen thưởng ở đây xử lý được tối đa ${most} đề nghị (${cells || 1} nhóm chỉ tiêu) trong một lần, để bảo đảm khen thưởng tất cả hoặc không gì cả; yêu cầu có ${count}. Hãy chia thành nhiều lần gửi.`,
      en: `One grant can take at most ${most} nominations (${cells || 1} quota cell(s)) so that it applies all or nothing; this one has ${count}. Split it into several requests.`,
    },
    [
      {
        path: 'body.nominationIds',
        message: { vi: `tối đa ${most} đề nghị mỗi lần`, en: `at most ${most} per request` },
      },
    ],
  );
};

function assertNoDuplicates(ids: readonly string[]): void {
  const seen = new Set<string>();
  const items = [];
  for (const [i, id] of ids.entries()) {
    if (seen.has(id))
      items.push({
        path: `body.nominationIds[${i}]`,
        message: { vi: `${id} bị lặp lại`, en: `${id} is repeated` },
      });
    seen.add(id);
  }
  if (items.length > 0) {
    throw new ValidationError(
      { vi: 'Danh sách đề nghị có mã bị lặp lại.', en: 'The list repeats a nomination id.' },
      items,
    );
  }
}

/**
 * The listed nominations, each read by key (consistent): a grant never needs whole dossiers. A draft is
 * not shown to province-wide readers (SPEC §8: never reveal what one may not read), so it counts as unknown.
 */
async function loadListed(ids: readonly string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const dossierId = await dossierIdOf(id, 'nomination');
      const item = dossierId ? await getItem(nominationKey(dossierId, id)) : undefined;
      const nomination = item ? strip<NominationRecord>(item) : undefined;
      return { id, nomination: nomination?.status === 'draft' ? undefined : nomination };
    }),
  );
}

/** The granted nominations as the API shows them, with their eligibility (one dossier read each). */
async function presentGranted(awarded: readonly NominationRecord[], principal: Principal, lang: Lang) {
  const contexts = new Map<string, DossierContext>();
  for (const dossierId of new Set(awarded.map((n) => n.dossierId))) {
    contexts.set(dossierId, await readableDossier(principal, dossierId));
  }
  return Promise.all(
    awarded.map(async (n) => {
      const ctx = contexts.get(n.dossierId) as DossierContext;
      return presentNomination(n, await eligibilityOf(ctx, n), principal, lang);
    }),
  );
}

const changedMeanwhile = (n: NominationRecord) => () =>
  new InvalidStateError(
    {
      vi: 'Một đề nghị vừa được thay đổi bởi thao tác khác (ví dụ đã được khen thưởng); không khen thưởng đề nghị nào. Hãy tải lại và thử lại.',
      en: 'A nomination was changed by another request meanwhile (for example already awarded); nothing was granted. Reload and try again.',
    },
    [{ path: n.nominationId, message: { vi: 'vừa thay đổi', en: 'changed meanwhile' } }],
  );

interface Cell extends QuotaCellRef {
  count: number;
}

function cellsOf(nominations: readonly NominationRecord[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const n of nominations) {
    const key = `${n.tier}#${n.nomineeType}`;
    const cell = cells.get(key) ?? { tier: n.tier, nomineeType: n.nomineeType, count: 0 };
    cell.count += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/**
 * R-QUOTA-2(b): ADD the cell's new awards to its counter only while the counter (absent = 0) is at most
 * quota − n. DynamoDB evaluates the condition and applies the ADD atomically, inside the transaction: no
 * read of ours is trusted, so no interleaving of requests can push a cell over its quota.
 */
function counterUpdate(roundId: string, cell: Cell, quota: number, now: Date): TxItem {
  const max = quota - cell.count;
  if (max < 0) throw quotaCellFullError({ ...cell, quota, requested: cell.count });
  return update(
    awardedCounterKey(roundId, cell.tier, cell.nomineeType),
    'SET #entity = :entity, #round = :round, #tier = :tier, #type = :type, #at = :now ADD #c :n',
    {
      condition: 'attribute_not_exists(#c) OR #c <= :max',
      names: {
        '#c': 'count',
        '#entity': 'entity',
        '#round': 'roundId',
        '#tier': 'tier',
        '#type': 'nomineeType',
        '#at': 'updatedAt',
      },
      values: {
        ':n': cell.count,
        ':max': max,
        ':entity': 'counter',
        ':round': roundId,
        ':tier': cell.tier,
        ':type': cell.nomineeType,
        ':now': now.toISOString(),
      },
    },
    () => quotaCellFullError({ ...cell, quota, requested: cell.count }),
  );
}

// ---- closing a round ----

/** Marks a write skipped because its object moved since it was read (another request got there first). */
class Moved extends Error {
  override readonly name = 'Moved';
}

/**
 * Applies independent changes in transactions of `size` entries; when one entry's condition fails the
 * chunk is replayed one entry at a time, skipping those that moved. Returns how many were applied.
 */
async function applyEach<T>(
  entries: readonly T[],
  writesOf: (entry: T) => TxItem[],
  size = 25,
): Promise<number> {
  let applied = 0;
  for (let start = 0; start < entries.length; start += size) {
    const chunk = entries.slice(start, start + size);
    try {
      await transact(chunk.flatMap(writesOf));
      applied += chunk.length;
    } catch (error) {
      if (!(error instanceof Moved)) throw error;
      for (const entry of chunk) {
        try {
          await transact(writesOf(entry));
          applied += 1;
        } catch (inner) {
          if (!(inner instanceof Moved)) throw inner;
        }
      }
    }
  }
  return applied;
}

/**
 * Closes a round (seed III.4: after the Chairman's decision): stamps `closedAt` first, so no appraisal or
 * grant can commit afterwards; then recommended nominations not granted become `not_awarded` and
 * submitted dossiers `closed`, each with its audit record in the same transaction. Running it again is
 * harmless and picks up anything the round index showed late. Returned dossiers are left to the
 * deadline sweep; nominations never appraised stay `submitted` and are counted in `unappraised`.
 */
export async function closeRound(roundId: string, now: Date, actor: Actor, reason?: string) {
  const { round } = await requireRound(roundId);
  let closedAt = closedAtOf(round);
  if (!closedAt) {
    closedAt = now.toISOString();
    const next: ClosableRound = { ...round, closedAt, version: round.version + 1, updatedAt: closedAt };
    await transact([
      putVersioned(roundItem(next), round.version, versionConflict),
      auditPut(actor, now, {
        entityId: roundId,
        entityType: 'round',
        action: 'close',
        before: round,
        after: next,
        reason,
      }),
    ]);
  }
  const at = now.toISOString();
  const notAwarded = await applyEach(await nominationsOfRound(roundId, 'recommended'), (n) => {
    const next: NominationRecord = {
      ...n,
      status: nextNominationStatus(n.status, 'not_award'),
      version: n.version + 1,
      updatedAt: at,
    };
    return [
      putVersioned(nominationItem(next), n.version, () => new Moved()),
      auditPut(actor, now, {
        entityId: n.nominationId,
        entityType: 'nomination',
        action: 'not_award',
        unitId: n.proposingUnitId,
        before: n,
        after: next,
        reason,
      }),
    ];
  });
  const submitted: DossierRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listDossiersOfRound(roundId, 'submitted', 100, nextToken);
    submitted.push(...page.items.map((i) => strip<DossierRecord>(i)));
    nextToken = page.nextToken;
  } while (nextToken);
  const closedDossiers = await applyEach(submitted, (d) => {
    const next: DossierRecord = {
      ...d,
      status: nextDossierStatus(d.status, 'close'),
      version: d.version + 1,
      updatedAt: at,
    };
    return [
      putVersioned(dossierItem(next), d.version, () => new Moved()),
      auditPut(actor, now, {
        entityId: d.dossierId,
        entityType: 'dossier',
        action: 'close',
        unitId: d.unitId,
        before: d,
        after: next,
        reason,
      }),
    ];
  });
  const unappraised = (await nominationsOfRound(roundId, 'submitted')).length;
  return { roundId, closedAt, notAwarded, closedDossiers, unappraised };
}

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
  return { round, groups: officialAwardList(entries) };
}

const roundTitle = (round: RoundRecord) => {
  const years = round.kind === 'annual' ? String(round.year ?? '') : (round.years ?? []).join('–');
  const kind = ROUND_KIND_LABELS[round.kind].vi;
  return `Đợt ${round.roundId}: ${kind.charAt(0).toLocaleUpperCase('vi')}${kind.slice(1)} ${years}`.trim();
};

const attachment = (fileName: string) => ({ 'content-disposition': `attachment; filename="${fileName}"` });
const CSV_TYPE = 'text/csv; charset=utf-8';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ROMAN = ['I', 'II', 'III'];

/** The official list as an Excel workbook: title, bold header, a group row per tier and per nominee type. */
async function awardWorkbook(
  round: RoundRecord,
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
  const subtitle = sheet.addRow([
    `${roundTitle(round)} – Phong trào thi đua “Đẩy mạnh cải cách hành chính Nhà nước tỉnh Sơn La”`,
  ]);
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
        `${ROMAN[['province', 'district', 'commune'].indexOf(tier)]}. ${tierTitle(tier).toLocaleUpperCase('vi')}`,
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
  'Số quyết định',
] as const;

const TIER_ORDER: Record<Tier, number> = { province: 0, district: 1, commune: 2 };
const TYPE_ORDER: Record<NomineeType, number> = { collective: 0, individual: 1 };
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** The appraisers' working list: every nomination of the round that reached appraisal or was withdrawn. */
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
  rows.sort(
    (a, b) =>
      TIER_ORDER[a.n.tier] - TIER_ORDER[b.n.tier] ||
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
      ? eligibility.criteria.map((c) => `${c.code}: ${CRITERION_STATUS_VI[c.status]}`).join('; ')
      : '',
    n.appraisal?.decision ?? '',
    n.appraisal?.reason ?? '',
    n.award?.decisionNo ?? '',
  ]);
}

export const handler = lambdaHandler([
  on(routes.grantAwards, async ({ params, body, principal, now, lang }) => {
    const ids = body.nominationIds;
    assertNoDuplicates(ids);
    if (grantItems(ids.length, 1) > MAX_TRANSACTION_ITEMS) throw tooLarge(ids.length, 1);
    const round = await getRound(params.roundId);
    if (!round) throw roundNotFound(params.roundId);
    assertRoundOpen(round);

    const listed = await loadListed(ids);
    assertGrantable(round.roundId, listed);
    const nominations = listed.map((l) => l.nomination as NominationRecord);
    const cells = cellsOf(nominations);
    if (grantItems(nominations.length, cells.length) > MAX_TRANSACTION_ITEMS)
      throw tooLarge(ids.length, cells.length);
    // A read, for a good message only: the counters' conditions below are the guarantee.
    assertGrantWithinQuota(round.quotas, (await roundState(round.roundId)).awarded, nominations);

    const at = now.toISOString();
    const actor = actorOf(principal, 'approver');
    const award = { decisionNo: body.decisionNo, decisionDate: body.decisionDate, at };
    const awarded = nominations.map(
      (n): NominationRecord => ({
        ...n,
        status: nextNominationStatus(n.status, 'award'),
        award,
        version: n.version + 1,
        updatedAt: at,
      }),
    );
    await transact([
      roundIsOpen(round.roundId),
      ...cells.map((cell) =>
        counterUpdate(round.roundId, cell, round.quotas[cell.tier][cell.nomineeType], now),
      ),
      ...awarded.flatMap((next, i) => {
        const before = nominations[i] as NominationRecord;
        return [
          putVersioned(nominationItem(next), before.version, changedMeanwhile(before)),
          auditPut(actor, now, {
            entityId: next.nominationId,
            entityType: 'nomination',
            action: 'award',
            unitId: next.proposingUnitId,
            before,
            after: next,
          }),
        ];
      }),
      auditPut(actor, now, {
        entityId: round.roundId,
        entityType: 'award',
        action: 'grant',
        before: null,
        after: { ...award, nominationIds: ids, cells },
      }),
    ]);
    const presented = await presentGranted(awarded, principal, lang);
    return { body: { awarded: presented } };
  }),

  on(routes.closeRound, async ({ params, body, principal, now }) => ({
    body: await closeRound(params.roundId, now, actorOf(principal, 'admin'), body.reason),
  })),

  on(routes.awardsCsv, async ({ params }) => {
    const { groups } = await awardList(params.roundId);
    const rows = groups.flatMap((g) => g.rows.map(awardListCells));
    return {
      raw: { contentType: CSV_TYPE, body: toCsv(AWARD_LIST_HEADERS, rows) },
      headers: attachment(`danh-sach-khen-thuong-${params.roundId}.csv`),
    };
  }),

  on(routes.awardsXlsx, async ({ params }) => {
    const { round, groups } = await awardList(params.roundId);
    return {
      raw: { contentType: XLSX_TYPE, body: await awardWorkbook(round, groups) },
      headers: attachment(`danh-sach-khen-thuong-${params.roundId}.xlsx`),
    };
  }),

  on(routes.nominationsCsv, async ({ params }) => {
    const rows = await workingList(params.roundId);
    return {
      raw: { contentType: CSV_TYPE, body: toCsv(WORKING_HEADERS, rows) },
      headers: attachment(`de-nghi-${params.roundId}.csv`),
    };
  }),
]);
