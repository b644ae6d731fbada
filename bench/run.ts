// `npm run bench`: the figures of SPEC §10, measured in one run on a local stack this script starts and
// stops itself (DynamoDB Local in memory, s3rver, the table and bucket, the Sơn La seed, the local API
// server in this process), printed as ONE table with the target beside each figure. Every speed figure is
// a ratio to a baseline measured in the same run, interleaved with it: this machine is shared and noisy,
// absolute milliseconds are shown only to read the ratios.
//
//   npm run bench                  the whole run (about 6 minutes on 2 cores, up to 12 when busy)
//   npm run bench -- --record      and write the table into BENCHMARKS.md
//   npm run bench -- --only=a,c    some parts only (a: latency, b: sweep, c: bundles, d: awards,
//                                  e: CSV imports, f: cold first requests)
//   BENCH_SAMPLES=300 BENCH_REPS=5 BENCH_IMPORTS=9 BENCH_AWARDS=200 BENCH_QUOTA=10 BENCH_CSV_REPS=3
//   BENCH_COLD=7 (the defaults)

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  checkJava,
  ensureBucket,
  ensureTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type RunningStore,
  startDynamo,
  startS3,
} from '../local/stores.ts';
import { apiClient, log, ROOT, renderTable, type Row } from './lib.ts';

const TABLE = 'bench';
const BUCKET = 'bench-docs';
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const only = new Set(
  (process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? 'a,b,c,d,e,f').split(','),
);
const record = process.argv.includes('--record');

function machine(): string {
  const cpuModel = (() => {
    try {
      const info = execFileSync('cat', ['/proc/cpuinfo'], { encoding: 'utf8' });
      return /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
    } catch {
      return cpus()[0]?.model ?? 'unknown';
    }
  })();
  const nproc = (() => {
    try {
      return execFileSync('nproc', { encoding: 'utf8' }).trim();
    } catch {
      return String(cpus().length);
    }
  })();
  const load = (() => {
    try {
      return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
    } catch {
      return 'unknown';
    }
  })();
  const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;
  return [
    `date: ${new Date().toISOString()}`,
    `nproc: ${nproc}; CPU: ${cpuModel}`,
    `memory: ${gib(totalmem())} (${gib(freemem())} free at start); load average at start: ${load}`,
    `node: ${process.version}; java: ${javaVersion()}`,
  ].join('\n');
}

function javaVersion(): string {
  // `java -version` writes to stderr.
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return /version "([^"]+)"/.exec(`${out.stderr}${out.stdout}`)?.[1] ?? 'unknown';
}

