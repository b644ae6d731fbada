// How the CDK construct (infra/constructs/lambda.ts) bundles a Lambda function, reproduced with esbuild's own
// API: platform node, target node22, ESM `.mjs`, minified, external source map without sources, `module`
// before `main`, the AWS SDK bundled but for the credential providers Lambda never reaches, the createRequire
// banner. Shared by the bench (part c, bundle sizes and cold imports) and test/shipped/bundles.test.ts (the
// bundles driven with AWS events).

import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_GROUPS, type FunctionGroup } from '#functions/pipeline/route.ts';
import { groupEntry, JOBS, ROUTES } from '#functions/routes.ts';
import {
  REQUIRE_BANNER,
  SIDE_BUNDLE_OPTIONS,
  SIDE_BUNDLES,
  type SideBundle,
  UNREACHED_CREDENTIAL_PROVIDERS,
} from '../infra/bundling-options.ts';
import { ROOT } from './lib.ts';

/**
 * Bundles `entry` (a file, or source code resolved from `resolveDir`) into `<outdir>/index.mjs` with the
 * construct's options, and the `sideBundles` into their files beside it, as the construct's afterBundling
 * hook builds them; returns index.mjs.
 */
export async function bundle(
  entry: string | { code: string; resolveDir: string },
  outdir: string,
  sideBundles: readonly SideBundle[] = [],
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
    external: [...UNREACHED_CREDENTIAL_PROVIDERS, ...sideBundles.map((side) => side.module)],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'error',
  });
  for (const side of sideBundles) {
    const { banner, mainFields, ...options } = SIDE_BUNDLE_OPTIONS;
    await build({
      ...options,
      mainFields: [...mainFields],
      banner: { js: banner },
      entryPoints: [join(ROOT, side.entry)],
      outfile: join(outdir, side.file),
      logLevel: 'error',
    });
  }
  return outfile;
}

/** What a function deploys, in bytes: its index.mjs and its side files (source maps aside). */
export async function deployedBytes(indexFile: string, sideBundles: readonly SideBundle[]) {
  const index = (await stat(indexFile)).size;
  const sides = await Promise.all(
    sideBundles.map(async (side) => ({
      file: side.file,
      bytes: (await stat(join(dirname(indexFile), side.file))).size,
    })),
  );
  return { index, sides, total: index + sides.reduce((sum, s) => sum + s.bytes, 0) };
}

/** A deployed Lambda function: one per route group (the local-only `dev` group aside), and the jobs. */
export interface DeployedFunction {
  /** `http/<group>` or `jobs/<name>`. */
  name: string;
  /** Repo-relative entry file. */
  entry: string;
  group?: FunctionGroup;
  /** Libraries bundled apart beside its index.mjs (infra/bundling-options.ts SIDE_BUNDLES). */
  sideBundles: readonly SideBundle[];
}

/** SPEC §10 (edition 2): every bundle at most 400 KB minified, the export one (exceljs) at most 2 MB. */
export const bundleBudget = (f: Pick<DeployedFunction, 'group'>) =>
  f.group === 'exports' ? 2 * 1024 * 1024 : 400 * 1024;

export function deployedFunctions(): DeployedFunction[] {
  const groups = [...new Set(ROUTES.filter((r) => !r.localOnly).map((r) => r.group))].filter(
    (g) => g !== 'dev' && (FUNCTION_GROUPS as readonly string[]).includes(g),
  );
  return [
    ...groups.map((group) => ({
      name: `http/${group}`,
      entry: groupEntry(group),
      group,
      sideBundles: SIDE_BUNDLES[group] ?? [],
    })),
    { name: 'jobs/sweep', entry: JOBS.sweep.entry, sideBundles: [] },
    { name: 'jobs/verify-upload', entry: JOBS.verifyUpload.entry, sideBundles: [] },
    { name: 'jobs/mailer', entry: JOBS.mailer.entry, sideBundles: [] },
  ];
}
