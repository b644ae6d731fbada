// How large a CSV import may be (issue: imports all-or-nothing). A file is written in transactions of at
// most 100 items: it is all or nothing as long as its function is not stopped half-way, so the imports take
// files only up to a size that fits well within the function's timeout (bench part (e)), and refuse a larger
// one whole with 413, saying the limit.
//
// The largest files add hundreds of units to the registry: this file runs on a table of its own.

import { describe, expect, it, vi } from 'vitest';

await vi.hoisted(async () => {
  // Before any module reads the configuration.
  const { useOwnTable } = await import('../support/tables.ts');
  await useOwnTable('import-limits');
});

import { MAX_INDEX_RESULT_LINES, MAX_UNIT_LINES } from '#functions/lib/csv-import.ts';
import { useLocalApi } from '../support/client.ts';
import { listAll, uniqueId } from '../support/fixtures.ts';
import { expectProblem } from '../support/problems.ts';

const { api } = useLocalApi();

const UNIT_HEADER = 'unitId,name,tier,parentUnitId,parScored';
const RESULT_HEADER = 'year,unitId,parIndexScore,parIndexRank,satisfactionIndex';
const YEARS = [2041, 2042, 2043, 2044, 2045];

const importCsv = async (path: string, csv: string, lang = 'vi') =>
  api().post(path, {
    token: await api().token('admin'),
    rawBody: csv,
    headers: { 'content-type': 'text/csv', 'accept-language': lang },
  });
const unitLines = (ids: readonly string[]) => ids.map((id) => `${id},Sở thử ${id},province,,true`);

/** Units enough for MAX_INDEX_RESULT_LINES results over five years, created by one import. */
async function unitsForFiveYears(): Promise<string[]> {
  const ids = Array.from({ length: MAX_INDEX_RESULT_LINES / YEARS.length }, () => uniqueId('u-lim'));
  const res = await importCsv('/units:import', [UNIT_HEADER, ...unitLines(ids)].join('\n'));
  expect(res.status, res.text).toBe(200);
  return ids;
}

const resultLines = (ids: readonly string[], years: readonly number[]) =>
  years.flatMap((year) => ids.map((id, i) => `${year},${id},90.5,${i + 1},92`));

describe('CSV imports: the largest file each takes', () => {
  it('SPEC §10: limits are 2 000 lines for either import', () => {
    expect(MAX_UNIT_LINES).toBe(2000);
    expect(MAX_INDEX_RESULT_LINES).toBe(2000);
  });

  it('PAYLOAD_TOO_LARGE: a registry file over the limit is refused whole with 413, naming the limit', async () => {
    const ids = Array.from({ length: MAX_UNIT_LINES + 1 }, () => uniqueId('u-big'));
    const csv = [UNIT_HEADER, ...unitLines(ids)].join('\n');

    const vi = await importCsv('/units:import', csv);
    const en = await importCsv('/units:import', csv, 'en');

    expectProblem(vi, 413, 'PAYLOAD_TOO_LARGE');
    expect(vi.body.detail).toContain(`tối đa ${MAX_UNIT_LINES} dòng`);
    expectProblem(en, 413, 'PAYLOAD_TOO_LARGE');
    expect(en.body.detail).toContain(`at most ${MAX_UNIT_LINES} lines`);
    const admin = await api().token('admin');
    for (const id of [ids[0], ids.at(-1)])
      expectProblem(await api().get(`/units/${id}`, { token: admin }), 404, 'NOT_FOUND');
  });

  it('PAYLOAD_TOO_LARGE: an index-result file over the limit is refused whole with 413, naming the limit', async () => {
    const ids = await unitsForFiveYears();
    const csv = [RESULT_HEADER, ...resultLines(ids, YEARS), `2046,${ids[0]},91,1,93`].join('\n');

    const res = await importCsv('/index-results:import', csv, 'en');

    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.detail).toContain(`at most ${MAX_INDEX_RESULT_LINES} lines`);
    const admin = await api().token('admin');
    for (const year of [YEARS[0], 2046])
      expect(await listAll(api(), `/index-results?year=${year}`, admin, 100)).toEqual([]);
  });

  it('SPEC §4: an index-result file of exactly the limit is stored whole', { timeout: 120_000 }, async () => {
    const ids = await unitsForFiveYears();
    const csv = [RESULT_HEADER, ...resultLines(ids, YEARS)].join('\n');

    const res = await importCsv('/index-results:import', csv);

    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ imported: MAX_INDEX_RESULT_LINES, years: YEARS });
    const admin = await api().token('admin');
    const stored = await listAll<{ unitId: string }>(api(), `/index-results?year=${YEARS[4]}`, admin, 100);
    expect(stored.map((r) => r.unitId).sort()).toEqual([...ids].sort());
  });
});
