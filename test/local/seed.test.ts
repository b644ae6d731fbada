// local/seed.ts on a store seeded before the campaign definition gained a field: seeding again fills the
// field in (R-REP-1 reportingTiers, which the sweep reads) and leaves a value already there as it is; each
// round it writes keeps the campaign as stored (R-CAMP-2).

import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';

const TABLE = await vi.hoisted(async () => {
  const { useOwnTable } = await import('../support/tables.ts');
  return useOwnTable('seed');
});

import { PLAN_1109 } from '#domain/campaign.ts';
import { campaignKey, roundKey } from '#functions/store/keys.ts';
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

  it('R-CAMP-2: a Plan 1109 stored before edition 2 gets its tiers, quotas, proposer, version and top ranks per tier', async () => {
    // As the first edition stored it: no tiers, quotas, proposer, decision or version; PC2 ranks as two fields.
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression:
          'REMOVE #tiers, #quotas, #proposer, #no, #date, #v, #th.#tr SET #th.#p = :five, #th.#d = :three',
        ExpressionAttributeNames: {
          '#tiers': 'tiers',
          '#quotas': 'quotas',
          '#proposer': 'communeIndividualProposer',
          '#no': 'decisionNo',
          '#date': 'decisionDate',
          '#v': 'version',
          '#th': 'thresholds',
          '#tr': 'topRank',
          '#p': 'topRankProvince',
          '#d': 'topRankDistrict',
        },
        ExpressionAttributeValues: { ':five': 5, ':three': 3 },
      }),
    );
    await seed({ dynamoEndpoint: endpoint, tableName: TABLE });
    const stored = (await dynamo.send(new GetCommand({ TableName: TABLE, Key: key }))).Item;
    expect(stored).toMatchObject({
      tiers: ['province', 'district', 'commune'],
      quotas: PLAN_1109.quotas,
      communeIndividualProposer: 'parent',
      decisionNo: '1109/QĐ-UBND',
      version: 1,
      thresholds: { ...PLAN_1109.thresholds, topRank: { province: 5, district: 3 } },
    });
    expect(stored?.thresholds).not.toHaveProperty('topRankProvince');
  });

  it('R-CAMP-2: a seeded round keeps the campaign as stored when it is written; a round already there is left as it is', async () => {
    const round = async (roundId: string) =>
      (await dynamo.send(new GetCommand({ TableName: TABLE, Key: roundKey(roundId) }))).Item;
    const kept = (await round('annual-2025'))?.campaign;
    expect(kept).toMatchObject({
      campaignId: PLAN_1109.campaignId,
      documents: PLAN_1109.documents,
      reminderOffsetsDays: PLAN_1109.reminderOffsetsDays,
      appraisalLeadDays: PLAN_1109.appraisalLeadDays,
      version: 1,
    });
    expect(kept).not.toHaveProperty('createdAt');
    // An admin's edit of the campaign, and a round missing from the store: seeding again writes the round
    // with the edited campaign and leaves the other rounds' copies alone.
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET #lead = :lead, #v = :v',
        ExpressionAttributeNames: { '#lead': 'appraisalLeadDays', '#v': 'version' },
        ExpressionAttributeValues: { ':lead': 15, ':v': 2 },
      }),
    );
    await dynamo.send(new DeleteCommand({ TableName: TABLE, Key: roundKey('annual-2024') }));
    await seed({ dynamoEndpoint: endpoint, tableName: TABLE });
    expect((await round('annual-2024'))?.campaign).toMatchObject({ appraisalLeadDays: 15, version: 2 });
    expect((await round('annual-2025'))?.campaign).toEqual(kept);
  });
});
