// (c) Every Lambda bundle as the CDK construct builds it (infra/constructs/lambda.ts: esbuild, platform
// node, target node22, ESM, minified, external source map without sources, `module` before `main`, the AWS
// SDK bundled but for the credential providers Lambda never reaches, the createRequire banner), its size,
// and the time a fresh Node process takes to import it (with --enable-source-maps, as the functions run),
// against a bundle of only @aws-sdk/client-dynamodb + @aws-sdk/lib-dynamodb built the same way. Imports are
// interleaved round by round, so that the machine's noise hits every bundle alike.

import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle as bundleAt, bundleBudget, deployedBytes, deployedFunctions } from './bundling.ts';
import { kb, log, median, ms, ROOT, type Row, runNode, times } from './lib.ts';

/** `entry`: a file, or source code resolved from the repository root (the baseline). */
const bundle = (entry: string | { code: string }, outdir: string) =>
  bundleAt(typeof entry === 'string' ? entry : { code: entry.code, resolveDir: ROOT }, outdir);

const IMPORT_PROBE =
  'const t = performance.now(); await import(process.env.BUNDLE_URL); process.stdout.write(String(performance.now() - t));';

export async function bundles(workDir: string, rounds: number): Promise<Row[]> {
  const entries = deployedFunctions();
  const missing = entries.filter((e) => !existsSync(join(ROOT, e.entry)));
  const present = entries.filter((e) => existsSync(join(ROOT, e.entry)));

  const baselineEntry = {
    code: [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';",
      'export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export { GetCommand, QueryCommand, TransactWriteCommand };',
      'export const handler = async () => ({ statusCode: 200 });',
    ].join('\n'),
  };
  const built: { name: string; file: string; bytes: number; shown: string; budget: number }[] = [];
  const baselineFile = await bundle(baselineEntry, join(workDir, 'baseline'));
  const baselineBytes = (await stat(baselineFile)).size;
  for (const e of present) {
    const file = bundleAt(join(ROOT, e.entry), join(workDir, e.name), e.sideBundles);
    const bytes = await deployedBytes(await file, e.sideBundles);
    // A function with side files: its whole (the budget's measure), then index.mjs (what every cold start
    // imports) and each side file (imported by the requests that need it).
    const shown =
      bytes.sides.length === 0
        ? kb(bytes.total)
        : `${kb(bytes.total)} (index.mjs ${kb(bytes.index)}${bytes.sides.map((s) => ` + ${s.file} ${kb(s.bytes)}`).join('')})`;
    built.push({ name: e.name, file: await file, bytes: bytes.total, shown, budget: bundleBudget(e) });
  }
  log(`(c) ${built.length} bundles built; importing each ${rounds} times`);

  // The configuration every function reads at cold start; nothing is called.
  const env = {
    TABLE_NAME: 'bench',
    BUCKET_NAME: 'bench',
    STAGE: 'bench',
    LOG_LEVEL: 'ERROR',
    LOCAL_EVENTS_FILE: join(workDir, 'events.jsonl'),
  };
  const importOnce = async (file: string) =>
    Number(
      await runNode(['--enable-source-maps', '--input-type=module', '-e', IMPORT_PROBE], {
        ...env,
        BUNDLE_URL: pathToFileURL(file).href,
      }),
    );
  const samples = new Map<string, number[]>([
    ['baseline', []],
    ...built.map((b) => [b.name, []] as [string, number[]]),
  ]);
  for (let r = 0; r < rounds; r++) {
    for (const b of [{ name: 'baseline', file: baselineFile }, ...built].sort(() => Math.random() - 0.5)) {
      samples.get(b.name)?.push(await importOnce(b.file));
    }
  }
  const base = median(samples.get('baseline') ?? []);
  const rows: Row[] = [
    {
      part: '(c)',
      what: 'baseline: client-dynamodb + lib-dynamodb',
      value: `${kb(baselineBytes)}, import ${ms(base)}`,
      target: '(reference)',
    },
  ];
  for (const b of built) {
    const t = median(samples.get(b.name) ?? []);
    rows.push({
      part: '(c)',
      what: `bundle ${b.name}`,
      value: `${b.shown}, import ${ms(t)}`,
      baseline: `${times(b.bytes / baselineBytes)} size`,
      ratio: times(t / base),
      target: `≤ ${b.budget / 1024} KB, ≤ 2×`,
      ok: b.bytes <= b.budget && t / base <= 2,
    });
  }
  for (const m of missing)
    rows.push({
      part: '(c)',
      what: `bundle ${m.name}`,
      value: `pending: ${m.entry} missing`,
      target: '≤ 400 KB, ≤ 2×',
    });
  return rows;
}
