// `npm start`: the whole backend on one machine. DynamoDB Local and s3rver (data under .local/), the
// table and bucket, the Sơn La registry and the Plan 1109 campaign, the same Lambda handlers behind a
// local HTTP server, dev tokens, and the deadline sweep on the schedule of the deployed rule.
// Ctrl-C stops everything it started, by PID.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertPortFree,
  checkJava,
  ensureBucket,
  ensureTable,
  JavaRequirementError,
  LOOPBACK,
  PortInUseError,
  type RunningStore,
  StoreStartError,
  startDynamo,
  startS3,
} from './stores.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the stores keep their data: .local/ unless LOCAL_DATA_DIR names another directory (say, a practice copy). */
const DATA = process.env.LOCAL_DATA_DIR ? resolve(process.env.LOCAL_DATA_DIR) : join(ROOT, '.local');
const TABLE_NAME = 'commendation-local';
/** The role address lists of the local stage (R-MAIL-1; a deployed stage's are in cdk.json). */
const LOCAL_ROLE_ADDRESSES = {
  appraiser: ['tham-dinh@snv.sonla.local'],
  approver: ['van-phong@ubnd.sonla.local'],
  admin: ['quan-tri@snv.sonla.local'],
};
const BUCKET_NAME = 'commendation-local-docs';

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserFacingError(`${name}=${raw} không phải số cổng hợp lệ / is not a valid port number.`);
  }
  return port;
}

class UserFacingError extends Error {}

/**
 * The address the API listens on: this machine only unless `HOST` says otherwise (SPEC §9: dev tokens are
 * never reachable from another machine by default). The stores always listen on 127.0.0.1.
 */
function hostFrom(name: string): string {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return LOOPBACK;
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(raw)) {
    throw new UserFacingError(
      `${name}=${raw} không phải địa chỉ hợp lệ / is not a valid address to listen on.`,
    );
  }
  return raw;
}

/** A random secret kept in the data directory (created on the first start, readable by its owner only). */
async function localSecret(name: string): Promise<Buffer> {
  const file = join(DATA, name);
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch {
    const secret = randomBytes(32);
    await writeFile(file, secret.toString('base64'), { mode: 0o600 });
    return secret;
  }
}

