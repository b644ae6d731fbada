// CDK assertions on what `cdk deploy` would create, for both stages of cdk.json, plus the cdk-nag packs.
// The app is built exactly as infra/app.ts builds it, except that every Lambda gets inline code instead of
// an esbuild bundle: the suite stays fast and does not need every handler file to exist.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey } from '#functions/pipeline/route.ts';
import { EVENT_SOURCE } from '#functions/jobs/notification-events.ts';
import { JOBS, ROUTES } from '#functions/routes.ts';
import { defineCommendationApp } from '../../infra/commendation-app.ts';
import { GROUP_SETTINGS, IMPORT_TIMEOUT_SECONDS, pagedGroups } from '../../infra/stateless-stack.ts';

const CDK_JSON = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown> & { stages: Record<string, Record<string, unknown>> };
};

const inlineCode = () => lambda.Code.fromInline('export const handler = async () => ({ statusCode: 200 });');

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** The app of `cdk synth -c stage=<stage>`, with the stage's cdk.json configuration and optional overrides. */
function buildApp(stage: 'dev' | 'prod', overrides: Json = {}) {
  const context = structuredClone(CDK_JSON.context);
  context.stage = stage;
  context.stages[stage] = { ...context.stages[stage], ...overrides };
  const app = new App({ context });
  return { app, ...defineCommendationApp(app, { code: inlineCode }) };
}

/**
 * One app per stage, built and synthesized once for the whole file (synthesis also runs cdk-nag): prod with
 * an alarm e-mail to cover the subscription, dev exactly as in cdk.json.
 */
const once = <T>(make: () => T) => {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
};
const prodApp = once(() => buildApp('prod', { alarmEmail: 'ops@example.org' }));
const devApp = once(() => buildApp('dev'));

const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

const deployed = ROUTES.filter((r) => !r.localOnly);
const deployedGroups = [...new Set(deployed.map((r) => r.group))];
/** Our functions, not CDK's own deploy-time helpers (the S3 notifications handler). */
const ownFunctions = (template: Template) =>
  resources(template, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler'));

describe('stateful stack (prod)', () => {
  let t: Template;
  beforeAll(() => {
    t = Template.fromStack(prodApp().stateful);
  });

  it('keeps the single table on demand, with PITR, deletion protection, KMS encryption and TTL', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled without a key: KMS with the AWS managed aws/dynamodb key.
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('declares gsi1 and gsi2 projecting ALL, as functions/store/table-schema.ts does', () => {
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith(
        ['gsi1', 'gsi2'].map((name) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: `${name}pk`, KeyType: 'HASH' },
            { AttributeName: `${name}sk`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      ),
    });
  });

  it('keeps documents private, encrypted, versioned, logged and retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'documents/' }),
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              Status: 'Enabled',
            }),
            Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }),
          ]),
        },
      }),
    });
  });

  it('refuses every non-TLS request to both buckets', () => {
    const policies = resources(t, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('has a user pool with the four role groups, custom:unitId and no self sign-up', () => {
    const groups = resources(t, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'appraiser', 'approver', 'unit_officer']);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: Match.arrayWith([
        {
          Name: 'unitId',
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
        },
      ]),
      DeletionProtection: 'ACTIVE',
    });
  });

  it('requires strong passwords and offers TOTP as optional MFA', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('has a public SRP client that may read custom:unitId but never write it', () => {
    const clients = resources(t, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const client = clients[0]![1].Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH']));
    expect(client.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(client.ReadAttributes).toContain('custom:unitId');
    expect(client.WriteAttributes).not.toContain('custom:unitId');
    // prod has no web origins configured yet: no hosted sign-in flows at all.
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  it('has the notification bus and a KMS-encrypted alarm topic with the e-mail subscription', () => {
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'commendation-notifications-prod' });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // CloudWatch may use the key only for alarms of this account.
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it('SPEC §8: keeps a generated secret for the page tokens, retained with the data', () => {
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
      }),
    });
    // Generated by Secrets Manager: no value of it in the template.
    const [[, secret]] = resources(t, 'AWS::SecretsManager::Secret') as [[string, Resource]];
    expect(secret.Properties).not.toHaveProperty('SecretString');
  });

  it('outputs the user pool, client, table and bucket', () => {
    for (const name of ['UserPoolId', 'UserPoolClientId', 'TableName', 'BucketName']) {
      t.hasOutput(name, {});
    }
  });
});

