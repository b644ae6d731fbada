// Shared steps of the document and submission tests: a fresh round with a dossier and a nomination, and
// files declared, uploaded with the returned URL and headers exactly as a browser would, and confirmed.

import { expect } from 'vitest';
import type { Api, ApiResponse } from './client.ts';
import { addNomination, createDossier, createOpenRound, individual, nominationBody } from './fixtures.ts';
import { minimalPdf, sha256Base64 } from './files.ts';

export const PDF = 'application/pdf';

export interface Workspace {
  admin: string;
  officer: string;
  unitId: string;
  roundId: string;
  dossierId: string;
  nominationIds: string[];
}

/** A round of its own (one dossier per unit and round), a draft dossier and `nominations` nominations. */
export async function startDossier(
  api: Api,
  options: { unitId?: string; nominations?: number; days?: number } = {},
): Promise<Workspace> {
  const unitId = options.unitId ?? 'so-noi-vu';
  const admin = await api.token('admin');
  const officer = await api.token('unit_officer', unitId);
  const round = await createOpenRound(api, admin, { days: options.days ?? 30 });
  const dossier = await createDossier(api, officer, round.roundId, unitId);
  const nominationIds: string[] = [];
  for (let i = 0; i < (options.nominations ?? 1); i++) {
    const nomination = await addNomination(
      api,
      officer,
      dossier.dossierId,
      ai3Nomination(individual(unitId)),
    );
    nominationIds.push(nomination.nominationId);
  }
  return { admin, officer, unitId, roundId: round.roundId, dossierId: dossier.dossierId, nominationIds };
}

/**
 * An individual nomination claiming AI3 (no document beyond the achievement report), as the document and
 * submission tests use.
 */
export const ai3Nomination = (nominee: object) =>
  nominationBody(nominee, { criteriaClaimed: ['AI3'], achievementSummary: 'Tham mưu cải cách hành chính' });

export interface FileSpec {
  kind: string;
  data: Buffer;
  contentType?: string;
  fileName?: string;
  nominationId?: string;
  /** Declared instead of the real ones, to model a client that lies or a file that changed. */
  size?: number;
  sha256?: string;
}

/** POST a file declaration (R-DOC-1) to a documents collection: a dossier's or a movement report's. */
const declareAt = (api: Api, token: string, path: string, file: FileSpec, headers?: Record<string, string>) =>
  api.post(path, {
    token,
    ...(headers ? { headers } : {}),
    body: {
      kind: file.kind,
      fileName: file.fileName ?? 'tai-lieu.pdf',
      contentType: file.contentType ?? PDF,
      size: file.size ?? file.data.length,
      sha256: file.sha256 ?? sha256Base64(file.data),
      ...(file.nominationId ? { nominationId: file.nominationId } : {}),
    },
  });

export const declare = (
  api: Api,
  token: string,
  dossierId: string,
  file: FileSpec,
  headers?: Record<string, string>,
) => declareAt(api, token, `/dossiers/${dossierId}/documents`, file, headers);

/** PUT to the presigned URL with exactly the headers the API returned (what a browser or curl does). */
export async function upload(
  ticket: { uploadUrl: string; uploadHeaders: Record<string, string> },
  body: Buffer,
) {
  // A truncated file cannot carry the declared Content-Length (fetch refuses the mismatch); S3 would
  // refuse it as unsigned, s3rver takes it, so the server's own check is what is tested.
  const headers =
    ticket.uploadHeaders['content-length'] === String(body.length)
      ? ticket.uploadHeaders
      : { ...ticket.uploadHeaders, 'content-length': String(body.length) };
  const res = await fetch(ticket.uploadUrl, { method: 'PUT', headers, body });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
}

export const confirm = (api: Api, token: string, documentId: string, headers?: Record<string, string>) =>
  api.post(`/documents/${documentId}/confirm`, { token, ...(headers ? { headers } : {}) });

/** Declares, uploads `upload` (the declared bytes by default) and confirms; returns both answers. */
export async function putDocument(
  api: Api,
  token: string,
  dossierId: string,
  file: FileSpec,
  uploaded: Buffer = file.data,
): Promise<{ documentId: string; confirmed: ApiResponse }> {
  const declared = await declare(api, token, dossierId, file);
  expect(declared.status, declared.text).toBe(201);
  await upload(declared.body, uploaded);
  const confirmed = await confirm(api, token, declared.body.documentId);
  expect(confirmed.status, confirmed.text).toBe(200);
  return { documentId: declared.body.documentId, confirmed };
}

/** Every document R-DOS-2 requires, verified: proposal letter, council minutes, one report per nomination. */
export async function completeDossier(
  api: Api,
  w: Workspace,
  nominationIds = w.nominationIds,
): Promise<void> {
  const files: FileSpec[] = [
    { kind: 'proposal_letter', data: minimalPdf('To trinh'), fileName: 'Tờ trình.pdf' },
    { kind: 'council_minutes', data: minimalPdf('Bien ban'), fileName: 'Biên bản họp.pdf' },
    ...nominationIds.map((nominationId) => ({
      kind: 'achievement_report',
      nominationId,
      data: minimalPdf(`Bao cao ${nominationId}`),
      fileName: 'Báo cáo thành tích.pdf',
    })),
  ];
  for (const file of files) {
    const { confirmed } = await putDocument(api, w.officer, w.dossierId, file);
    expect(confirmed.body.status, confirmed.text).toBe('verified');
  }
}

export async function dossierOf(api: Api, token: string, dossierId: string) {
  const res = await api.get(`/dossiers/${dossierId}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export { s3Event } from '../../local/job-events.ts';

/** The object key a presigned upload URL writes to (path-style URLs: /<bucket>/<key>). */
export const uploadedKey = (uploadUrl: string, bucket: string) =>
  decodeURIComponent(new URL(uploadUrl).pathname).slice(`/${bucket}/`.length);

// ---- the yearly movement report (R-REP-1) ----

/** The path of a unit's movement report of a year. */
export const reportPath = (unitId: string, year: number) => `/units/${unitId}/movement-reports/${year}`;

/** PUT: opens (or returns) the unit's report of the year. */
export const openReport = (api: Api, token: string, unitId: string, year: number) =>
  api.put(reportPath(unitId, year), { token });

/** Declares the report's file (kind movement_report unless told). */
export const declareReportFile = (
  api: Api,
  token: string,
  unitId: string,
  year: number,
  file: Omit<FileSpec, 'kind'> & { kind?: string },
  headers?: Record<string, string>,
) =>
  declareAt(
    api,
    token,
    `${reportPath(unitId, year)}/documents`,
    { kind: 'movement_report', ...file },
    headers,
  );

/** Declares, uploads and confirms the report's file; returns both answers. */
export async function putReportFile(
  api: Api,
  token: string,
  unitId: string,
  year: number,
  data: Buffer = minimalPdf('Bao cao ket qua phong trao'),
): Promise<{ documentId: string; confirmed: ApiResponse }> {
  const declared = await declareReportFile(api, token, unitId, year, { data });
  expect(declared.status, declared.text).toBe(201);
  await upload(declared.body, data);
  const confirmed = await confirm(api, token, declared.body.documentId);
  expect(confirmed.status, confirmed.text).toBe(200);
  return { documentId: declared.body.documentId, confirmed };
}
