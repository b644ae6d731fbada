// Configuration read and validated once at cold start. Nothing else in the code base reads process.env.

import { z } from 'zod';

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
  /**
   * How long a warm container keeps reference data it read (store/recent.ts: units of the registry and
   * their predecessor links, campaigns, rounds as the read routes see them), in seconds: a change reaches
   * every function within this bound. 0 reads them every time.
   */
  REFERENCE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
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
export const REFERENCE_CACHE_MS = parsed.data.REFERENCE_CACHE_SECONDS * 1000;
/** JSON bodies above this size are refused with 413 (SPEC §10). */
export const MAX_JSON_BODY_BYTES = 256 * 1024;
/** CSV imports (index results, units) may be larger than a JSON body. */
export const MAX_CSV_BODY_BYTES = 2 * 1024 * 1024;
