// The yearly movement report (seed IV.1, R-REP-1, D-REP): "các cơ quan, đơn vị thuộc UBND tỉnh, UBND các
// huyện, thành phố … báo cáo kết quả gửi về UBND tỉnh (qua Sở Nội vụ) trước ngày 30 tháng 12 hàng năm".
// A filing of its own, one per unit and year, not part of any dossier: opened as a draft, given its
// verified report file, then submitted before D-REP by the server's clock. Who must file it is campaign
// data (`reportingTiers`). Pure: the store reads and writes, the caller passes the time.

import { DeadlinePassedError, DossierIncompleteError, InvalidStateError } from './errors.ts';
import { formatIctText, isBefore, reportDeadline } from './deadlines.ts';
import { currentDocumentIds, type SlotDocument } from './evidence.ts';
import { DOCUMENT_KIND_LABELS } from './labels.ts';
import { assertVersion, advance, type Versioned } from './lifecycle.ts';
import type { CampaignDefinition, LocalizedText, Unit } from './types.ts';
import { makeLookup, topUnitOf } from './units.ts';

export const MOVEMENT_REPORT_STATUSES = ['draft', 'submitted'] as const;
export type MovementReportStatus = (typeof MOVEMENT_REPORT_STATUSES)[number];

export interface MovementReportState extends Versioned {
  unitId: string;
  year: number;
  status: MovementReportStatus;
  submittedAt?: string | undefined;
}

/** A new report: a draft of its unit and year, version 1. */
export function openMovementReport(args: { unitId: string; year: number; now: Date }) {
  const at = args.now.toISOString();
  return {
    unitId: args.unitId,
    year: args.year,
    status: 'draft' as MovementReportStatus,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * R-REP-1 with R-DOC-3: a report's documents change only while it is a draft; once submitted, what it was
 * submitted with stays. Why not, or undefined when they may.
 */
export function reportEvidenceFreeze(status: MovementReportStatus): LocalizedText | undefined {
  if (status === 'draft') return undefined;
  return {
    vi: 'báo cáo phong trào đã được gửi: tài liệu được giữ nguyên như khi gửi',
    en: 'the movement report has been submitted: its documents stay as they were submitted',
  };
}

export function assertReportEvidenceMayChange(status: MovementReportStatus): void {
  const why = reportEvidenceFreeze(status);
  if (why === undefined) return;
  throw new InvalidStateError(
    { vi: `Không thể thêm tài liệu: ${why.vi}.`, en: `No document can be added: ${why.en}.` },
    [],
    { reportStatus: status },
  );
}

/** R-REP-1: the refusal when the report was submitted between the read and the write of a declaration. */
export const reportFrozenMeanwhile = () =>
  new InvalidStateError({
    vi: 'Không thể thêm tài liệu: báo cáo phong trào vừa được gửi. Hãy tải lại báo cáo.',
    en: 'No document can be added: the movement report was just submitted. Reload it.',
  });

/**
 * Submitting a report (R-REP-1), judged in the order a dossier's submission is: the status allows it (a
 * submitted report is 409), the caller's version is current (412), D-REP has not passed by the server's
 * clock (422 DEADLINE_PASSED), and a verified movement report file is there (422 DOSSIER_INCOMPLETE, the
 * code of every "something required is missing" refusal).
 */
export function submitMovementReport<R extends MovementReportState>(args: {
  report: R;
  documents: readonly SlotDocument[];
  expectedVersion: number;
  now: Date;
}): R {
  const { report, now } = args;
  if (report.status !== 'draft') {
    throw new InvalidStateError(
      {
        vi: `Báo cáo phong trào năm ${report.year} đã được gửi.`,
        en: `The movement report for ${report.year} has already been submitted.`,
      },
      [],
      { entity: 'movement_report', status: report.status, action: 'submit' },
    );
  }
  assertVersion(report, args.expectedVersion);
  const deadline = reportDeadline(report.year);
  if (!isBefore(now, deadline)) {
    const at = formatIctText(deadline);
    throw new DeadlinePassedError(
      {
        vi: `Đã quá hạn gửi báo cáo kết quả phong trào thi đua năm ${report.year}: hạn là trước ${at.vi}.`,
        en: `The movement report for ${report.year} is overdue: it was due before ${at.en}.`,
      },
      [],
      { deadline, deadlineKind: 'report' },
    );
  }
  const current = currentDocumentIds(args.documents);
  if (!args.documents.some((d) => d.kind === 'movement_report' && current.has(d.documentId))) {
    const label = DOCUMENT_KIND_LABELS.movement_report;
    const pending = args.documents.some((d) => d.status === 'pending');
    throw new DossierIncompleteError(
      {
        vi: `Chưa gửi được báo cáo: cần ${label.vi} đã xác minh.`,
        en: `The report cannot be submitted yet: a verified ${label.en} is required.`,
      },
      [
        {
          path: 'documents.movement_report',
          message: pending
            ? { vi: 'tệp đã khai báo nhưng chưa được xác minh', en: 'declared but not verified yet' }
            : { vi: 'chưa có tệp báo cáo', en: 'missing' },
        },
      ],
    );
  }
  return advance(report, { status: 'submitted', submittedAt: now.toISOString() }, now);
}

/**
 * R-REP-1: the units that must file the report under a campaign — the top unit of each of its
 * `reportingTiers` (Plan 1109: the provincial agencies and the district people's committees, the units
 * seed IV.1 names; not their sub-units, and not communes).
 */
export function reportingUnits(units: readonly Unit[], campaign: Pick<CampaignDefinition, 'reportingTiers'>) {
  const lookup = makeLookup(units);
  return units.filter(
    (u) => campaign.reportingTiers.includes(u.tier) && topUnitOf(u.unitId, lookup)?.unitId === u.unitId,
  );
}

/**
 * The campaign a year's report falls under, for its document rules: the one whose years (start to end
 * date, by calendar year) hold it, the latest-starting when several do; when none does (a year after the
 * last movement ended, before the next is recorded), the most recent one. Undefined only without campaigns.
 */
export function campaignOfYear<C extends Pick<CampaignDefinition, 'campaignId' | 'startDate' | 'endDate'>>(
  campaigns: readonly C[],
  year: number,
): C | undefined {
  const yearOf = (date: string) => Number(date.slice(0, 4));
  const latest = (list: readonly C[], by: (c: C) => string) =>
    [...list].sort((a, b) => by(b).localeCompare(by(a)) || a.campaignId.localeCompare(b.campaignId))[0];
  const holding = campaigns.filter((c) => yearOf(c.startDate) <= year && year <= yearOf(c.endDate));
  return holding.length > 0 ? latest(holding, (c) => c.startDate) : latest(campaigns, (c) => c.endDate);
}