describe('stateful stack (dev)', () => {
  let t: Template;
  beforeAll(() => {
    t = Template.fromStack(devApp().stateful);
  });

  it('lets `cdk destroy` remove data when retainData is false', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    t.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    t.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('offers the authorization code flow (PKCE) to the configured origins', () => {
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['http://localhost:5173'],
      GenerateSecret: false,
    });
  });

  it("allows presigned PUT/GET from the stage's origins with the checksum headers", () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedOrigins: ['http://localhost:5173'],
            AllowedMethods: ['PUT', 'GET'],
            AllowedHeaders: [
              'content-type',
              'content-length',
              'x-amz-checksum-sha256',
              'x-amz-sdk-checksum-algorithm',
            ],
          }),
        ],
      },
    });
  });
});

describe('stage configuration', () => {
  it('a stage that keeps its data cannot be synthesized without an address for its alarms', () => {
    const refused = /stages\.prod\.alarmEmail: stage "prod" keeps its data \(retainData: true\)/;
    // prod as cdk.json holds it, until an operator sets the address.
    expect(CDK_JSON.context.stages.prod).toMatchObject({ retainData: true, alarmEmail: '' });
    expect(() => buildApp('prod')).toThrow(refused);
    expect(() => buildApp('dev', { retainData: true })).toThrow(/stages\.dev\.alarmEmail/);
    expect(() => buildApp('prod', { alarmEmail: 'ops@example.org' })).not.toThrow();
  });

  it('`cdk synth` without a stage synthesizes the default stage of cdk.json as it is', () => {
    const app = new App({ context: structuredClone(CDK_JSON.context) });
    expect(() => defineCommendationApp(app, { code: inlineCode, nag: false })).not.toThrow();
    expect(CDK_JSON.context.stage).toBe('dev');
  });

  it('comes from cdk.json context and is validated', () => {
    expect(() => buildApp('prod', { logRetentionDays: 31 })).toThrow(/stages\.prod\.logRetentionDays/);
    expect(() => buildApp('dev', { allowedOrigins: ['http://localhost:5173/'] })).toThrow(/allowedOrigins/);
    const app = new App({ context: { ...structuredClone(CDK_JSON.context), stage: 'qa' } });
    expect(() => defineCommendationApp(app, { code: inlineCode })).toThrow(/No configuration for stage "qa"/);
  });
});

