// How the CDK construct (infra/constructs/lambda.ts) bundles a Lambda function, reproduced with esbuild's own
// API: platform node, target node22, ESM `.mjs`, minified, external source map without sources, `module`
// before `main`, the AWS SDK bundled but for the credential providers Lambda never reaches, the createRequire
// banner. Shared by the bench (part c, bundle sizes and cold imports) and test/shipped/bundles.test.ts (the
// bundles driven with AWS events).

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_GROUPS, type FunctionGroup } from '#functions/pipeline/route.ts';
import { groupEntry, JOBS, ROUTES } from '#functions/routes.ts';
import { REQUIRE_BANNER, UNREACHED_CREDENTIAL_PROVIDERS } from '../infra/bundling-options.ts';

/**
 * Bundles `entry` (a file, or source code resolved from `resolveDir`) into `<outdir>/index.mjs` with the
 * construct's options; returns that file.
 */
export async function bundle(
  entry: string | { code: string; resolveDir: string },
  outdir: string,
): Promise<string> {
  await mkdir(outdir, { recursive: true });
  const outfile = join(outdir, 'index.mjs');
  await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : {
          stdin: {
            contents: entry.code,
            resolveDir: entry.resolveDir,
            loader: 'ts',
            sourcefile: 'baseline.ts',
          },
        }),
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [...UNREACHED_CREDENTIAL_PROVIDERS],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'error',
  });
  return outfile;
}

/** A deployed Lambda function: one per route group (the local-only `dev` group aside), and the jobs. */
export interface DeployedFunction {
  /** `http/<group>` or `jobs/<name>`. */
  name: string;
  /** Repo-relative entry file. */
  entry: string;
  group?: FunctionGroup;
}

/** SPEC §10 (edition 2): every bundle at most 400 KB minified, the export one (exceljs) at most 2 MB. */
export const bundleBudget = (f: Pick<DeployedFunction, 'group'>) =>
  f.group === 'exports' ? 2 * 1024 * 1024 : 400 * 1024;

export function deployedFunctions(): DeployedFunction[] {
  const groups = [...new Set(ROUTES.filter((r) => !r.localOnly).map((r) => r.group))].filter(
    (g) => g !== 'dev' && (FUNCTION_GROUPS as readonly string[]).includes(g),
  );
  return [
    ...groups.map((group) => ({ name: `http/${group}`, entry: groupEntry(group), group })),
    { name: 'jobs/sweep', entry: JOBS.sweep.entry },
    { name: 'jobs/verify-upload', entry: JOBS.verifyUpload.entry },
    { name: 'jobs/mailer', entry: JOBS.mailer.entry },
  ];
}
