// What the CDK construct (infra/constructs/lambda.ts) gives esbuild beyond its defaults, in a module without
// CDK imports so that the bench and the shipped-bundle test (bench/bundling.ts) bundle exactly the same way.

import { EXCELJS_FILE } from '#functions/lib/exceljs.ts';

/**
 * The credential providers the SDK's default chain imports only when the environment holds no credentials:
 * Lambda always puts the function role's credentials there, so they stay out of the bundle (about 130 KB,
 * the SSO, STS and login clients with them). Were one ever needed, the chain would fail to load it.
 */
export const UNREACHED_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@smithy/credential-provider-imds',
] as const;

/**
 * esbuild's ESM output has no `require`; some bundled CommonJS dependencies still call it (exceljs, in the
 * export function's side file). It is created on the first call: createRequire costs about half a
 * millisecond, at the cold start of every function, and only exceljs ever calls it.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __commendationCreateRequire } from 'node:module';" +
  'let __commendationRequire;' +
  'const __commendationRequireOf = () => (__commendationRequire ??= __commendationCreateRequire(import.meta.url));' +
  'function require(id) { return __commendationRequireOf()(id); }' +
  'require.resolve = (request, options) => __commendationRequireOf().resolve(request, options);';

/**
 * A large library that a function loads only on some requests, bundled apart into a file beside the function's
 * `index.mjs` (and left external in `index.mjs`): bundled inside, even behind a dynamic import, its code is
 * parsed at every cold start of the function. The code loads it from there (functions/lib/exceljs.ts).
 */
export interface SideBundle {
  /** The package left out of index.mjs. */
  readonly module: string;
  /** Repo-relative entry of the side file. */
  readonly entry: string;
  /** The side file's name, beside index.mjs. */
  readonly file: string;
}

/** exceljs (about 1 MB minified): read and written only by the workbook routes of the spreadsheet function. */
export const EXCELJS_SIDE_BUNDLE: SideBundle = {
  module: 'exceljs',
  entry: 'functions/lib/exceljs-bundle.ts',
  file: EXCELJS_FILE,
};

/** The side files of each function group (by group name); a group not named has none. */
export const SIDE_BUNDLES: Readonly<Record<string, readonly SideBundle[]>> = {
  exports: [EXCELJS_SIDE_BUNDLE],
};

/** The esbuild options of a side file beyond its entry and output: as index.mjs, without a source map. */
export const SIDE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  mainFields: ['module', 'main'],
  banner: REQUIRE_BANNER,
} as const;
