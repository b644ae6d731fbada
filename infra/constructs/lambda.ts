// The project's Lambda defaults in one construct (STYLE habit 7): Node.js 22 on ARM64, an ESM bundle built
// locally by esbuild (minified, source maps, the AWS SDK v3 bundled and tree-shaken), its own log group with
// the stage's retention, X-Ray tracing, and a role that starts with nothing but writing to that log group.
// Access to data is granted per function with bindTable / bindBucket / bindBus, each setting the
// environment variable functions/config.ts reads and the least privilege that goes with it.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DOSSIER_OBJECT_PREFIX } from '#functions/store/object-keys.ts';
import { GSIS } from '#functions/store/table-schema.ts';
import {
  REQUIRE_BANNER,
  SIDE_BUNDLE_OPTIONS,
  type SideBundle,
  UNREACHED_CREDENTIAL_PROVIDERS,
} from '../bundling-options.ts';
import { fromAddress, type StageConfig } from '../config.ts';

/** The repository root: entries, the lock file and node_modules are resolved from here, whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Replaces bundling with ready code for the entries it answers (undefined: bundle that entry). Only the
 * tests use it (inline code, so a synth takes seconds and does not need every handler file to exist); the
 * app always bundles the real entries.
 */
export type CodeOverride = (entry: string) => lambda.Code | undefined;

/** A file copied next to the bundle (for example static assets a handler serves from disk). */
export interface BundledAsset {
  /** Repo-relative source path. */
  readonly from: string;
  /** Path relative to the bundle's output directory. */
  readonly to: string;
}

export interface CommendationFunctionProps {
  /** Repo-relative handler file exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly config: StageConfig;
  /** @default 10 seconds (HTTP API integrations give up at 30 s; requests here are single transactions). */
  readonly timeout?: Duration;
  /** @default 512 MB: enough CPU for zod + SDK cold starts without paying for idle memory. */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  readonly assets?: readonly BundledAsset[];
  /** Libraries bundled apart into files beside index.mjs (bundling-options.ts SIDE_BUNDLES). */
  readonly sideBundles?: readonly SideBundle[];
  readonly code?: CodeOverride;
  /** Asynchronous invocation (S3, EventBridge): failure destination, retries, maximum event age. */
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
}

export type Access = 'R' | 'RW';

/** Reads used by repositories: single items, batches and key-condition queries (never Scan). */
const TABLE_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
/** Writes; TransactWriteItems is authorised through these per-item actions. */
const TABLE_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
/** HEAD and ranged GET (verification), presigned GET (download). */
const OBJECT_READ = ['s3:GetObject'];
/** Presigned PUT (upload); objects are never deleted through the API, old versions expire by lifecycle. */
const OBJECT_WRITE = ['s3:PutObject'];

/** The esbuild command that writes a side file beside index.mjs, with the options of SIDE_BUNDLE_OPTIONS. */
function sideBundleCommand(inputDir: string, outputDir: string, side: SideBundle): string {
  const o = SIDE_BUNDLE_OPTIONS;
  const args = [
    join(inputDir, side.entry),
    ...(o.bundle ? ['--bundle'] : []),
    `--platform=${o.platform}`,
    `--target=${o.target}`,
    `--format=${o.format}`,
    ...(o.minify ? ['--minify'] : []),
    `--main-fields=${o.mainFields.join(',')}`,
    `--banner:js=${o.banner}`,
    '--log-level=warning',
    `--outfile=${join(outputDir, side.file)}`,
  ];
  // The banner holds single quotes and no double quote, `$` or backtick: each argument is double-quoted.
  return [join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), ...args].map((a) => `"${a}"`).join(' ');
}

/** After esbuild wrote index.mjs: the side files built, the assets copied beside it. */
const afterBundlingHooks = (
  assets: readonly BundledAsset[],
  sideBundles: readonly SideBundle[],
): ICommandHooks => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) => {
    const dirs = [...new Set(assets.map((a) => join(outputDir, a.to, '..')))];
    return [
      ...sideBundles.map((side) => sideBundleCommand(inputDir, outputDir, side)),
      ...dirs.map((dir) => `mkdir -p "${dir}"`),
      ...assets.map((a) => `cp "${join(inputDir, a.from)}" "${join(outputDir, a.to)}"`),
    ];
  },
});

