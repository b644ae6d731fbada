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
  get params() {
    return s.DossierIdParams();
  },
  get body() {
    return s.NominationBody();
  },
  get response() {
    return s.NominationOut();
  },
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
  get params() {
    return s.NominationIdParams();
  },
  get response() {
    return s.NominationOut();
  },
});

export const patchNomination = defineRoute({
  id: 'patchNomination',
  method: 'PATCH',
  path: '/nominations/{nominationId}',
  group: 'nominations',
  auth: OFFICER,
  tag: 'nominations',
  summary: 'Edit a nomination while draft or returned',
  get params() {
    return s.NominationIdParams();
  },
  get body() {
    return s.NominationPatchBody();
  },
  get response() {
    return s.NominationOut();
  },
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
  get params() {
    return s.NominationIdParams();
  },
  successStatus: 204,
  ifMatch: true,
});
