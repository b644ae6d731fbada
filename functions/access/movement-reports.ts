// Who may see and change a unit's yearly movement report (R-REP-1), and how it is shown. Scoped like the
// rest of a unit's data: the unit's officers and those of the units above it read it, province-wide roles
// read every one; only the unit's own officers change it. Anything else is 404 (never reveal it exists).

import { reportDeadline } from '#domain/deadlines.ts';
import { currentDocumentIds } from '#domain/evidence.ts';
import { renderText } from '#domain/texts.ts';
import type { Lang } from '#domain/types.ts';
import { canRead } from '#domain/units.ts';
import {
  loadMovementReport,
  type MovementReportBundle,
  type ReportDocumentRecord,
} from '../store/movement-reports.ts';
import { NotFoundError } from '#domain/errors.ts';
import { UnitDirectory } from '../store/units.ts';
import { hasRole, isProvinceWide, type Principal } from '../pipeline/principal.ts';

export const reportNotFound = () =>
  new NotFoundError({
    vi: 'Không tìm thấy báo cáo kết quả phong trào thi đua.',
    en: 'Movement report not found.',
  });

/** Whether the caller may read a unit's report: province-wide roles, the unit and the units above it. */
export async function mayReadReportOf(principal: Principal, unitId: string): Promise<boolean> {
  if (isProvinceWide(principal)) return true;
  if (!hasRole(principal, 'unit_officer') || !principal.unitId) return false;
  const units = new UnitDirectory();
  await units.load(unitId, principal.unitId);
  return canRead({ principalUnitId: principal.unitId, objectUnitId: unitId, lookup: units.lookup });
}

/** Only the unit's own officers open, fill and submit its report. */
export const mayWriteReportOf = (principal: Principal, unitId: string) =>
  hasRole(principal, 'unit_officer') && principal.unitId === unitId;

/** The report with its documents, if the caller may read it; `notFound` otherwise. */
export async function readableReport(
  principal: Principal,
  unitId: string,
  year: number,
  notFound: () => Error = reportNotFound,
): Promise<MovementReportBundle> {
  const [readable, bundle] = await Promise.all([
    mayReadReportOf(principal, unitId),
    loadMovementReport(unitId, year),
  ]);
  if (!readable || !bundle) throw notFound();
  return bundle;
}

/** The report with its documents, if the caller may change it; `notFound` otherwise. */
export async function writableReport(
  principal: Principal,
  unitId: string,
  year: number,
  notFound: () => Error = reportNotFound,
): Promise<MovementReportBundle> {
  if (!mayWriteReportOf(principal, unitId)) throw notFound();
  const bundle = await loadMovementReport(unitId, year);
  if (!bundle) throw notFound();
  return bundle;
}

/** A report's documents as readers see them: no object key, reasons in their language, `current` marked. */
export function presentReportDocuments(documents: readonly ReportDocumentRecord[], lang: Lang) {
  const current = currentDocumentIds(documents);
  return documents.map(({ objectKey: _key, reason, ...d }) => {
    const text = renderText(reason, lang);
    return { ...d, ...(text === undefined ? {} : { reason: text }), current: current.has(d.documentId) };
  });
}

/** The report as GET shows it, with D-REP (`dueAt`) and its documents. */
export function presentReport(bundle: MovementReportBundle, lang: Lang) {
  return {
    ...bundle.report,
    dueAt: reportDeadline(bundle.report.year),
    documents: presentReportDocuments(bundle.documents, lang),
  };
}
