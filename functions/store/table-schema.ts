/**
 * The single table's physical shape, as plain data.
 *
 * One definition read by two consumers: the local bootstrap (`local/stores.ts`, which creates the table in
 * DynamoDB Local) and the CDK stack (which declares the same keys, indexes and TTL in AWS). Keeping it free of
 * runtime SDK imports lets the CDK app and the Lambda bundles import it without pulling a client in.
 *
 * What the key *values* mean (entity prefixes, access patterns) lives with the key builders, not here.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export type KeyAttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export interface KeySchemaDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface GsiDefinition extends KeySchemaDefinition {
  readonly indexName: string;
  /** Every index projects ALL attributes so a query on it never needs a second read of the base item. */
  readonly projection: 'ALL';
}

/** Base table keys: `pk` (partition) and `sk` (sort), both strings. */
export const TABLE_KEYS = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const satisfies KeySchemaDefinition;

/** The two global secondary indexes, by name. */
export const GSIS = {
  gsi1: {
    indexName: 'gsi1',
    partitionKey: { name: 'gsi1pk', type: 'S' },
    sortKey: { name: 'gsi1sk', type: 'S' },
    projection: 'ALL',
  },
  gsi2: {
    indexName: 'gsi2',
    partitionKey: { name: 'gsi2pk', type: 'S' },
    sortKey: { name: 'gsi2sk', type: 'S' },
    projection: 'ALL',
  },
} as const satisfies Record<string, GsiDefinition>;

export type GsiName = keyof typeof GSIS;

/** Items carrying this attribute (a number, epoch seconds) are expired by DynamoDB's TTL sweep. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** On-demand capacity, here and in AWS. */
export const BILLING_MODE = 'PAY_PER_REQUEST';

const keySchema = (keys: KeySchemaDefinition) => [
  { AttributeName: keys.partitionKey.name, KeyType: 'HASH' as const },
  { AttributeName: keys.sortKey.name, KeyType: 'RANGE' as const },
];

/** Every key attribute of the table and its indexes, each named once (DynamoDB rejects duplicates). */
export const keyAttributes = (): KeyAttribute[] => {
  const all = [TABLE_KEYS, ...Object.values(GSIS)].flatMap((k) => [k.partitionKey, k.sortKey]);
  const byName = new Map<string, KeyAttribute>();
  for (const attribute of all) byName.set(attribute.name, attribute);
  return [...byName.values()];
};

/**
 * The CreateTable request for this table. TTL is not part of CreateTable; it is switched on with a separate
 * UpdateTimeToLive call using `TTL_ATTRIBUTE`.
 */
export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: BILLING_MODE,
  AttributeDefinitions: keyAttributes().map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
  KeySchema: keySchema(TABLE_KEYS),
  GlobalSecondaryIndexes: Object.values(GSIS).map((gsi) => ({
    IndexName: gsi.indexName,
    KeySchema: keySchema(gsi),
    Projection: { ProjectionType: gsi.projection },
  })),
});
