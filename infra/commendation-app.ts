// Builds the whole CDK app from its context: the stage's configuration, the stateful and the stateless
// stack, tags, and the cdk-nag rule packs. infra/app.ts calls it for `cdk synth/deploy`; the tests call it
// with inline code so they check exactly what gets deployed, minus the bundling.

import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type StageConfig, stageConfigFrom } from './config.ts';
import type { CodeOverride } from './constructs/lambda.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface CommendationAppOptions {
  /** Tests only: ready code instead of esbuild bundling. */
  readonly code?: CodeOverride;
  /** Registers the cdk-nag packs (AwsSolutions, Serverless); synthesis fails on an unacknowledged error. */
  readonly nag?: boolean;
}

export interface CommendationApp {
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Deploys to the CLI's account/region when it knows them; otherwise the stacks stay environment-agnostic. */
const envFromCli = () => {
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  return account || region ? { env: { account, region } } : {};
};

export function defineCommendationApp(app: App, options: CommendationAppOptions = {}): CommendationApp {
  const config = stageConfigFrom(app);
  const prefix = `Commendation-${config.stage}`;
  const env = envFromCli();

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    ...env,
    description: `Commendation backend (${config.stage}): table, documents bucket, user pool, bus, alarm topic`,
    config,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    ...env,
    description: `Commendation backend (${config.stage}): functions, HTTP API, schedules, alarms`,
    config,
    table: stateful.table,
    documents: stateful.documentsRef,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    notificationBus: stateful.notificationBus,
    pageTokenSecret: stateful.pageTokenSecret,
    alarmTopic: stateful.alarmTopic,
    ...(options.code ? { code: options.code } : {}),
  });

  stateless.addStackDependency(stateful, 'functions use the table, bucket, user pool, bus and topic');

  Tags.of(app).add('project', 'son-la-commendation');
  Tags.of(app).add('stage', config.stage);

  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return { config, stateful, stateless };
}
