/**
 * One vitest run for every test: domain units, handler integration tests against the local stores, CDK
 * assertions. The global setup starts DynamoDB Local and s3rver once per run; each test file reaches them
 * through the environment set by `test/setup/env.ts`.
 */
import { defineConfig } from 'vitest/config';

// The SDK warns once per process that its 2027 releases will need Node 22; the Lambdas run on Node 22 and
// the warning would otherwise repeat in every test worker. Set here so the workers inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  // The global setup runs in vitest's own `__vitest__` environment, whose resolver prefers a package's
  // `module` field. For the AWS SDK that is `dist-es` (ESM syntax in a CommonJS package), which vitest then
  // transforms file by file: about 3 s per client on every run. Resolving `main` as Node does loads `dist-cjs`
  // natively instead. Packages with an `exports` map are unaffected.
  environments: { __vitest__: { resolve: { mainFields: ['main'] } } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    setupFiles: ['test/setup/env.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Child processes, not worker threads: handlers read config from process.env at import time.
    pool: 'forks',
    // A 2-core machine also runs the JVM of DynamoDB Local and s3rver alongside the workers.
    maxWorkers: 2,
  },
});
