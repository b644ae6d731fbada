/**
 * The local stores are the real thing where it matters: DynamoDB Local honours transactions and their
 * conditions (a cancelled transaction writes nothing), and s3rver stores and returns objects.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localDynamoClient, localS3Client } from '../../local/stores.ts';

const tableName = inject('tableName');
const bucketName = inject('bucketName');
const dynamo = DynamoDBDocumentClient.from(localDynamoClient(inject('dynamoEndpoint')));
const s3 = localS3Client(inject('s3Endpoint'));

afterAll(() => {
  dynamo.destroy();
  s3.destroy();
});

describe('DynamoDB Local', () => {
  it('writes and reads an item by its keys', async () => {
    // Prepare
    const pk = `TEST#${randomUUID()}`;
    const item = { pk, sk: 'ITEM', gsi1pk: 'TEST', gsi1sk: pk, count: 1, expiresAt: 4_102_444_800 };

    // Act
    await dynamo.send(new PutCommand({ TableName: tableName, Item: item }));
    const { Item } = await dynamo.send(new GetCommand({ TableName: tableName, Key: { pk, sk: 'ITEM' } }));

    // Assess
    expect(Item).toEqual(item);
  });

  it('cancels a whole transaction when one condition fails, writing nothing', async () => {
    // Prepare
    const pk = `TEST#${randomUUID()}`;
    await dynamo.send(new PutCommand({ TableName: tableName, Item: { pk, sk: 'COUNTER', count: 5 } }));

    // Act: a new item plus an increment guarded by a condition that does not hold (count is 5, not 0).
    const transaction = dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { pk, sk: 'CHILD#1' } } },
          {
            Update: {
              TableName: tableName,
              Key: { pk, sk: 'COUNTER' },
              UpdateExpression: 'SET #count = #count + :one',
              ConditionExpression: '#count = :expected',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': 1, ':expected': 0 },
            },
          },
        ],
      }),
    );

    // Assess
    await expect(transaction).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    const child = await dynamo.send(new GetCommand({ TableName: tableName, Key: { pk, sk: 'CHILD#1' } }));
    const counter = await dynamo.send(new GetCommand({ TableName: tableName, Key: { pk, sk: 'COUNTER' } }));
    expect(child.Item).toBeUndefined();
    expect(counter.Item).toEqual({ pk, sk: 'COUNTER', count: 5 });
  });
});

describe('s3rver', () => {
  it('stores an object and returns the same bytes', async () => {
    // Prepare
    const key = `test/${randomUUID()}.txt`;
    const body = 'Tờ trình khen thưởng — Sơn La';

    // Act
    await s3.send(
      new PutObjectCommand({ Bucket: bucketName, Key: key, Body: body, ContentType: 'text/plain' }),
    );
    const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));

    // Assess
    expect(await object.Body?.transformToString('utf8')).toBe(body);
    expect(object.ContentType).toBe('text/plain');
  });
});
