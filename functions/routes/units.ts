// The routes of the units group: the unit registry (R-TIER-1, R-UNIT-1). Its function
// (functions/http/units.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, ADMIN } from './roles.ts';

export const listUnits = defineRoute({
  id: 'listUnits',
  method: 'GET',
  path: '/units',
  group: 'units',
  auth: ANY,
  tag: 'units',
  summary: 'The unit registry',
  query: s.UnitQuery,
  response: () => s.page(s.UnitOut()),
});

export const getUnit = defineRoute({
  id: 'getUnit',
  method: 'GET',
  path: '/units/{unitId}',
  group: 'units',
  auth: ANY,
  tag: 'units',
  summary: 'One unit',
  params: s.UnitIdParams,
  response: s.UnitOut,
});

export const createUnit = defineRoute({
  id: 'createUnit',
  method: 'POST',
  path: '/units',
  group: 'units',
  auth: ADMIN,
  tag: 'units',
  summary: 'Create a unit',
  body: s.UnitBody,
  response: s.UnitOut,
  successStatus: 201,
  idempotent: true,
});

export const updateUnit = defineRoute({
  id: 'updateUnit',
  method: 'PUT',
  path: '/units/{unitId}',
  group: 'units',
  auth: ADMIN,
  tag: 'units',
  summary: 'Update a unit',
  params: s.UnitIdParams,
  body: s.UnitUpdateBody,
  response: s.UnitOut,
});
