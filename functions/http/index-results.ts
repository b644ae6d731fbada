// Index results (PAR Index score and rank, SIPAS) recorded by admins; the eligibility of nominations
// is computed from them (AC2, AI3, PC2, PI3). Their import is served by functions/http/exports.ts (the spreadsheet function).

import * as routes from '../routes/index-results.ts';
import { actorOf } from '../pipeline/principal.ts';
import {
  getIndexResult,
  getUnit,
  indexResultChangeOf,
  listIndexResults,
  saveIndexResults,
  unitNotFound,
} from '../store/units.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

const putIndexResult: Impl<typeof routes.putIndexResult> = async ({ params, body, principal, now }) => {
  if (!(await getUnit(params.unitId))) throw unitNotFound(params.unitId);
  const before = await getIndexResult(params.year, params.unitId);
  const change = indexResultChangeOf(before, params, body, now);
  if (!change) return { body: before };
  await saveIndexResults([change], actorOf(principal, 'admin'), now);
  return { body: change.after };
};

const listIndexResultsRoute: Impl<typeof routes.listIndexResults> = async ({ query }) => ({
  body: await listIndexResults(query.year, query.limit, query.nextToken),
});

export const handler = lambdaHandler([
  on(routes.putIndexResult, putIndexResult),
  on(routes.listIndexResults, listIndexResultsRoute),
]);
