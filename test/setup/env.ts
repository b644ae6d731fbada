/**
 * Runs in each test worker before the test file is imported: points the code under test at the local
 * stores started by the global setup, through the same environment variables the Lambdas read in AWS.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

process.env.TABLE_NAME = inject('tableName');
process.env.BUCKET_NAME = inject('bucketName');
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.S3_ENDPOINT = inject('s3Endpoint');
process.env.AWS_REGION = 'ap-southeast-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
// A session token left in the shell would be paired with the dummy keys above.
delete process.env.AWS_SESSION_TOKEN;
process.env.STAGE = 'test';
// Each response the test clients check against /openapi.json is logged here (test/support/contract.ts).
process.env.CONTRACT_LOG_DIR = inject('contractLogDir');
// Page tokens are sealed with a secret of this worker's own (children it spawns inherit it).
process.env.PAGE_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
// Request logs would drown the test report; warnings and errors still show.
process.env.LOG_LEVEL = 'WARN';
