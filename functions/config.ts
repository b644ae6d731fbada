// Configuration read and validated once at cold start. Nothing else in the code base reads process.env.

import * as z from 'zod/mini';

const RoleAddresses = z.record(
  z.string().check(z.regex(/^[a-z_]{1,32}$/)),
  z.array(z.email()).check(z.maxLength(50)),
);

const Env = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  BUCKET_NAME: z.string().check(z.minLength(1)),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'ap-southeast-1'),
  /** Local stand-ins (DynamoDB Local, s3rver); absent in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  S3_ENDPOINT: z.optional(z.url()),
  /** Where presigned URLs point when the S3 endpoint seen by clients differs from the one the server uses. */
  S3_PUBLIC_ENDPOINT: z.optional(z.url()),
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  /** Without a bus (locally), notification events are appended to this JSON Lines file instead. */
  LOCAL_EVENTS_FILE: z._default(z.string().check(z.minLength(1)), '.local/events.jsonl'),
  STAGE: z._default(z.string().check(z.minLength(1)), 'dev'),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
  /**
   * The secret page tokens are sealed with (store/page-token.ts): set for the functions whose routes
   * return pages (in AWS from the stack's Secrets Manager secret), absent elsewhere.
   */
  PAGE_TOKEN_SECRET: z.optional(z.string().check(z.minLength(32), z.maxLength(1024))),
  /** R-MAIL-1: the frontend every e-mail links to (stage setting `appUrl`). */
  APP_URL: z._default(z.url(), 'http://localhost:5173'),
  /** The sender of the e-mails (an address of the verified SES identity in AWS). */
  MAIL_FROM: z._default(
    z.string().check(z.minLength(3), z.maxLength(320)),
    'Hệ thống khen thưởng CCHC Sơn La <no-reply@localhost>',
  ),
  /** The SES configuration set the e-mails are sent with (event publishing, suppression); none locally. */
  MAIL_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Each role's addresses, as JSON: {"appraiser": ["…"], "approver": ["…"]} (stage configuration). */
  MAIL_ROLE_ADDRESSES: z._default(z.string().check(z.maxLength(8192)), '{}'),
  /**
   * How long a warm container keeps reference data it read (store/recent.ts: units of the registry and
   * their predecessor links, campaigns, rounds as the read routes see them), in seconds: a change reaches
   * every function within this bound. 0 reads them every time.
   */
  REFERENCE_CACHE_SECONDS: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(3600)), 60),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
}

/** MAIL_ROLE_ADDRESSES must be a JSON object of role → list of addresses. */
function roleAddresses(text: string): Record<string, string[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const result = RoleAddresses.safeParse(json);
  if (!result.success) {
    throw new Error('Invalid configuration: MAIL_ROLE_ADDRESSES (a JSON object of role → list of addresses)');
  }
  return result.data;
}

export const TABLE_NAME = parsed.data.TABLE_NAME;
export const BUCKET_NAME = parsed.data.BUCKET_NAME;
export const AWS_REGION = parsed.data.AWS_REGION;
export const DYNAMODB_ENDPOINT = parsed.data.DYNAMODB_ENDPOINT;
export const S3_ENDPOINT = parsed.data.S3_ENDPOINT;
export const S3_PUBLIC_ENDPOINT = parsed.data.S3_PUBLIC_ENDPOINT ?? parsed.data.S3_ENDPOINT;
export const EVENT_BUS_NAME = parsed.data.EVENT_BUS_NAME;
export const LOCAL_EVENTS_FILE = parsed.data.LOCAL_EVENTS_FILE;
export const STAGE = parsed.data.STAGE;
export const LOG_LEVEL = parsed.data.LOG_LEVEL;
export const PAGE_TOKEN_SECRET = parsed.data.PAGE_TOKEN_SECRET;
export const APP_URL = parsed.data.APP_URL;
export const MAIL_FROM = parsed.data.MAIL_FROM;
export const MAIL_CONFIGURATION_SET = parsed.data.MAIL_CONFIGURATION_SET;
export const MAIL_ROLE_ADDRESSES: Readonly<Record<string, readonly string[]>> = roleAddresses(
  parsed.data.MAIL_ROLE_ADDRESSES,
);
export const REFERENCE_CACHE_MS = parsed.data.REFERENCE_CACHE_SECONDS * 1000;
/** JSON bodies above this size are refused with 413 (SPEC §10). */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
/** CSV imports (index results, units) may be larger than a JSON body. */
export const MAX_CSV_BODY_BYTES = 2 * 1024 * 1024;
