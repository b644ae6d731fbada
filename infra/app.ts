// The CDK app: `npx cdk synth|deploy --all -c stage=dev|prod` (default dev). Everything stage-specific comes
// from the context in cdk.json; handlers are bundled locally by esbuild (no Docker).

import { App } from 'aws-cdk-lib';
import { defineCommendationApp } from './commendation-app.ts';

const app = new App();
defineCommendationApp(app);
app.synth();
