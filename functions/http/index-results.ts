// Index results (PAR Index score and rank, SIPAS) imported by admins; the eligibility of nominations
// is computed from them (AC2, AI3, PC2, PI3).

import { MAX_INDEX_RESULT_LINES, readCsvImport } from '../lib/csv-import.ts';
import * as routes from '../routes.ts';
import { IndexResultBody, IndexResultParams } from '../schemas.ts';
import { actorOf } from '../pipeline/principal.ts';
import { applyIndexResultChange, type IndexResultChange, sameIndexResult } from '#domain/index-results.ts';
import {
  getIndexResult,
  getIndexResults,
  getUnit,
  getUnits,
  indexResultEntityId,
  type IndexResultChangeRecord,
  type IndexResultRecord,
  listIndexResults,
  saveIndexResults,
  unitNotFound,
} from '../store/units.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';
import { issueMessage } from '../pipeline/validation.ts';

const HEADER = ['year', 'unitId', 'parIndexScore', 'parIndexRank', 'satisfactionIndex'];

/** A cell of an import line: empty keeps the stored value, the word `null` clears it (SPEC §4, edition 2). */
const cell = (text: string | undefined): number | null | undefined => {
  const value = text?.trim() ?? '';
  if (value === '') return undefined;
  if (value === 'null') return null;
  return Number(value);
};

/** The change and the record it leaves, unless it leaves the stored result as it was. */
function changeOf(
  before: IndexResultRecord | undefined,
  of: { year: number; unitId: string },
  change: IndexResultChange,
  now: Date,
): IndexResultChangeRecord | undefined {
  const next = applyIndexResultChange(before, of, change);
  if (sameIndexResult(before, next)) return undefined;
  return { before, after: { ...next, updatedAt: now.toISOString() } };
}

const putIndexResult: Impl<typeof routes.putIndexResult> = async ({ params, body, principal, now }) => {
  if (!(await getUnit(params.unitId))) throw unitNotFound(params.unitId);
  const before = await getIndexResult(params.year, params.unitId);
  const change = changeOf(before, params, body, now);
  if (!change) return { body: before };
  await saveIndexResults([change], actorOf(principal, 'admin'), now);
  return { body: change.after };
};

const listIndexResultsRoute: Impl<typeof routes.listIndexResults> = async ({ query }) => ({
  body: await listIndexResults(query.year, query.limit, query.nextToken),
});

const importIndexResults: Impl<typeof routes.importIndexResults> = async ({ body, principal, now }) => {
  const { lines, problems } = readCsvImport(body, HEADER, { maxLines: MAX_INDEX_RESULT_LINES });
  const accepted: { line: number; of: { year: number; unitId: string }; change: IndexResultChange }[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of lines) {
    const params = IndexResultParams.safeParse(
      { year: cells.year, unitId: cells.unitId },
      { reportInput: true },
    );
    const values = IndexResultBody.safeParse(
      {
        parIndexScore: cell(cells.parIndexScore),
        parIndexRank: cell(cells.parIndexRank),
        satisfactionIndex: cell(cells.satisfactionIndex),
      },
      { reportInput: true },
    );
    if (!params.success || !values.success) {
      const issues = [...(params.error?.issues ?? []), ...(values.error?.issues ?? [])];
      for (const issue of issues) {
        const text = issueMessage(issue);
        problems.say(line, `${issue.path.join('.')}: ${text.vi}`, `${issue.path.join('.')}: ${text.en}`);
      }
      continue;
    }
    const id = indexResultEntityId(params.data);
    if (seen.has(id)) {
      problems.say(line, `trùng năm và đơn vị ${id}`, `duplicate year and unit ${id}`);
      continue;
    }
    seen.add(id);
    accepted.push({ line, of: params.data, change: values.data });
  }
  const units = await getUnits(accepted.map((a) => a.of.unitId));
  for (const { line, of } of accepted) {
    if (!units.has(of.unitId))
      problems.say(line, `đơn vị ${of.unitId} không tồn tại`, `unit ${of.unitId} does not exist`);
  }
  problems.assertNone();
  const stored = await getIndexResults(accepted.map((a) => a.of));
  const changes = accepted.flatMap(
    ({ of, change }) => changeOf(stored.get(indexResultEntityId(of)), of, change, now) ?? [],
  );
  await saveIndexResults(changes, actorOf(principal, 'admin'), now);
  return { body: { imported: accepted.length, years: [...new Set(accepted.map((a) => a.of.year))].sort() } };
};

export const handler = lambdaHandler([
  on(routes.putIndexResult, putIndexResult),
  on(routes.listIndexResults, listIndexResultsRoute),
  on(routes.importIndexResults, importIndexResults),
]);