async function main() {
  const header = machine();
  log(header.replace(/\n/g, ' | '));
  await checkJava();
  const workDir = await mkdtemp(join(tmpdir(), 'commendation-bench-'));
  const stores: RunningStore[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const rows: Row[] = [];
  const started = Date.now();
  const stop = async () => {
    for (const c of cleanups.reverse()) await c();
    await Promise.allSettled(stores.map((s) => s.stop()));
    await rm(workDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    if (only.has('c')) {
      const { bundles } = await import('./bundles.ts');
      rows.push(...(await bundles(join(workDir, 'bundles'), num('BENCH_IMPORTS', 9))));
      log(`(c) done at ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    if (['a', 'b', 'd', 'e', 'f'].some((p) => only.has(p))) {
      const [dynamo, s3] = await Promise.all([startDynamo({}), startS3({ directory: join(workDir, 's3') })]);
      stores.push(dynamo, s3);
      await Promise.all([ensureTable(dynamo.endpoint, TABLE), ensureBucket(s3.endpoint, BUCKET)]);
      // The handlers read their configuration once, at first import: set it before importing them.
      Object.assign(process.env, {
        TABLE_NAME: TABLE,
        BUCKET_NAME: BUCKET,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        S3_ENDPOINT: s3.endpoint,
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        STAGE: 'bench',
        LOG_LEVEL: 'ERROR',
        LOCAL_EVENTS_FILE: join(workDir, 'events.jsonl'),
        PAGE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      delete process.env.AWS_SESSION_TOKEN;
      const { seed } = await import('../local/seed.ts');
      await seed({ dynamoEndpoint: dynamo.endpoint, tableName: TABLE });
      const { startLocalServer } = await import('../local/server.ts');
      const server = await startLocalServer({ port: 0 });
      cleanups.push(() => server.close());
      const api = apiClient(server.url, 1);
      cleanups.push(() => api.close());
      const setup = apiClient(server.url, 8);
      cleanups.push(() => setup.close());
      const token = async (role: string, unitId?: string) =>
        (await setup.must(200, 'POST', '/dev/token', undefined, { role, ...(unitId ? { unitId } : {}) }))
          .token as string;
      log(
        `stack up at ${((Date.now() - started) / 1000).toFixed(0)} s: ${server.url}, DynamoDB ${dynamo.endpoint}, S3 ${s3.endpoint}`,
      );

      if (only.has('a')) {
        const raw = new DynamoDBClient({
          endpoint: dynamo.endpoint,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
          maxAttempts: 1,
        });
        cleanups.push(() => raw.destroy());
        const { latency } = await import('./latency.ts');
        rows.push(
          ...(await latency({
            api,
            dynamo: raw,
            tableName: TABLE,
            token,
            samples: num('BENCH_SAMPLES', 300),
          })),
        );
        log(`(a) done at ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      if (only.has('d')) {
        if (existsSync(join(ROOT, 'functions/http/awards.ts'))) {
          const { awards } = await import('./awards.ts');
          rows.push(
            ...(await awards({
              api: setup,
              baseUrl: server.url,
              token,
              requests: num('BENCH_AWARDS', 200),
              quota: num('BENCH_QUOTA', 10),
            })),
          );
        } else
          rows.push({
            part: '(d)',
            what: 'concurrent awards',
            value: 'pending: functions/http/awards.ts missing',
            target: '',
          });
        log(`(d) done at ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      if (only.has('e')) {
        const { imports } = await import('./imports.ts');
        rows.push(...(await imports({ baseUrl: server.url, token, reps: num('BENCH_CSV_REPS', 3) })));
        log(`(e) done at ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      // After the parts that use the API (the sweep child expires what is due in the table), before (b).
      if (only.has('f')) {
        const { coldStarts } = await import('./coldstart.ts');
        const pick = (names: readonly string[]) =>
          Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n] as string]] : [])));
        rows.push(
          ...(await coldStarts({
            workDir,
            api: setup,
            token,
            rounds: num('BENCH_COLD', 7),
            env: pick([
              'TABLE_NAME',
              'BUCKET_NAME',
              'DYNAMODB_ENDPOINT',
              'S3_ENDPOINT',
              'AWS_REGION',
              'AWS_ACCESS_KEY_ID',
              'AWS_SECRET_ACCESS_KEY',
              'STAGE',
              'LOCAL_EVENTS_FILE',
              'PAGE_TOKEN_SECRET',
            ]),
          })),
        );
        log(`(f) done at ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      if (only.has('b')) {
        if (existsSync(join(ROOT, 'functions/jobs/sweep.ts'))) {
          const { sweepCost } = await import('./sweep.ts');
          rows.push(...(await sweepCost({ endpoint: dynamo.endpoint, workDir, reps: num('BENCH_REPS', 5) })));
        } else
          rows.push({
            part: '(b)',
            what: 'sweep cost',
            value: 'pending: functions/jobs/sweep.ts missing',
            target: '',
          });
        log(`(b) done at ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
  } finally {
    await stop();
  }

  const order = ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)'];
  rows.sort((x, y) => order.indexOf(x.part) - order.indexOf(y.part));
  const table = renderTable(rows);
  const missed = rows.filter((r) => r.ok === false).length;
  const summary = `${rows.filter((r) => r.ok === true).length} targets met, ${missed} missed; ${((Date.now() - started) / 1000).toFixed(0)} s in all`;
  console.log(`\n${header}\n\n${table}\n\n${summary}\n`);
  if (record) await recordResults(`${header}\n\n${table}\n\n${summary}`);
}

/** Replaces the results block of BENCHMARKS.md (between its markers) with this run's. */
async function recordResults(block: string) {
  const file = join(ROOT, 'BENCHMARKS.md');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const text = existsSync(file) ? await readFile(file, 'utf8') : `# Benchmarks\n\n${start}\n${end}\n`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error('BENCHMARKS.md has no results markers');
  await writeFile(file, `${text.slice(0, i + start.length)}\n\n\`\`\`\n${block}\n\`\`\`\n\n${text.slice(j)}`);
  log('results written to BENCHMARKS.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