async function main() {
  const port = portFrom('PORT', 3000);
  const host = hostFrom('HOST');
  await checkJava();
  await assertPortFree(port, 'API', 'PORT');
  await mkdir(DATA, { recursive: true });

  const stores: RunningStore[] = [];
  let stopping = false;
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup();
    await Promise.allSettled(stores.map((s) => s.stop()));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const [dynamo, s3] = await Promise.all([
      startDynamo({ dbPath: join(DATA, 'dynamodb'), port: portFrom('DYNAMODB_PORT', 0) || undefined }),
      startS3({ directory: join(DATA, 's3'), port: portFrom('S3_PORT', 0) || undefined }),
    ]).then((started) => {
      stores.push(...started);
      return started;
    });
    await Promise.all([ensureTable(dynamo.endpoint, TABLE_NAME), ensureBucket(s3.endpoint, BUCKET_NAME)]);

    // The handlers read their configuration once, when first imported: set it before importing them.
    process.env.TABLE_NAME = TABLE_NAME;
    process.env.BUCKET_NAME = BUCKET_NAME;
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.S3_ENDPOINT = s3.endpoint;
    process.env.S3_PUBLIC_ENDPOINT = s3.endpoint.replace('127.0.0.1', 'localhost');
    process.env.AWS_REGION = 'ap-southeast-1';
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    delete process.env.AWS_SESSION_TOKEN;
    process.env.STAGE = 'local';
    process.env.LOG_LEVEL ??= 'WARN';
    process.env.LOCAL_EVENTS_FILE ??= join(DATA, 'events.jsonl');
    // Page tokens stay valid across restarts of the same data directory, like the data they point into.
    process.env.PAGE_TOKEN_SECRET = (await localSecret('page-token-secret')).toString('base64url');
    // R-MAIL-1, the local stage configuration: the frontend the e-mails link to, and the role lists.
    process.env.APP_URL ??= 'http://localhost:5173';
    process.env.MAIL_FROM ??= 'Hệ thống khen thưởng CCHC Sơn La <no-reply@khenthuong.local>';
    process.env.MAIL_ROLE_ADDRESSES ??= JSON.stringify(LOCAL_ROLE_ADDRESSES);

    const { seed } = await import('./seed.ts');
    const seeded = await seed({ dynamoEndpoint: dynamo.endpoint, tableName: TABLE_NAME });
    const { configureDevAuth } = await import('./dev-auth.ts');
    configureDevAuth(await localSecret('dev-jwt-secret'));
    const { startLocalServer } = await import('./server.ts');
    const server = await startLocalServer({ port, host });
    cleanups.push(() => server.close());

    const { JOBS } = await import('#functions/routes.ts');
    const { startScheduler } = await import('./scheduler.ts');
    const { runSweep } = await import('#functions/jobs/sweep.ts');
    const scheduler = startScheduler(JOBS.sweep.schedule, async (now: Date) => {
      const report = await runSweep(now);
      console.log(`[sweep ${now.toISOString()}]`, JSON.stringify(report));
    });
    cleanups.push(() => scheduler.stop());

    // R-MAIL-1: the local mail catcher, and the relay that mails each published notification to it.
    const { startMailCatcher } = await import('./mail-catcher.ts');
    // Next to the API's port by default; `0` asks for any free port (tests).
    const mailPort = (name: string, offset: number) =>
      process.env[name] === '0' ? 0 : portFrom(name, port + offset);
    const catcher = await startMailCatcher({
      smtpPort: mailPort('MAIL_SMTP_PORT', 25),
      webPort: mailPort('MAIL_WEB_PORT', 80),
      file: join(DATA, 'mail', 'inbox.jsonl'),
    });
    cleanups.push(() => catcher.stop());
    const { startMailRelay } = await import('./mail-relay.ts');
    const { smtpTransport } = await import('./smtp-transport.ts');
    const config = await import('#functions/config.ts');
    const relay = await startMailRelay({
      eventsFile: process.env.LOCAL_EVENTS_FILE,
      stateFile: join(DATA, 'mail', 'relay-state.json'),
      deadLetterFile: join(DATA, 'mail', 'dead-letters.jsonl'),
      transport: smtpTransport(catcher.smtpPort, config.MAIL_FROM),
      settings: { appUrl: config.APP_URL, roleAddresses: config.MAIL_ROLE_ADDRESSES },
      intervalMs: 2_000,
      onDelivered: (r) => {
        if (r.sent.length || r.rejected.length || r.failed.length)
          console.log(
            `[mail] ${r.notificationId}: sent ${r.sent.length}, refused ${r.rejected.length}, retrying ${r.failed.length}`,
          );
      },
    });
    cleanups.push(() => relay.stop());

    const url = `http://localhost:${server.port}`;
    const reach =
      host === LOOPBACK
        ? 'this machine only; HOST=0.0.0.0 opens it to the network, dev tokens included'
        : `HOST=${host}: reachable from other machines, and so are its dev tokens`;
    console.log(`
Hệ thống khen thưởng CCHC Sơn La đang chạy / the commendation backend is running

  API        ${url}  (listening on ${host}:${server.port}: ${reach})
  API docs   ${url}/docs   (OpenAPI: ${url}/openapi.json)
  Data       ${DATA}  (DynamoDB Local ${dynamo.endpoint}, S3 ${s3.endpoint})
  Seed       ${seeded.written} items written, ${seeded.kept} already present
  Mail       inbox ${catcher.webUrl}  (SMTP 127.0.0.1:${catcher.smtpPort}; ${url}/dev/mail as JSON)

Get a token (roles: unit_officer, appraiser, approver, admin):
  curl -s -X POST ${url}/dev/token -H 'content-type: application/json' \\
       -d '{"role":"unit_officer","unitId":"so-noi-vu"}'
Then call the API with  -H "authorization: Bearer <token>".
Run the deadline sweep now:
  curl -s -X POST ${url}/dev/sweep -H 'content-type: application/json' -d '{"at":"'$(date -u +%FT%TZ)'"}'

Ctrl-C to stop.`);
  } catch (error) {
    await Promise.allSettled(stores.map((s) => s.stop()));
    throw error;
  }
}

main().catch((error: unknown) => {
  if (
    error instanceof JavaRequirementError ||
    error instanceof PortInUseError ||
    error instanceof StoreStartError ||
    error instanceof UserFacingError
  ) {
    console.error(`\n${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      '\nMột cổng đang được dùng; đặt PORT sang cổng khác. / A port is in use; set PORT to another one.\n',
    );
  } else {
    console.error('\nKhông khởi động được / could not start:', (error as Error).message, '\n');
  }
  process.exit(1);
});
