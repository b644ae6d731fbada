// S3 object keys of the document bucket (R-DOC-2), built and read here and nowhere else. Pure data and
// string work with no SDK or configuration import, so the CDK stacks use the same prefix for the bucket's
// event notification and the functions' IAM grants.

/** Every dossier document lives under this prefix (not to be confused with the table's DOC# sort keys). */
export const DOSSIER_OBJECT_PREFIX = 'dossiers/';
/** Every movement report document (R-REP-1) lives under this one. */
export const MOVEMENT_REPORT_OBJECT_PREFIX = 'movement-reports/';
/** The prefixes of every uploaded document: the bucket's event notifications and grants cover these. */
export const DOCUMENT_OBJECT_PREFIXES = [DOSSIER_OBJECT_PREFIX, MOVEMENT_REPORT_OBJECT_PREFIX] as const;

export interface ObjectKeyParts {
  roundId: string;
  unitId: string;
  dossierId: string;
  documentId: string;
}

/** R-DOC-2: `dossiers/{roundId}/{unitId}/{dossierId}/{documentId}`; nothing of the client's file name. */
export const objectKeyOf = (p: ObjectKeyParts) =>
  `${DOSSIER_OBJECT_PREFIX}${p.roundId}/${p.unitId}/${p.dossierId}/${p.documentId}`;

export interface ReportObjectKeyParts {
  unitId: string;
  year: number;
  documentId: string;
}

/** R-REP-1: `movement-reports/{year}/{unitId}/{documentId}`; nothing of the client's file name. */
export const reportObjectKeyOf = (p: ReportObjectKeyParts) =>
  `${MOVEMENT_REPORT_OBJECT_PREFIX}${p.year}/${p.unitId}/${p.documentId}`;

const SEGMENT = '([A-Za-z0-9][A-Za-z0-9_-]{0,63})';
const OBJECT_KEY = new RegExp(`^${DOSSIER_OBJECT_PREFIX}${SEGMENT}/${SEGMENT}/${SEGMENT}/${SEGMENT}$`);
const REPORT_OBJECT_KEY = new RegExp(`^${MOVEMENT_REPORT_OBJECT_PREFIX}(\\d{4})/${SEGMENT}/${SEGMENT}$`);

/** The parts of a key made by objectKeyOf; undefined for any other key. */
export function parseObjectKey(key: string): ObjectKeyParts | undefined {
  const m = OBJECT_KEY.exec(key);
  if (!m) return undefined;
  const [, roundId, unitId, dossierId, documentId] = m as unknown as [string, string, string, string, string];
  return { roundId, unitId, dossierId, documentId };
}

/** The parts of a key made by reportObjectKeyOf; undefined for any other key. */
export function parseReportObjectKey(key: string): ReportObjectKeyParts | undefined {
  const m = REPORT_OBJECT_KEY.exec(key);
  if (!m) return undefined;
  const [, year, unitId, documentId] = m as unknown as [string, string, string, string];
  return { year: Number(year), unitId, documentId };
}
