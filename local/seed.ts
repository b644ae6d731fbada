// Seeds the Sơn La unit registry (data/son-la-units.csv) and the Plan 1109 campaign with its rounds.
// Each item is written only if absent, so seeding again keeps what admins have changed since.

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { campaignCopy, PLAN_1109, plan1109Rounds, roundRulesFrom } from '#domain/campaign.ts';
import { type CampaignCopy, TIERS, type Tier } from '#domain/types.ts';
import type { Item, TxItem } from '#functions/store/db.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * R-MAIL-1: example contact addresses of a few units, so the sweep's reminders show up in the local inbox.
 * They are demo data of the local server (the `.local` domain), not part of the registry file.
 */
export const EXAMPLE_CONTACTS: Readonly<Record<string, readonly string[]>> = {
  'so-noi-vu': ['van-thu@snv.sonla.local'],
  'so-tai-chinh': ['van-thu@stc.sonla.local', 'thi-dua@stc.sonla.local'],
  'so-tu-phap': ['van-thu@stp.sonla.local'],
  'h-moc-chau': ['thi-dua@mocchau.sonla.local'],
};

export interface SeedOptions {
  dynamoEndpoint: string;
  tableName: string;
}

export async function seed(options: SeedOptions): Promise<{ written: number; kept: number }> {
  // The store modules read their configuration once, at import: point them at these stores first.
  process.env.TABLE_NAME ??= options.tableName;
  process.env.BUCKET_NAME ??= 'unused-by-seed';
  process.env.DYNAMODB_ENDPOINT ??= options.dynamoEndpoint;
  process.env.AWS_REGION ??= 'ap-southeast-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const { parseCsv } = await import('#functions/lib/csv.ts');
  const { create, getItem, strip, transact, update } = await import('#functions/store/db.ts');
  const { campaignKey } = await import('#functions/store/keys.ts');
  const { unitItem } = await import('#functions/store/units.ts');
  const { campaignItem, roundItem, roundSlotLock } = await import('#functions/store/rounds.ts');

  const at = '2021-06-01T00:00:00.000Z';
  const exists = () => new Error('exists');
  let written = 0;
  let kept = 0;
  const writeIfAbsent = async (write: TxItem) => {
    try {
      await transact([write]);
      written++;
    } catch (error) {
      if ((error as Error).message !== 'exists') throw error;
      kept++;
    }
  };
  await writeIfAbsent(
    create(campaignItem({ ...PLAN_1109, version: 1, createdAt: at, updatedAt: at }), exists),
  );
  // A campaign seeded before a field was added to the definition gets that field, never a changed one:
  // reportingTiers (R-REP-1), which the sweep reads on D-REP days; and what edition 2 stores of a campaign
  // (R-CAMP-2): its decision, tiers, quotas per round kind, proposer rule, version, and PC2's top ranks per
  // tier (a campaign seeded earlier holds them as thresholds.topRankProvince / topRankDistrict).
  const added = {
    reportingTiers: PLAN_1109.reportingTiers,
    decisionNo: PLAN_1109.decisionNo,
    decisionDate: PLAN_1109.decisionDate,
    tiers: PLAN_1109.tiers,
    quotas: PLAN_1109.quotas,
    communeIndividualProposer: PLAN_1109.communeIndividualProposer,
    version: 1,
    updatedAt: at,
  };
  const fields = Object.keys(added);
  await transact([
    update(
      campaignKey(PLAN_1109.campaignId),
      `SET ${fields.map((_, i) => `#f${i} = if_not_exists(#f${i}, :f${i})`).join(', ')}, #th.#tr = if_not_exists(#th.#tr, :tr) REMOVE #th.#trp, #th.#trd`,
      {
        condition: 'attribute_exists(pk)',
        names: {
          ...Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])),
          '#th': 'thresholds',
          '#tr': 'topRank',
          '#trp': 'topRankProvince',
          '#trd': 'topRankDistrict',
        },
        values: {
          ...Object.fromEntries(Object.values(added).map((v, i) => [`:f${i}`, v])),
          ':tr': PLAN_1109.thresholds.topRank,
        },
      },
    ),
  ]);
  // Each round as POST /rounds writes it: the campaign's rules and the whole campaign as stored now
  // (R-CAMP-2; an admin may have edited it since the first seeding), with the lock of its place in the
  // campaign (R-ROUND-2). A round seeded earlier is kept as it is.
  const stored = await getItem(campaignKey(PLAN_1109.campaignId));
  if (!stored) throw new Error(`campaign ${PLAN_1109.campaignId} is missing after seeding it`);
  const campaign = strip<CampaignCopy>(stored);
  const items: Item[] = [];
  const locks = plan1109Rounds().map((round) => roundSlotLock(round, exists));
  for (const round of plan1109Rounds())
    items.push(
      roundItem({
        ...round,
        ...roundRulesFrom(campaign, round.kind),
        campaign: campaignCopy(campaign),
        version: 1,
        createdAt: at,
        updatedAt: at,
      }),
    );
  const rows = parseCsv(await readFile(join(ROOT, 'data', 'son-la-units.csv'), 'utf8'));
  const [header, ...lines] = rows;
  const col = (name: string) => header?.indexOf(name) ?? -1;
  for (const line of lines) {
    const tier = line[col('tier')] as Tier;
    if (!TIERS.includes(tier)) continue;
    const parent = line[col('parentUnitId')];
    const unitId = line[col('unitId')] ?? '';
    const contacts = EXAMPLE_CONTACTS[unitId];
    items.push(
      unitItem({
        unitId,
        name: line[col('name')] ?? '',
        tier,
        ...(parent ? { parentUnitId: parent } : {}),
        ...(contacts ? { contactEmails: [...contacts] } : {}),
        parScored: line[col('parScored')] === 'true',
        version: 1,
        createdAt: at,
        updatedAt: at,
      }),
    );
  }
  for (const write of [...items.map((item) => create(item, exists)), ...locks]) await writeIfAbsent(write);
  return { written, kept };
}
