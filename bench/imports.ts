// (e) CSV imports (POST /units:import, POST /index-results:import) at several sizes, up to the largest file
// each accepts: the time of a whole request through the local API, for a file that creates everything and
// for one that changes everything already stored. An import runs in one Lambda whose timeout is in
// infra/stateless-stack.ts; the largest accepted file must fit in a third of it, so that a slower store or
// a colder, smaller CPU in AWS still finishes well before the function is stopped half-way.

import { randomUUID } from 'node:crypto';
import { MAX_INDEX_RESULT_LINES, MAX_UNIT_LINES } from '#functions/lib/csv-import.ts';
import { IMPORT_TIMEOUT_SECONDS } from '../infra/stateless-stack.ts';
import { log, median, ms, type Row, timed } from './lib.ts';

export interface ImportsOptions {
  baseUrl: string;
  token: (role: string, unitId?: string) => Promise<string>;
  /** Repetitions of each measurement (the median is reported). */
  reps: number;
}

async function postCsv(baseUrl: string, path: string, token: string, csv: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const sizes = (max: number) => [...new Set([100, 500, 1000, max].filter((n) => n <= max))];

export async function imports(o: ImportsOptions): Promise<Row[]> {
  const admin = await o.token('admin');
  const budget = (IMPORT_TIMEOUT_SECONDS * 1000) / 3;
  const rows: Row[] = [];
  const row = (what: string, times: number[], lines: number, max: number) => {
    const value = median(times);
    rows.push({
      part: '(e)',
      what,
      value: `${ms(value)} (${((value / lines) * 1000).toFixed(0)} µs a line)`,
      target: lines === max ? `≤ ${ms(budget)} (timeout/3)` : '(shown)',
      ok: lines === max ? value <= budget : undefined,
    });
  };

  for (const lines of sizes(MAX_UNIT_LINES)) {
    const created: number[] = [];
    const updated: number[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      const tag = randomUUID().slice(0, 6);
      const ids = Array.from({ length: lines }, (_, i) => `bench-e-${tag}-${i}`);
      const csv = (name: string) =>
        [
          'unitId,name,tier,parentUnitId,parScored',
          ...ids.map((id) => `${id},${name} ${id},province,,true`),
        ].join('\n');
      created.push((await timed(() => postCsv(o.baseUrl, '/units:import', admin, csv('Sở thử')))).ms);
      updated.push((await timed(() => postCsv(o.baseUrl, '/units:import', admin, csv('Sở đổi tên')))).ms);
    }
    row(`units:import, ${lines} new units`, created, lines, MAX_UNIT_LINES);
    row(`units:import, ${lines} units renamed`, updated, lines, MAX_UNIT_LINES);
    log(
      `(e) units:import of ${lines} lines: ${ms(median(created))} creating, ${ms(median(updated))} updating`,
    );
  }

  // Index results need units: the registry's largest import, once, gives them.
  const tag = randomUUID().slice(0, 6);
  const unitIds = Array.from({ length: MAX_INDEX_RESULT_LINES }, (_, i) => `bench-e-${tag}-r${i}`);
  for (let i = 0; i < unitIds.length; i += MAX_UNIT_LINES) {
    const chunk = unitIds.slice(i, i + MAX_UNIT_LINES);
    const csv = [
      'unitId,name,tier,parentUnitId,parScored',
      ...chunk.map((id) => `${id},Sở ${id},province,,true`),
    ];
    await postCsv(o.baseUrl, '/units:import', admin, csv.join('\n'));
  }
  let year = 2040;
  for (const lines of sizes(MAX_INDEX_RESULT_LINES)) {
    const created: number[] = [];
    const updated: number[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      const y = year++;
      const csv = (score: number) =>
        [
          'year,unitId,parIndexScore,parIndexRank,satisfactionIndex',
          ...unitIds.slice(0, lines).map((id, i) => `${y},${id},${score},${i + 1},${score}`),
        ].join('\n');
      created.push((await timed(() => postCsv(o.baseUrl, '/index-results:import', admin, csv(88.5)))).ms);
      updated.push((await timed(() => postCsv(o.baseUrl, '/index-results:import', admin, csv(91.25)))).ms);
    }
    row(`index-results:import, ${lines} new results`, created, lines, MAX_INDEX_RESULT_LINES);
    row(`index-results:import, ${lines} results changed`, updated, lines, MAX_INDEX_RESULT_LINES);
    log(
      `(e) index-results:import of ${lines} lines: ${ms(median(created))} creating, ${ms(median(updated))} updating`,
    );
  }
  return rows;
}
