// local/seed.ts on a store seeded before the campaign definition gained a field: seeding again fills the
// field in (R-REP-1 reportingTiers, which the sweep reads) and leaves a value already there as it is.

import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';

const TABLE = await vi.hoisted(async () => {
  const { useOwnTable } = await import('../support/tables.ts');
  return useOwnTable('seed');
});

import { PLAN_1109 } from '#domain/campaign.ts';
import { campaignKey } from '#functions/store/keys.ts';
import { localDynamoClient } from '../../local/stores.ts';
import { seed } from '../../local/seed.ts';

const endpoint = inject('dynamoEndpoint');
const dynamo = DynamoDBDocumentClient.from(localDynamoClient(endpoint));
afterAll(() => dynamo.destroy());

const key = campaignKey(PLAN_1109.campaignId);
const tiers = async () =>
  (await dynamo.send(new GetCommand({ TableName: TABLE, Key: key }))).Item?.reportingTiers as unknown;
const setTiers = (expression: string, values?: Record<string, unknown>) =>
  dynamo.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: key,
      UpdateExpression: expression,
      ExpressionAttributeNames: { '#t': 'reportingTiers' },
      ...(values ? { ExpressionAttributeValues: values } : {}),
    }),
  );

describe('seeding an existing store', () => {
  it('R-REP-1: a campaign stored without reportingTiers gets Plan 1109’s; one that has them keeps them', async () => {
    await setTiers('REMOVE #t');
    expect(await tiers()).toBeUndefined();
    await seed({ dynamoEndpoint: endpoint, tableName: TABLE });
    expect(await tiers()).toEqual(['province', 'district']);

    await setTiers('SET #t = :t', { ':t': ['province'] });
    await seed({ dynamoEndpoint: endpoint, tableName: TABLE });
    expect(await tiers()).toEqual(['province']);
  });
});
