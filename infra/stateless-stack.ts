// Code and wiring, safe to redeploy or destroy at any time (STYLE habit 8): one Lambda per route group and
// one HTTP API route per entry of the route table (functions/routes.ts, STYLE habit 6), the daily deadline
// sweep, the upload verifier on S3 object-created events, the mailer on the notification bus (R-MAIL-1),
// their dead-letter queues, and the alarms.

import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SWAGGER_UI_FILES } from '#functions/lib/swagger-ui.ts';
import type { FunctionGroup, RouteDef } from '#functions/pipeline/route.ts';
import { groupEntry, JOBS, ROUTES } from '#functions/routes.ts';
import {
  DOCUMENT_OBJECT_PREFIXES,
  DOSSIER_OBJECT_PREFIX,
  MOVEMENT_REPORT_OBJECT_PREFIX,
} from '#functions/store/object-keys.ts';
import { SIDE_BUNDLES } from './bundling-options.ts';
import type { StageConfig } from './config.ts';
import {
  type Access,
  type BundledAsset,
  type CodeOverride,
  CommendationFunction,
} from './constructs/lambda.ts';

/**
 * The timeout of the function that imports CSV files and workbooks (units, index results: the exports group), just under the 30 s an HTTP API
 * waits for its integration. An import stopped half-way would leave part of a file stored: the largest file
 * accepted (functions/lib/csv-import.ts) must fit in a third of it, which bench part (e) measures.
 */
export const IMPORT_TIMEOUT_SECONDS = 29;

/** Groups that reach AWS; `dev` exists only in the local server. */
export type DeployedGroup = Exclude<FunctionGroup, 'dev'>;

interface GroupSettings {
  readonly table?: Access;
  /** Object access by key prefix (object-keys.ts): each group reaches only the documents it serves. */
  readonly bucket?: Readonly<Partial<Record<(typeof DOCUMENT_OBJECT_PREFIXES)[number], Access>>>;
  readonly memorySize?: number;
  /** @default the construct's (10 s) */
  readonly timeout?: Duration;
  readonly assets?: readonly BundledAsset[];
}

/**
 * What each group's function may touch. Every GET shares its group's function, so a group that writes has
 * RW; the table also holds idempotency records, so every creating POST needs table writes.
 */
export const GROUP_SETTINGS: Record<DeployedGroup, GroupSettings> = {
  // health, openapi.json, docs: no data at all.
  meta: {
    assets: SWAGGER_UI_FILES.map((f) => ({
      from: `node_modules/swagger-ui-dist/${f}`,
      to: `swagger-ui/${f}`,
    })),
  },
  units: { table: 'RW' },
  'index-results': { table: 'RW' },
  rounds: { table: 'RW' },
  // Documents are listed from their table items; files are only touched by the documents group.
  dossiers: { table: 'RW' },
  nominations: { table: 'RW' },
  // Presigned PUT/GET are signed with this function's role, so it needs the object permissions themselves.
  // It uploads dossier documents, and verifies and serves movement report documents too (confirm, download).
  documents: {
    table: 'RW',
    bucket: { [DOSSIER_OBJECT_PREFIX]: 'RW', [MOVEMENT_REPORT_OBJECT_PREFIX]: 'R' },
  },
  // The yearly movement report (R-REP-1): presigned uploads of its documents only.
  'movement-reports': { table: 'RW', bucket: { [MOVEMENT_REPORT_OBJECT_PREFIX]: 'RW' } },
  appraisal: { table: 'RW' },
  awards: { table: 'RW' },
  // The spreadsheet function: builds the award and working lists as XLSX/CSV in memory, and imports the
  // registry and index results from CSV files and .xlsx workbooks (POST /units:import,
  // POST /index-results:import), hence table writes and the import timeout.
  exports: { table: 'RW', timeout: Duration.seconds(IMPORT_TIMEOUT_SECONDS), memorySize: 1024 },
  // GET /audit only: the audit trail is never changed through the API.
  audit: { table: 'R' },
  notifications: { table: 'RW' },
};

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: dynamodb.ITable;
  /** The documents bucket, by its fixed exports (StatefulStack.documentsRef). */
  readonly documents: { readonly bucketName: string; readonly bucketArn: string };
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly notificationBus: events.IEventBus;
  readonly pageTokenSecret: secretsmanager.ISecret;
  readonly alarmTopic: sns.ITopic;
  /** Tests only: ready code instead of bundling (see CodeOverride). */
  readonly code?: CodeOverride;
}

/** The routes deployed to API Gateway: every route of the table except the local-server-only ones. */
export const deployedRoutes = (routes: readonly RouteDef[] = ROUTES) => routes.filter((r) => !r.localOnly);

const isDeployedGroup = (group: FunctionGroup): group is DeployedGroup => group in GROUP_SETTINGS;

/** A route that lists pages: its query takes `nextToken` (schemas.ts Pagination). */
const takesPageToken = (route: RouteDef) =>
  (route.query?.() as { shape?: Record<string, unknown> } | undefined)?.shape?.nextToken !== undefined;

