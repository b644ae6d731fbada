// What holds data or identity and must outlive any redeploy of the code (STYLE habit 8): the single table,
// the document bucket (and its access-log bucket), the Cognito user pool with the four role groups, the
// notification event bus, the secret page tokens are sealed with, and the alarm topic with its KMS key. With `retainData` (prod) all of it is
// retained on stack deletion and deletion-protected; without it (dev) `cdk destroy` removes everything.

import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ROLES } from '#domain/types.ts';
import { GSIS, TABLE_KEYS, TTL_ATTRIBUTE } from '#functions/store/table-schema.ts';
import type { StageConfig } from './config.ts';

/** Headers a browser sends with a presigned PUT (R-DOC-1: type, size and checksum are signed in). */
export const UPLOAD_HEADERS = [
  'content-type',
  'content-length',
  'x-amz-checksum-sha256',
  'x-amz-sdk-checksum-algorithm',
] as const;

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

const attributeType = (type: 'S' | 'N' | 'B') =>
  type === 'S'
    ? dynamodb.AttributeType.STRING
    : type === 'N'
      ? dynamodb.AttributeType.NUMBER
      : dynamodb.AttributeType.BINARY;

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bucket: s3.Bucket;
  /**
   * The bucket's name and ARN exported under fixed names, for the stateless stack: its IAM statements and
   * the S3 notification are built on them, and fixed export names keep the cdk-nag finding names stable.
   */
  readonly documentsRef: { readonly bucketName: string; readonly bucketArn: string };
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly notificationBus: events.EventBus;
  /** Seals the pagination tokens of the API (functions/store/page-token.ts); generated, never typed in. */
  readonly pageTokenSecret: secretsmanager.Secret;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.retainData });
    const { config } = props;
    const retain = config.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // ---- the single table (keys, indexes and TTL from functions/store/table-schema.ts) ----
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey.name, type: attributeType(TABLE_KEYS.partitionKey.type) },
      sortKey: { name: TABLE_KEYS.sortKey.name, type: attributeType(TABLE_KEYS.sortKey.type) },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: retain,
      // The aws/dynamodb KMS key: encrypted with KMS, no key to pay for or rotate.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy,
    });
    for (const gsi of Object.values(GSIS)) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey.name, type: attributeType(gsi.partitionKey.type) },
        sortKey: { name: gsi.sortKey.name, type: attributeType(gsi.sortKey.type) },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // ---- documents: private, TLS only, versioned; uploads and downloads only through presigned URLs ----
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Server access log delivery supports only SSE-S3 on the target bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy,
      autoDeleteObjects: !retain,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the target of the document bucket access logs; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Documents', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: presigned PUT/GET work without KMS grants to every signer and cost nothing per request.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
      ],
      cors: config.allowedOrigins.length
        ? [
            {
              allowedOrigins: [...config.allowedOrigins],
              allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
              allowedHeaders: [...UPLOAD_HEADERS],
              exposedHeaders: ['etag'],
              maxAge: 3600,
            },
          ]
        : undefined,
      removalPolicy,
      autoDeleteObjects: !retain,
    });

    this.documentsRef = {
      bucketName: this.exportValue(this.bucket.bucketName, {
        name: `commendation-${config.stage}-documents-name`,
      }),
      bucketArn: this.exportValue(this.bucket.bucketArn, {
        name: `commendation-${config.stage}-documents-arn`,
      }),
    };

    // ---- identity: the four roles of SPEC §1 as groups, the unit as a custom attribute ----
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `commendation-${config.stage}`,
      // Accounts are created by administrators at Sở Nội vụ; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // Claim `custom:unitId` of a unit_officer; changed by an admin when a person moves units.
        unitId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: retain,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is OPTIONAL by decision (SPEC/issue 7): TOTP is offered to every user; making it mandatory for ' +
        'commune officers without smartphones would block submissions. Revisit per stage if policy changes.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials plan (free up to 10,000 MAU) on purpose: Plus adds threat protection billed per active ' +
        'user, while accounts here are admin-created only (no self sign-up) behind a 12-character, ' +
        'all-classes password policy with optional TOTP.',
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `SPEC §1 role ${role}` });
    }

    const profileAttributes = new cognito.ClientAttributes().withStandardAttributes({
      email: true,
      emailVerified: true,
      fullname: true,
    });
    const origins = [...config.allowedOrigins];
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `commendation-web-${config.stage}`,
      // A public client (browser SPA): no secret; SRP for the SDK sign-in, authorization code + PKCE for the
      // hosted sign-in page when a domain and origins are configured.
      generateSecret: false,
      authFlows: { userSrp: true },
      ...(origins.length
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
              callbackUrls: origins,
              logoutUrls: origins,
            },
          }
        : { disableOAuth: true }),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: profileAttributes.withCustomAttributes('unitId'),
      // custom:unitId decides what a unit officer may read and write: only administrators may change it.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    if (config.cognitoDomainPrefix) {
      this.userPool.addDomain('HostedSignIn', {
        cognitoDomain: { domainPrefix: config.cognitoDomainPrefix },
      });
    }

    // ---- notifications published for mail/SMS integrations (source commendation.deadlines) ----
    this.notificationBus = new events.EventBus(this, 'NotificationBus', {
      eventBusName: `commendation-notifications-${config.stage}`,
      description: 'Deadline reminders and expiries from the sweep (source commendation.deadlines)',
    });

    // ---- the key of the pagination tokens (SPEC §8: opaque, tamper-evident) ----
    this.pageTokenSecret = new secretsmanager.Secret(this, 'PageTokenSecret', {
      description: `Seals the pagination tokens of the commendation ${config.stage} API (AES-256-GCM key material)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    Validations.of(this.pageTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The functions receive this value at deploy time (a CloudFormation dynamic reference), so a rotation ' +
        'takes effect only with a redeploy, and it invalidates the page tokens handed out: rotate it by ' +
        'redeploying after changing it, not on a schedule.',
    });

    // ---- alarms: one topic, encrypted with a key CloudWatch may use ----
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: `Encrypts the commendation ${config.stage} alarm topic`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish as the cloudwatch.amazonaws.com service, which cannot use the aws/sns key:
    // the key and the topic both let that service in, only on behalf of this account (no other account's
    // alarms can use the key: the confused-deputy guard of aws:SourceAccount).
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Commendation ${config.stage} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*`,
          },
        },
      }),
    );
    if (config.alarmEmail) {
      const subscription = this.alarmTopic.addSubscription(
        new subscriptions.EmailSubscription(config.alarmEmail),
      );
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An operator e-mail address: SNS retries e-mail delivery itself, and a dead-letter queue for alarm ' +
          'e-mails would need an alarm of its own; the alarm history stays visible in CloudWatch.',
      });
    }

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'EventBusName', { value: this.notificationBus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}
