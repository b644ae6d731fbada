// The routes of the documents group: a dossier's documents (R-DOC-1, R-DOC-2). Its function
// (functions/http/documents.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, OFFICER } from './roles.ts';

export const declareDocument = defineRoute({
  id: 'declareDocument',
  method: 'POST',
  path: '/dossiers/{dossierId}/documents',
  group: 'documents',
  auth: OFFICER,
  tag: 'documents',
  summary: 'Declare a file and get a presigned upload URL bound to its type, size and SHA-256',
  params: s.DossierIdParams,
  body: s.DocumentDeclareBody,
  response: s.UploadTicketOut,
  successStatus: 201,
  idempotent: true,
});

export const confirmDocument = defineRoute({
  id: 'confirmDocument',
  method: 'POST',
  path: '/documents/{documentId}/confirm',
  group: 'documents',
  auth: OFFICER,
  tag: 'documents',
  summary: 'Verify the uploaded object against its declaration',
  params: s.DocumentIdParams,
  response: s.ConfirmOut,
});

export const downloadDocument = defineRoute({
  id: 'downloadDocument',
  method: 'GET',
  path: '/documents/{documentId}/download',
  group: 'documents',
  auth: ANY,
  tag: 'documents',
  summary: 'A short-lived download URL for a verified document',
  params: s.DocumentIdParams,
  response: s.DownloadOut,
});
