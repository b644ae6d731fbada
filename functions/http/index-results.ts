// Index results (PAR Index score and rank, SIPAS) imported by admins; the eligibility of nominations
// is computed from them (AC2, AI3, PC2, PI3).

import { readCsvImport } from '../lib/csv-import.ts';
import * as routes from '../routes.ts';
import { IndexResultBody, IndexResultParams } from '../schemas.ts';
import { actorOf } from '../pipeline/principal.ts';
import {
  getUnit,
  type IndexResultRecord,
  listIndexResults,
  saveIndexResults,
  unitNotFound,
} from '../store/units.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

const HEADER = ['year', 'unitId', 'parIndexScore', 'parIndexRank', 'satisfactionIndex'];
const MAX_IMPORT_LINES = 5000;

const num = (text: string | undefined) =>
  text === undefined || text.trim() === '' ? undefined : Number(text);

const putIndexResult: Impl<typeof routes.putIndexResult> = async ({ params, body, principal, now }) => {
  if (!(await getUnit(params.unitId))) throw unitNotFound(params.unitId);
  const record: IndexResultRecord = {
    year: params.year,
    unitId: params.unitId,
    ...body,
    updatedAt: now.toISOString(),
  };
  await saveIndexResults([record], actorOf(principal, 'admin'), now);
  return { body: record };
};

const listIndexResultsRoute: Impl<typeof routes.listIndexResults> = async ({ query }) => ({
  body: await listIndexResults(query.year, query.limit, query.nextToken),
});

const importIndexResults: Impl<typeof routes.importIndexResults> = async ({ body, principal, now }) => {
  const { lines, problems } = readCsvImport(body, HEADER, { maxLines: MAX_IMPORT_LINES });
  const records: IndexResultRecord[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of lines) {
    const params = IndexResultParams.safeParse({ year: cells.year, unitId: cells.unitId });
    const values = IndexResultBody.safeParse({
      parIndexScore: num(cells.parIndexScore),
      parIndexRank: num(cells.parIndexRank),
      satisfactionIndex: num(cells.satisfactionIndex),
    });
    if (!params.success || !values.success) {
      const issues = [...(params.error?.issues ?? []), ...(values.error?.issues ?? [])];
      for (const issue of issues) {
        const text = `${issue.path.join('.')}: ${issue.message}`;
        problems.say(line, text, text);
      }
      continue;
    }
    const id = `${params.data.year}:${params.data.unitId}`;
    if (seen.has(id)) {
      problems.say(line, `trùng năm và đơn vị ${id}`, `duplicate year and unit ${id}`);
      continue;
    }
    seen.add(id);
    if (!(await getUnit(params.data.unitId))) {
      problems.say(
        line,
        `đơn vị ${params.data.unitId} không tồn tại`,
        `unit ${params.data.unitId} does not exist`,
      );
      continue;
    }
    records.push({ ...params.data, ...values.data, updatedAt: now.toISOString() });
  }
  problems.assertNone();
  await saveIndexResults(records, actorOf(principal, 'admin'), now);
  return { body: { imported: records.length, years: [...new Set(records.map((r) => r.year))].sort() } };
};

export const handler = lambdaHandler([
  on(routes.putIndexResult, putIndexResult),
  on(routes.listIndexResults, listIndexResultsRoute),
  on(routes.importIndexResults, importIndexResults),
]);
