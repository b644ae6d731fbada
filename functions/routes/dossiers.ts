// The routes of the dossiers group: dossiers (SPEC §5). Its function (functions/http/dossiers.ts) imports
// only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, OFFICER } from './roles.ts';

export const createDossier = defineRoute({
  id: 'createDossier',
  method: 'POST',
  path: '/dossiers',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: "A draft dossier for the caller's unit",
  body: s.DossierCreateBody,
  response: s.DossierOut,
  successStatus: 201,
  idempotent: true,
});

export const listDossiers = defineRoute({
  id: 'listDossiers',
  method: 'GET',
  path: '/dossiers',
  group: 'dossiers',
  auth: ANY,
  tag: 'dossiers',
  summary: 'Dossiers the caller may read',
  query: s.DossierQuery,
  response: () => s.page(s.DossierSummaryOut()),
});

export const getDossier = defineRoute({
  id: 'getDossier',
  method: 'GET',
  path: '/dossiers/{dossierId}',
  group: 'dossiers',
  auth: ANY,
  tag: 'dossiers',
  summary: 'A dossier with its nominations and documents',
  params: s.DossierIdParams,
  response: s.DossierOut,
});

export const patchDossier = defineRoute({
  id: 'patchDossier',
  method: 'PATCH',
  path: '/dossiers/{dossierId}',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: "Edit the proposal letter's number, date and signer (draft or returned)",
  params: s.DossierIdParams,
  body: s.DossierPatchBody,
  response: s.DossierOut,
  ifMatch: true,
});

export const submitDossier = defineRoute({
  id: 'submitDossier',
  method: 'POST',
  path: '/dossiers/{dossierId}/submit',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: 'Submit (or resubmit) the dossier to Sở Nội vụ',
  params: s.DossierIdParams,
  response: s.DossierOut,
  ifMatch: true,
});

export const withdrawDossier = defineRoute({
  id: 'withdrawDossier',
  method: 'POST',
  path: '/dossiers/{dossierId}/withdraw',
  group: 'dossiers',
  auth: OFFICER,
  tag: 'dossiers',
  summary: 'Withdraw a draft or returned dossier',
  params: s.DossierIdParams,
  response: s.DossierOut,
  ifMatch: true,
});