describe('stateless stack (prod)', () => {
  let t: Template;
  beforeAll(() => {
    t = Template.fromStack(prodApp().stateless);
  });

  it('creates one route per deployed entry of the route table, JWT-protected unless public', () => {
    const routes = resources(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const keys = routes.map((r) => r.RouteKey).filter((k) => k !== '$default');
    expect(keys.sort()).toEqual(deployed.map((r) => routeKey(r)).sort());
    for (const route of deployed) {
      const found = routes.find((r) => r.RouteKey === routeKey(route))!;
      expect(found.AuthorizationType, routeKey(route)).toBe(route.auth === 'public' ? 'NONE' : 'JWT');
      if (route.auth !== 'public') expect(found.AuthorizerId, routeKey(route)).toBeDefined();
    }
  });

  it('R-I18N-1: sends a request no route takes to the meta function ($default), which answers 404/405', () => {
    const routes = resources(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const fallback = routes.find((r) => r.RouteKey === '$default');
    expect(fallback?.AuthorizationType).toBe('NONE');
    const health = routes.find((r) => r.RouteKey === 'GET /health');
    expect(fallback?.Target).toEqual(health?.Target);
  });

  it('deploys no local-only route', () => {
    const keys = resources(t, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    const localOnly = ROUTES.filter((r) => r.localOnly);
    expect(localOnly.length).toBeGreaterThan(0);
    for (const route of localOnly) expect(keys).not.toContain(routeKey(route));
  });

  it('keeps the custom-method path POST /index-results:import as the SPEC names it', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /index-results:import' });
  });

  it('verifies Cognito ID tokens: issuer of the pool, audience the app client', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: {
          'Fn::Join': [
            '',
            Match.arrayWith(['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/']),
          ],
        },
      },
    });
  });

  it('throttles the default stage and writes JSON access logs', () => {
    const [, stage] = resources(t, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('runs one function per route group plus the sweep, the upload verifier and the mailer', () => {
    const descriptions = ownFunctions(t).map(([, f]) => String(f.Properties.Description));
    expect(descriptions).toHaveLength(deployedGroups.length + 3);
    for (const group of deployedGroups) {
      expect(descriptions).toContain(`HTTP routes of the ${group} group`);
      expect(GROUP_SETTINGS).toHaveProperty(group);
    }
  });

  it('runs every function on Node.js 22, arm64, traced, with source maps and the stage settings', () => {
    for (const [id, fn] of ownFunctions(t)) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: expect.any(Number),
        Timeout: expect.any(Number),
        LoggingConfig: { LogGroup: expect.anything() },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            STAGE: 'prod',
            LOG_LEVEL: 'INFO',
            TABLE_NAME: expect.anything(),
            BUCKET_NAME: expect.anything(),
          }),
        },
      });
    }
    for (const [, group] of resources(t, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(365);
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });

  it('SPEC §8: gives the page-token secret exactly to the functions whose routes return pages, by a dynamic reference', () => {
    expect([...pagedGroups()].sort()).toEqual([
      'audit',
      'dossiers',
      'index-results',
      'notifications',
      'rounds',
      'units',
    ]);
    for (const [id, fn] of ownFunctions(t)) {
      const group = deployedGroups.find((g) => fn.Properties.Description === `HTTP routes of the ${g} group`);
      const value = (fn.Properties.Environment as { Variables: Json }).Variables.PAGE_TOKEN_SECRET;
      if (group && pagedGroups().has(group)) {
        // Resolved by CloudFormation at deploy time: the template names the secret, never its value.
        expect(JSON.stringify(value), id).toMatch(
          /\{\{resolve:secretsmanager:.*PageTokenSecret.*:SecretString:::\}\}/,
        );
      } else expect(value, id).toBeUndefined();
    }
    // Nothing reads the secret at run time: no role may.
    for (const [, p] of resources(t, 'AWS::IAM::Policy'))
      expect(JSON.stringify(p.Properties.PolicyDocument)).not.toContain('secretsmanager:');
  });

  it('gives the function that imports CSV files and workbooks IMPORT_TIMEOUT_SECONDS, within the HTTP API’s 30 s', () => {
    expect(IMPORT_TIMEOUT_SECONDS).toBeLessThan(30);
    const [, imports] = ownFunctions(t).find(
      ([, f]) => f.Properties.Description === 'HTTP routes of the exports group',
    )!;
    expect(imports.Properties.Timeout).toBe(IMPORT_TIMEOUT_SECONDS);
  });

  it('gives the sweep five minutes, the bus and the table', () => {
    const [, sweep] = ownFunctions(t).find(([id]) => id.startsWith('JobSweep'))!;
    expect(sweep.Properties.Timeout).toBe(300);
    expect(sweep.Properties.Environment).toMatchObject({
      Variables: expect.objectContaining({ EVENT_BUS_NAME: expect.anything() }),
    });
  });

  it('schedules the sweep daily at 07:00 ICT with retries and a dead-letter queue', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: JOBS.sweep.schedule,
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepDlq'), 'Arn'] } },
        }),
      ],
    });
    expect(JOBS.sweep.schedule).toBe('cron(0 0 * * ? *)');
  });

  it('sends failed asynchronous invocations to encrypted, TLS-only dead-letter queues', () => {
    const queues = resources(t, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(3);
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    for (const [, policy] of resources(t, 'AWS::SQS::QueuePolicy')) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    const configs = resources(t, 'AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(3);
    for (const [, config] of configs) {
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/Dlq/), 'Arn'] } },
        },
      });
    }
  });

  it('R-MAIL-1: a rule on the notification bus invokes the mailer, with retries and a dead-letter queue', () => {
    expect(JOBS.mailer.eventSource).toBe(EVENT_SOURCE);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { source: [EVENT_SOURCE] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobMailer'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailerDlq'), 'Arn'] } },
        }),
      ],
    });
    const [, mailer] = ownFunctions(t).find(([id]) => id.startsWith('JobMailer'))!;
    expect(mailer.Properties.Timeout).toBe(30);
    expect(mailer.Properties.Environment).toMatchObject({
      Variables: expect.objectContaining({
        APP_URL: 'https://khenthuong.sonla.example',
        MAIL_FROM: 'Hệ thống khen thưởng CCHC Sơn La <no-reply@khenthuong.sonla.example>',
        MAIL_ROLE_ADDRESSES: JSON.stringify({ appraiser: [], approver: [], admin: [] }),
      }),
    });
    expect((mailer.Properties.Environment as { Variables: Json }).Variables).not.toHaveProperty(
      'EVENT_BUS_NAME',
    );
    // Its failures are alarmed on, and so is its dead-letter queue.
    const alarms = resources(t, 'AWS::CloudWatch::Alarm').map(([id]) => id);
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^JobMailerErrors/),
        expect.stringMatching(/^MailerDlqNotEmpty/),
      ]),
    );
  });

  it('R-MAIL-1: the stage names the SES identity, the From address, the configuration set and the role lists', () => {
    const mail = {
      identity: 'sonla.gov.vn',
      from: 'Khen thưởng <khenthuong@sonla.gov.vn>',
      configurationSet: 'commendation-mail',
      roles: { appraiser: ['td@sonla.gov.vn'], approver: [], admin: [] },
    };
    const { stateless } = buildApp('dev', { mail });
    const tt = Template.fromStack(stateless);
    const [, mailer] = resources(tt, 'AWS::Lambda::Function').find(([id]) => id.startsWith('JobMailer'))!;
    expect((mailer.Properties.Environment as { Variables: Json }).Variables).toMatchObject({
      MAIL_CONFIGURATION_SET: 'commendation-mail',
      MAIL_ROLE_ADDRESSES: JSON.stringify(mail.roles),
    });
    const policy = JSON.stringify(
      resources(tt, 'AWS::IAM::Policy').map(([, p]) => p.Properties.PolicyDocument),
    );
    expect(policy).toContain(':identity/sonla.gov.vn');
    expect(policy).toContain(':configuration-set/commendation-mail');
    expect(() => buildApp('dev', { mail: { ...mail, from: 'x@elsewhere.vn' } })).toThrow(/mail\.from/);
    expect(() => buildApp('dev', { mail: { ...mail, roles: { appraiser: ['nope'] } } })).toThrow(
      /mail\.roles/,
    );
    expect(() => buildApp('dev', { appUrl: 'not a url' })).toThrow(/appUrl/);
  });

  it('verifies uploads on S3 object-created events under dossiers/ and movement-reports/', () => {
    const verifier = { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobVerifyUpload'), 'Arn'] };
    t.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'dossiers/' }] } },
            LambdaFunctionArn: verifier,
          },
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'movement-reports/' }] } },
            LambdaFunctionArn: verifier,
          },
        ],
      },
    });
  });

  it('alarms on errors and throttles of every function, non-empty DLQs and API 5xx', () => {
    const alarms = resources(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const fnCount = ownFunctions(t).length;
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(byMetric('Errors')).toHaveLength(fnCount);
    expect(byMetric('Throttles')).toHaveLength(fnCount);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(3);
    expect(byMetric('5xx')).toHaveLength(1);
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
  });

  it('outputs the API URL', () => {
    t.hasOutput('ApiUrl', {});
  });
});

