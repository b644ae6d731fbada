// Configuration read and validated once at cold start. Nothing else in the code base reads process.env.

import { z } from 'zod';

const RoleAddresses = z.record(z.string().regex(/^[a-z_]{1,32}$/), z.array(z.email()).max(50));

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('ap-southeast-1'),
  /** Local stand-ins (DynamoDB Local, s3rver); absent in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  /** Where presigned URLs point when the S3 endpoint seen by clients differs from the one the server uses. */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Without a bus (locally), notification events are appended to this JSON Lines file instead. */
  LOCAL_EVENTS_FILE: z.string().min(1).default('.local/events.jsonl'),
  STAGE: z.string().min(1).default('dev'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  /**
   * The secret page tokens are sealed with (store/page-token.ts): set for the functions whose routes
   * return pages (in AWS from the stack's Secrets Manager secret), absent elsewhere.
   */
  PAGE_TOKEN_SECRET: z.string().min(32).max(1024).optional(),
  /** R-MAIL-1: the frontend every e-mail links to (stage setting `appUrl`). */
  APP_URL: z.url().default('http://localhost:5173'),
  /** The sender of the e-mails (an address of the verified SES identity in AWS). */
  MAIL_FROM: z.string().min(3).max(320).default('Hệ thống khen thưởng CCHC Sơn La <no-reply@localhost>'),
  /** The SES configuration set the e-mails are sent with (event publishing, suppression); none locally. */
  MAIL_CONFIGURATION_SET: z.string().min(1).max(64).optional(),
  /** Each role's addresses, as JSON: {"appraiser": ["…"], "approver": ["…"]} (stage configuration). */
  MAIL_ROLE_ADDRESSES: z
    .string()
    .max(8192)
    .default('{}')
    .transform((text, ctx) => {
      try {
        const parsed = RoleAddresses.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {}
      ctx.addIssue({ code: 'custom', message: 'a JSON object of role → list of addresses' });
      return z.NEVER;
    }),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
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
export const MAIL_ROLE_ADDRESSES: Readonly<Record<string, readonly string[]>> =
  parsed.data.MAIL_ROLE_ADDRESSES;
/** JSON bodies above this size are refused with 413 (SPEC §10). */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
/** CSV imports (index results, units) may be larger than a JSON body. */
export const MAX_CSV_BODY_BYTES = 2 * 1024 * 1024;
