// Runs the deadline sweep once for `at` against the table named in TABLE_NAME (read at import, as in a
// Lambda), timing runSweep alone (not the process start), and prints one JSON line.
//
//   TABLE_NAME=… DYNAMODB_ENDPOINT=… node --import tsx bench/sweep-child.ts <at>

import { performance } from 'node:perf_hooks';

const at = process.argv[2];
if (!at) throw new Error('sweep-child: the instant is required');
const { runSweep } = await import('#functions/jobs/sweep.ts');
const start = performance.now();
const report = await runSweep(new Date(at));
const ms = performance.now() - start;
console.log(
  JSON.stringify({
    ms,
    processed: report.rounds.processed.length,
    skipped: report.rounds.skipped,
    expired: report.expiredDossierIds.length,
    created: report.created,
    published: report.events.published,
  }),
);