/** The groups whose function seals and opens page tokens, and only those, get their key. */
export const pagedGroups = (routes: readonly RouteDef[] = deployedRoutes()): Set<FunctionGroup> =>
  new Set(routes.filter(takesPageToken).map((r) => r.group));

const pascal = (s: string) => s.replace(/(^|[-_])([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase());

export class StatelessStack extends Stack {
  readonly api: apigw.HttpApi;
  readonly functions = new Map<DeployedGroup, CommendationFunction>();
  readonly sweep: CommendationFunction;
  readonly verifyUpload: CommendationFunction;
  readonly mailer: CommendationFunction;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Imported here (not the stateful stack's construct) so the S3 notification below lives in this stack:
    // attaching it to the bucket itself would make the stateful stack depend on this one (a cycle).
    const documents = s3.Bucket.fromBucketAttributes(this, 'DocumentsRef', props.documents);
    // functions/config.ts requires both names at cold start, in every function; access is granted separately.
    const names = { TABLE_NAME: props.table.tableName, BUCKET_NAME: documents.bucketName };
    const common = { config, environment: names, ...(props.code ? { code: props.code } : {}) };

    // ---- one function per route group ----
    const routes = deployedRoutes();
    const paged = pagedGroups(routes);
    for (const route of routes) {
      const { group } = route;
      if (!isDeployedGroup(group)) {
        throw new Error(
          `Route ${route.id} is deployed but its group "${group}" has no settings in GROUP_SETTINGS`,
        );
      }
      if (this.functions.has(group)) continue;
      const settings = GROUP_SETTINGS[group];
      const fn = new CommendationFunction(this, `Http${pascal(group)}`, {
        ...common,
        entry: groupEntry(group),
        description: `HTTP routes of the ${group} group`,
        ...(settings.memorySize ? { memorySize: settings.memorySize } : {}),
        ...(settings.timeout ? { timeout: settings.timeout } : {}),
        ...(settings.assets ? { assets: settings.assets } : {}),
        ...(SIDE_BUNDLES[group] ? { sideBundles: SIDE_BUNDLES[group] } : {}),
      });
      if (settings.table) fn.bindTable(props.table, settings.table);
      for (const [prefix, access] of Object.entries(settings.bucket ?? {}))
        fn.bindBucket(documents, access, `${prefix}*`);
      if (paged.has(group)) fn.bindPageTokenSecret(props.pageTokenSecret);
      this.acknowledgeSynchronous(fn);
      this.functions.set(group, fn);
    }

    // ---- the HTTP API ----
    const origins = [...config.allowedOrigins];
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `commendation-${config.stage}`,
      description: 'Commendation backend for the Sơn La administrative-reform emulation movement',
      createDefaultStage: false,
      corsPreflight: origins.length
        ? {
            allowOrigins: origins,
            allowMethods: [
              apigw.CorsHttpMethod.GET,
              apigw.CorsHttpMethod.POST,
              apigw.CorsHttpMethod.PUT,
              apigw.CorsHttpMethod.PATCH,
              apigw.CorsHttpMethod.DELETE,
            ],
            allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'accept-language'],
            exposeHeaders: ['etag', 'location', 'x-request-id'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });
    const stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiThrottle.rateLimit, burstLimit: config.apiThrottle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // One JSON object per request; no bodies, no tokens, no query strings (they may carry personal data).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            integrationStatus: '$context.integrationStatus',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            protocol: '$context.protocol',
          }),
        ),
      },
    });

    // Cognito ID tokens carry aud = the app client, cognito:groups and custom:unitId (SPEC §1).
    const authorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      {
        jwtAudience: [props.userPoolClient.userPoolClientId],
        identitySource: ['$request.header.Authorization'],
      },
    );
    const noAuth = new apigw.HttpNoneAuthorizer();
    const integrations = new Map<DeployedGroup, HttpLambdaIntegration>();
    for (const route of routes) {
      const group = route.group as DeployedGroup;
      const fn = this.functions.get(group)!;
      let integration = integrations.get(group);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(group)}Integration`, fn);
        integrations.set(group, integration);
      }
      const httpRoute = new apigw.HttpRoute(this, `Route-${route.id}`, {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration,
        authorizer: route.auth === 'public' ? noAuth : authorizer,
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `SPEC §8: ${route.method} ${route.path} is public by contract (health check and API documentation).`,
        });
      }
    }

    // SPEC §8, R-I18N-1: a request no route takes goes to the meta function, which answers a 404/405
    // problem+json like every other error (without this route API Gateway answers {"message":"Not Found"}).
    const metaIntegration =
      integrations.get('meta') ?? new HttpLambdaIntegration('MetaIntegration', this.functions.get('meta')!);
    const fallback = new apigw.HttpRoute(this, 'Route-default', {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: metaIntegration,
      authorizer: noAuth,
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'SPEC §8: the $default route only answers 404/405 problems for requests no route takes.',
    });

    // ---- the daily deadline sweep (R-SWEEP-1) ----
    const sweepDlq = this.deadLetterQueue('SweepDlq');
    this.sweep = new CommendationFunction(this, 'JobSweep', {
      ...common,
      entry: JOBS.sweep.entry,
      description: `Deadline sweep: reminders, expiries, overdue appraisal (${JOBS.sweep.description})`,
      timeout: Duration.minutes(5),
      onFailure: new SqsDestination(sweepDlq),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    })
      .bindTable(props.table, 'RW')
      .bindBus(props.notificationBus);
    new events.Rule(this, 'SweepSchedule', {
      description: `Runs the deadline sweep: ${JOBS.sweep.description}`,
      schedule: events.Schedule.expression(JOBS.sweep.schedule),
      targets: [
        new targets.LambdaFunction(this.sweep, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: sweepDlq,
        }),
      ],
    });

    // ---- upload verification on S3 object-created events (R-DOC-1) ----
    const verifyDlq = this.deadLetterQueue('VerifyUploadDlq');
    this.verifyUpload = new CommendationFunction(this, 'JobVerifyUpload', {
      ...common,
      entry: JOBS.verifyUpload.entry,
      description: 'Verifies an uploaded document: size, SHA-256 and leading bytes against its declaration',
      timeout: Duration.seconds(30),
      onFailure: new SqsDestination(verifyDlq),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    }).bindTable(props.table, 'RW');
    for (const prefix of DOCUMENT_OBJECT_PREFIXES) {
      this.verifyUpload.bindBucket(documents, 'R', `${prefix}*`);
      documents.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(this.verifyUpload), {
        prefix,
      });
    }
    // CDK's singleton function that writes the bucket's notification configuration at deploy time.
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
      Validations.of(child).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketNotifications deployment helper (runs once per deploy to call PutBucketNotification); " +
          'its role and managed policy are fixed by aws-cdk-lib.',
      });
    }

    // ---- e-mail of every notification (R-MAIL-1) ----
    // The bus delivers each notification event to the mailer asynchronously; a failed invocation (an
    // address failed for now) is retried by Lambda with backoff, then kept in the dead-letter queue. Sent
    // addresses are never sent again (the claims of functions/store/mail-claims.ts).
    const mailerDlq = this.deadLetterQueue('MailerDlq');
    this.mailer = new CommendationFunction(this, 'JobMailer', {
      ...common,
      entry: JOBS.mailer.entry,
      description: 'E-mails each notification to its unit or role through Amazon SES (R-MAIL-1)',
      timeout: Duration.seconds(30),
      memorySize: 256,
      onFailure: new SqsDestination(mailerDlq),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    })
      .bindTable(props.table, 'RW')
      .bindMail(config);
    new events.Rule(this, 'MailerRule', {
      description: 'Every notification event of the deadline sweep to the mailer (R-MAIL-1)',
      eventBus: props.notificationBus,
      eventPattern: { source: [JOBS.mailer.eventSource] },
      targets: [
        new targets.LambdaFunction(this.mailer, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: mailerDlq,
        }),
      ],
    });

    // ---- alarms ----
    const alarm = new SnsAction(props.alarmTopic);
    const onAlarm = (a: cloudwatch.Alarm) => a.addAlarmAction(alarm);
    const allFunctions: [string, CommendationFunction][] = [
      ...[...this.functions].map(([g, f]) => [`Http${pascal(g)}`, f] as [string, CommendationFunction]),
      ['JobSweep', this.sweep],
      ['JobVerifyUpload', this.verifyUpload],
      ['JobMailer', this.mailer],
    ];
    for (const [name, fn] of allFunctions) {
      onAlarm(
        fn
          .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
          .createAlarm(this, `${name}Errors`, {
            alarmDescription: `${name}: at least one invocation failed (unhandled error or timeout)`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
      onAlarm(
        fn
          .metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' })
          .createAlarm(this, `${name}Throttles`, {
            alarmDescription: `${name}: invocations were throttled (account or function concurrency exhausted)`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }
    for (const [name, queue] of [
      ['SweepDlq', sweepDlq],
      ['VerifyUploadDlq', verifyDlq],
      ['MailerDlq', mailerDlq],
    ] as const) {
      onAlarm(
        queue
          .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
          .createAlarm(this, `${name}NotEmpty`, {
            alarmDescription: `${name}: a failed event is waiting for inspection and redrive`,
            threshold: 0,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }
    onAlarm(
      this.api
        .metricServerError({ period: Duration.minutes(5), statistic: 'Sum' })
        .createAlarm(this, 'Api5xx', {
          alarmDescription: 'The HTTP API answered 5xx (SPEC §10: bad input must never produce a 5xx)',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
  }

  /** An encrypted, TLS-only queue keeping failed asynchronous events for 14 days. */
  private deadLetterQueue(id: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const reason =
      'This queue is itself the dead-letter queue (Lambda on-failure destination / EventBridge target DLQ); ' +
      'messages are inspected and redriven by an operator, so it has no further DLQ.';
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
    Validations.of(queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
    return queue;
  }

  /** HTTP functions are invoked synchronously by API Gateway: a failure goes back to the caller. */
  private acknowledgeSynchronous(fn: CommendationFunction): void {
    const reason =
      'Invoked only synchronously by API Gateway: errors are returned to the client as problem+json and ' +
      'alarmed on; a dead-letter queue applies to asynchronous invocations only.';
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
  }
}
