// The routes of the nominations group: nominations (SPEC §5). Its function (functions/http/nominations.ts)
// imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, OFFICER } from './roles.ts';

export const createNomination = defineRoute({
  id: 'createNomination',
  method: 'POST',
  path: '/dossiers/{dossierId}/nominations',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Add a nomination to a draft or returned dossier',
  params: s.DossierIdParams,
  body: s.NominationBody,
  response: s.NominationOut,
  successStatus: 201,
  idempotent: true,
});

export const getNomination = defineRoute({
  id: 'getNomination',
  method: 'GET',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: ANY,
  tag: 'nominations',
  summary: 'A nomination with its eligibility and reasons',
  params: s.NominationIdParams,
  response: s.NominationOut,
});

export const patchNomination = defineRoute({
  id: 'patchNomination',
  method: 'PATCH',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Edit a nomination while draft or returned',
  params: s.NominationIdParams,
  body: s.NominationPatchBody,
  response: s.NominationOut,
  ifMatch: true,
});

export const deleteNomination = defineRoute({
  id: 'deleteNomination',
  method: 'DELETE',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Delete a draft nomination (a returned one is withdrawn)',
  params: s.NominationIdParams,
  successStatus: 204,
  ifMatch: true,
});
