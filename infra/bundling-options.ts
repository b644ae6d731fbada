// What the CDK construct (infra/constructs/lambda.ts) gives esbuild beyond its defaults, in a module without
// CDK imports so that the bench and the shipped-bundle test (bench/bundling.ts) bundle exactly the same way.

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
 * esbuild's ESM output has no `require`; some bundled CommonJS dependencies still call it (exceljs in the
 * export function). It is created on the first call: createRequire costs about half a millisecond, at the
 * cold start of every function, and only the export function ever calls it.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __commendationCreateRequire } from 'node:module';" +
  'let __commendationRequire;' +
  'const __commendationRequireOf = () => (__commendationRequire ??= __commendationCreateRequire(import.meta.url));' +
  'function require(id) { return __commendationRequireOf()(id); }' +
  'require.resolve = (request, options) => __commendationRequireOf().resolve(request, options);';
