// Stage configuration, read from CDK context (cdk.json `stages.<stage>`, chosen with `-c stage=dev|prod`).
// Everything that differs between stages lives there, never in code: deploying another stage or changing
// retention is a context edit, not a code change.

import type { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

/** Retention values CloudWatch Logs accepts (the RetentionDays enum, minus INFINITE). */
const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0),
);

const Addresses = z.array(z.email().max(254)).max(50).default([]);

/** R-MAIL-1: how the stage e-mails notifications (Amazon SES v2). */
const MailSchema = z.strictObject({
  /** The verified SES identity the e-mails are sent from: a domain, or one address (README: SES). */
  identity: z
    .string()
    .regex(/^(?:[^@\s]+@)?[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/i, 'a domain or an address'),
  /** The From header: an address of the identity, with an optional display name ("Name <address>"). */
  from: z.string().min(3).max(320),
  /** An existing SES configuration set to send with (event publishing, suppression); empty: none. */
  configurationSet: z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]).default(''),
  /** The addresses of each role's notifications (appraisal reminders and overdue reports, …). */
  roles: z
    .strictObject({ appraiser: Addresses, approver: Addresses, admin: Addresses })
    .default({ appraiser: [], approver: [], admin: [] }),
});

/** The address inside a From header ("Name <a@b>" or "a@b"). */
export const fromAddress = (from: string) => (/<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from).trim();

const StageConfigSchema = z.strictObject({
  /** R-MAIL-1: the frontend every e-mail links to. */
  appUrl: z.url(),
  mail: MailSchema,
  /** Origins of the web frontends: API CORS, S3 CORS for presigned PUT/GET, Cognito callback URLs. */
  allowedOrigins: z
    .array(
      z
        .string()
        .regex(/^https?:\/\/[^/\s]+$/, 'an origin: scheme://host[:port]')
        .max(200),
    )
    .max(20),
  /**
   * Receives the alarm e-mails. Empty means no subscription, which only a stage that keeps no data may have
   * (a stage with retainData needs someone to hear its alarms: see stageConfigFrom).
   */
  alarmEmail: z.union([z.literal(''), z.email()]),
  logRetentionDays: z
    .number()
    .int()
    .refine((d) => RETENTION_DAYS.has(d), 'not a retention period CloudWatch Logs accepts'),
  /** true: table, bucket, user pool, key and logs survive `cdk destroy` and are deletion-protected. */
  retainData: z.boolean(),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** Steady-state requests per second and burst for the whole API (default route settings). */
  apiThrottle: z
    .strictObject({
      rateLimit: z.number().positive().max(10_000),
      burstLimit: z.number().int().positive().max(5_000),
    })
    .default({ rateLimit: 50, burstLimit: 100 }),
  /** Prefix of the Cognito hosted sign-in domain (<prefix>.auth.<region>.amazoncognito.com); empty: none. */
  cognitoDomainPrefix: z
    .union([z.literal(''), z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/)])
    .default(''),
});

export interface StageConfig extends z.output<typeof StageConfigSchema> {
  /** The stage name, also part of every stack name. */
  readonly stage: string;
}

/** Reads `stage` (default `dev`) and `stages[stage]` from the app's context and validates them. */
export function stageConfigFrom(app: App): StageConfig {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(`Context "stage" must be a short lower-case name, got "${stage}"`);
  }
  const stages: unknown = app.node.tryGetContext('stages');
  const raw = stages && typeof stages === 'object' ? (stages as Record<string, unknown>)[stage] : undefined;
  if (raw === undefined) {
    throw new Error(
      `No configuration for stage "${stage}": add "stages.${stage}" to the context in cdk.json`,
    );
  }
  const parsed = StageConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `stages.${stage}.${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid stage configuration:\n  ${issues.join('\n  ')}`);
  }
  if (parsed.data.retainData && parsed.data.alarmEmail === '') {
    // Its alarms would go to a topic nobody is subscribed to: errors, throttles and dead letters unheard.
    throw new Error(
      `Invalid stage configuration:\n  stages.${stage}.alarmEmail: stage "${stage}" keeps its data ` +
        `(retainData: true), so its alarms must reach someone: set "stages.${stage}.alarmEmail" in ` +
        'cdk.json to the address of the team on call.',
    );
  }
  const { identity, from } = parsed.data.mail;
  const address = fromAddress(from).toLowerCase();
  const domain = address.split('@')[1] ?? '';
  const sendable = identity.includes('@')
    ? address === identity.toLowerCase()
    : domain === identity.toLowerCase() || domain.endsWith(`.${identity.toLowerCase()}`);
  if (!z.email().safeParse(address).success || !sendable) {
    // SES refuses a From address outside the verified identity; so does the mailer's IAM condition.
    throw new Error(
      `Invalid stage configuration:\n  stages.${stage}.mail.from: "${from}" is not an address of the identity "${identity}"`,
    );
  }
  return { stage, ...parsed.data };
}
