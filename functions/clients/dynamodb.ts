// The DynamoDB clients, created once per container so warm invocations reuse their connections.
// (S3 lives in ./s3.ts, so that functions which never touch the bucket do not bundle its client.)

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_REGION, DYNAMODB_ENDPOINT } from '../config.ts';

const local = DYNAMODB_ENDPOINT !== undefined;

export const dynamo = new DynamoDBClient({
  region: AWS_REGION,
  ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}),
  maxAttempts: local ? 2 : 4,
});

export const db = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