export class CommendationFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CommendationFunctionProps) {
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Created beside the function (they must exist before super()): an explicit log group carries the
    // retention, and an own role avoids the AWSLambdaBasicExecutionRole managed policy (log writes anywhere).
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (${config.stage})`,
    });
    logGroup.grantWrite(role);

    const override = props.code?.(props.entry);
    const code = override
      ? { code: override, handler: 'index.handler' }
      : {
          entry: join(REPO_ROOT, props.entry),
          handler: 'handler',
          projectRoot: REPO_ROOT,
          depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
          bundling: {
            forceDockerBundling: false,
            format: OutputFormat.ESM,
            target: 'node22',
            platform: 'node',
            minify: true,
            sourceMap: true,
            sourcesContent: false,
            // Prefer the ES module builds of dependencies so esbuild can drop unused SDK commands.
            mainFields: ['module', 'main'],
            // Bundle the SDK too: pins the version we test against and loads faster than the runtime's copy;
            // all but the credential providers a Lambda function never reaches.
            // …and the libraries bundled apart beside index.mjs.
            externalModules: [
              ...UNREACHED_CREDENTIAL_PROVIDERS,
              ...(props.sideBundles ?? []).map((side) => side.module),
            ],
            banner: REQUIRE_BANNER,
            ...(props.assets?.length || props.sideBundles?.length
              ? { commandHooks: afterBundlingHooks(props.assets ?? [], props.sideBundles ?? []) }
              : {}),
          },
        };

    super(scope, id, {
      ...code,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        STAGE: config.stage,
        LOG_LEVEL: config.logLevel,
        ...props.environment,
      },
      ...(props.onFailure ? { onFailure: props.onFailure } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      ...(props.maxEventAge ? { maxEventAge: props.maxEventAge } : {}),
    });

    // Tracing adds the X-Ray write actions, which have no resource-level permissions (Resource "*").
    // test/infra/stacks.test.ts checks that they are the only "*" statements on every function role.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions, so tracing ' +
        'needs Resource "*"; every other statement of this role names its table, bucket prefix, bus or log group.',
    });
    const runtimeReason =
      'Pinned to nodejs22.x on purpose (issue 7): the code, esbuild target and local runs are Node 22-compatible ' +
      'and Node 22 is an LTS line Lambda supports; moving to a newer runtime is a deliberate, tested change.';
    Validations.of(this).acknowledge({ id: 'AwsSolutions-L1', reason: runtimeReason });
    Validations.of(this).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: runtimeReason });
    if (props.onFailure) {
      Validations.of(this).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Failed asynchronous invocations go to an SQS on-failure destination (EventInvokeConfig), the ' +
          'successor of DeadLetterConfig that also records the error and the request context.',
      });
    }
  }

  /** Sets TABLE_NAME; grants reads on the table and its indexes, and for 'RW' item writes on the table. */
  bindTable(table: ITable, access: Access): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const indexArns = Object.values(GSIS).map((gsi) => `${table.tableArn}/index/${gsi.indexName}`);
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: TABLE_READ, resources: [table.tableArn, ...indexArns] }),
    );
    if (access === 'RW') {
      this.addToRolePolicy(new iam.PolicyStatement({ actions: TABLE_WRITE, resources: [table.tableArn] }));
    }
    return this;
  }

  /**
   * Sets BUCKET_NAME; grants object reads (and for 'RW' puts, which presigned uploads need) under `prefix`
   * only. ListBucket lets S3 answer 404 rather than 403 for an object that was never uploaded.
   */
  bindBucket(bucket: IBucket, access: Access, prefix = `${DOSSIER_OBJECT_PREFIX}*`): this {
    this.addEnvironment('BUCKET_NAME', bucket.bucketName);
    const actions = access === 'RW' ? [...OBJECT_READ, ...OBJECT_WRITE] : OBJECT_READ;
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects(prefix)] }));
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(this, bucket.arnForObjects(prefix))}]`,
      reason:
        `Object keys are generated per document under "${prefix}" (R-DOC-2); the wildcard is limited to that ` +
        'prefix of this one bucket.',
    });
    return this;
  }

  /**
   * Sets PAGE_TOKEN_SECRET to the secret's value, resolved by CloudFormation at deploy time (a dynamic
   * reference: the template holds only the secret's ARN). Cold starts, this product's latency, pay nothing
   * for it — no Secrets Manager call, no client in the bundle — and the role needs no permission at all;
   * the value is visible to whoever may read the function's configuration, who can read the table anyway.
   */
  bindPageTokenSecret(secret: ISecret): this {
    this.addEnvironment('PAGE_TOKEN_SECRET', secret.secretValue.unsafeUnwrap());
    return this;
  }

  /**
   * R-MAIL-1: sets MAIL_FROM, MAIL_CONFIGURATION_SET, MAIL_ROLE_ADDRESSES and APP_URL from the stage's
   * settings; grants ses:SendEmail on that SES identity (and configuration set) only, and only From the
   * configured address.
   */
  bindMail(config: StageConfig): this {
    const { mail } = config;
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'ses', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.addEnvironment('APP_URL', config.appUrl);
    this.addEnvironment('MAIL_FROM', mail.from);
    this.addEnvironment('MAIL_ROLE_ADDRESSES', JSON.stringify(mail.roles));
    if (mail.configurationSet) this.addEnvironment('MAIL_CONFIGURATION_SET', mail.configurationSet);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          arn('identity', mail.identity),
          ...(mail.configurationSet ? [arn('configuration-set', mail.configurationSet)] : []),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress(mail.from) } },
      }),
    );
    return this;
  }

  /** Sets EVENT_BUS_NAME; grants events:PutEvents on that bus only. */
  bindBus(bus: IEventBus): this {
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this);
    return this;
  }
}

/**
 * A CloudFormation value flattened the way cdk-nag names it in a finding ("Fn::ImportValue" → its export
 * name, "Fn::GetAtt" → <LogicalId.Attr>, "Ref" → <LogicalId>, joins concatenated). Only values that resolve
 * to the same thing at construction and at synthesis (no automatic cross-stack export) give a stable name.
 */
export function nagReference(scope: Construct, value: string): string {
  const visit = (node: unknown): string => {
    if (node === undefined) return '';
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    if (Array.isArray(node)) return JSON.stringify(node);
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return visit(o['Fn::Sub']);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (o['Fn::ImportValue'] !== undefined) return visit(o['Fn::ImportValue']);
    if (o.Ref !== undefined) return `<${visit(o.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}