describe('least privilege of the function roles', () => {
  let t: Template;
  type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
  const statementsOf = (rolePrefix: string): Statement[] =>
    resources(t, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const actionsOf = (rolePrefix: string) => statementsOf(rolePrefix).flatMap((s) => [s.Action].flat());

  beforeAll(() => {
    t = Template.fromStack(prodApp().stateless);
  });

  it('uses Resource "*" only for the X-Ray write actions', () => {
    const all = resources(t, 'AWS::IAM::Policy').flatMap(
      ([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    for (const s of all.filter((s) => s.Resource === '*')) {
      for (const action of [s.Action].flat()) expect(action).toMatch(/^xray:/);
    }
  });

  it('R-MAIL-1: only the mailer may send e-mail: ses:SendEmail on the identity, From the configured address', () => {
    const sends = resources(t, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (
        p.Properties.PolicyDocument as { Statement: (Statement & { Condition?: unknown })[] }
      ).Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:'))).map((s) => ({
        roles: p.Properties.Roles,
        ...s,
      })),
    );
    expect(sends).toHaveLength(1);
    expect(JSON.stringify(sends[0]?.roles)).toMatch(/JobMailer/);
    expect(sends[0]).toMatchObject({
      Action: 'ses:SendEmail',
      Effect: 'Allow',
      Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@khenthuong.sonla.example' } },
    });
    expect(JSON.stringify(sends[0]?.Resource)).toContain(':identity/khenthuong.sonla.example');
    expect(
      actionsOf('JobMailer').filter((a) => !a.startsWith('xray:') && !a.startsWith('logs:')),
    ).not.toContain('events:PutEvents');
  });

  it('never scans the table', () => {
    for (const [, p] of resources(t, 'AWS::IAM::Policy')) {
      expect(JSON.stringify(p.Properties.PolicyDocument)).not.toContain('dynamodb:Scan');
    }
  });

  it('gives the meta group no data access and the audit group reads only', () => {
    expect(actionsOf('HttpMetaRole').filter((a) => /^(dynamodb|s3):/.test(a))).toEqual([]);
    const audit = actionsOf('HttpAuditRole');
    expect(audit).toContain('dynamodb:Query');
    expect(audit.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });

  it('lets only the documents and movement-reports groups write objects, each under its own prefix', () => {
    const writers = resources(t, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('s3:PutObject'),
    );
    expect(writers).toHaveLength(2);
    const puts = (role: string) =>
      statementsOf(role)
        .filter((s) => [s.Action].flat().includes('s3:PutObject'))
        .map((s) => JSON.stringify(s.Resource));
    const documents = puts('HttpDocumentsRole');
    expect(documents).toHaveLength(1);
    expect(documents[0]).toContain('/dossiers/*');
    const reports = puts('HttpMovementReportsRole');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('/movement-reports/*');
    // The documents group verifies and serves report documents (confirm, download), without writing them.
    const reads = statementsOf('HttpDocumentsRole')
      .filter((s) => [s.Action].flat().includes('s3:GetObject'))
      .map((s) => JSON.stringify(s.Resource));
    expect(reads.some((r) => r.includes('/movement-reports/*'))).toBe(true);
    expect(actionsOf('JobVerifyUploadRole')).toEqual(expect.arrayContaining(['s3:GetObject']));
    expect(actionsOf('JobVerifyUploadRole')).not.toContain('s3:PutObject');
    expect(actionsOf('JobSweepRole')).toContain('events:PutEvents');
  });
});

/** Every acknowledgment recorded in the app: where, which rule, and why. */
function acknowledgments(app: App) {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id, reason })),
  );
}

