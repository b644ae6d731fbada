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

const StageConfigSchema = z.strictObject({
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
  return { stage, ...parsed.data };
}