describe.each(['prod', 'dev'] as const)('cdk-nag AwsSolutions and Serverless checks (%s)', (stage) => {
  it('synthesizes with no unacknowledged finding, each acknowledgment giving its reason', () => {
    const { app } = stage === 'prod' ? prodApp() : devApp();
    // A violation of an error-level rule makes synth throw, with the whole report in the message.
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
    };
    const findings = report.pluginReports.flatMap((p) =>
      p.violations.map((v) => `${p.pluginName} ${v.severity} ${v.ruleName}`),
    );
    expect(findings).toEqual([]);

    // Every acknowledged rule is listed here on purpose: a new one is a reviewed change of this test.
    const acks = acknowledgments(app);
    const rules = new Set(acks.map((a) => a.id.replace(/^\w+::/, '')));
    expect([...rules].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-COG2',
        'AwsSolutions-COG8',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-IAM5[Resource::*]',
        `AwsSolutions-IAM5[Resource::commendation-${stage}-documents-arn/dossiers/*]`,
        `AwsSolutions-IAM5[Resource::commendation-${stage}-documents-arn/movement-reports/*]`,
        'AwsSolutions-L1',
        'AwsSolutions-S1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
        'Serverless-LambdaDLQ',
        'Serverless-LambdaLatestVersion',
        // Only with an alarm e-mail subscription (prod here).
        ...(stage === 'prod' ? ['Serverless-SNSRedrivePolicy'] : []),
        'Serverless-SQSRedrivePolicy',
      ].sort(),
    );
    for (const ack of acks) {
      // Ids without a plugin namespace are recorded as `Annotation::<id>`; cdk-nag matches the rule id.
      expect(ack.id, ack.path).toMatch(/^(\w+::)?(AwsSolutions|Serverless)-/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(60);
    }
  });
});
