// R-DOS-5: limits count bytes as well as items. What an audit record keeps of a change (the fields that
// changed, not two whole copies), and the transaction budget that refuses — as a clear 413, before DynamoDB
// would answer a 500 — a write over DynamoDB's limits (400 KB an item, 4 MB and 100 items a transaction).

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '#domain/errors.ts';
import { changedFields } from '#functions/store/audit.ts';
import {
  assertTransactionFits,
  create,
  getItem,
  MAX_TRANSACTION_ITEMS,
  transact,
  type TxItem,
} from '#functions/store/db.ts';
import { refKey } from '#functions/store/keys.ts';

describe('R-DOS-5: an audit record keeps what changed', () => {
  const nomination = {
    nominationId: 'n-1',
    status: 'draft',
    version: 1,
    achievementSummary: 'ệ'.repeat(5000),
    nominee: { unitId: 'so-noi-vu', fullName: 'Lò Văn An' },
    initiatives: [{ title: 'Một cửa', applied: true }],
    returnReasons: undefined,
  };

  it.each([
    {
      what: 'a status step: only status and version, each side its own values',
      before: nomination,
      after: { ...nomination, status: 'submitted', version: 2 },
      expected: { before: { status: 'draft', version: 1 }, after: { status: 'submitted', version: 2 } },
    },
    {
      what: 'a nested change: the whole field that changed',
      before: nomination,
      after: { ...nomination, nominee: { unitId: 'so-noi-vu', fullName: 'Lò Văn Ân' }, version: 2 },
      expected: {
        before: { nominee: { unitId: 'so-noi-vu', fullName: 'Lò Văn An' }, version: 1 },
        after: { nominee: { unitId: 'so-noi-vu', fullName: 'Lò Văn Ân' }, version: 2 },
      },
    },
    {
      what: 'equal nested values written in another key order: unchanged',
      before: nomination,
      after: { ...nomination, nominee: { fullName: 'Lò Văn An', unitId: 'so-noi-vu' }, version: 2 },
      expected: { before: { version: 1 }, after: { version: 2 } },
    },
    {
      what: 'a field added: only after; a field removed: only before',
      before: { status: 'returned', returnReasons: [{ nominationId: 'n-1', reason: 'Thiếu' }], version: 4 },
      after: { status: 'submitted', submittedAt: '2025-12-01T00:00:00.000Z', version: 5 },
      expected: {
        before: { status: 'returned', returnReasons: [{ nominationId: 'n-1', reason: 'Thiếu' }], version: 4 },
        after: { status: 'submitted', submittedAt: '2025-12-01T00:00:00.000Z', version: 5 },
      },
    },
    {
      what: 'a creation: the whole new record',
      before: null,
      after: nomination,
      expected: { before: null, after: nomination },
    },
    {
      what: 'a deletion: the whole old record',
      before: nomination,
      after: null,
      expected: { before: nomination, after: null },
    },
  ])('R-DOS-5: $what', ({ before, after, expected }) => {
    expect(changedFields(before, after)).toEqual(expected);
  });
});

describe('R-DOS-5: a transaction over DynamoDB’s limits is a 413, never a 500', () => {
  const record = (bytes: number): TxItem =>
    create({ ...refKey(`tx-${randomUUID()}`), entity: 'ref', payload: 'x'.repeat(bytes) });
  const KB = 1024;

  it.each([
    {
      what: `${MAX_TRANSACTION_ITEMS} small writes`,
      items: () => Array.from({ length: 100 }, () => record(10)),
    },
    { what: 'one item of 380 KB', items: () => [record(380 * KB)] },
    { what: 'ten items of 380 KB (3.7 MB)', items: () => Array.from({ length: 10 }, () => record(380 * KB)) },
  ])('R-DOS-5: $what fit', ({ items }) => {
    expect(() => assertTransactionFits(items())).not.toThrow();
  });

  it.each([
    {
      what: `${MAX_TRANSACTION_ITEMS + 1} writes`,
      items: () => Array.from({ length: 101 }, () => record(10)),
      detail: { items: 101 },
    },
    { what: 'one item of 400 KB', items: () => [record(400 * KB)], detail: { maxItemBytes: 401_408 } },
    {
      what: 'eleven items of 380 KB (4.1 MB)',
      items: () => Array.from({ length: 11 }, () => record(380 * KB)),
      detail: { maxBytes: 4_110_417 },
    },
  ])('R-DOS-5: $what are refused as PAYLOAD_TOO_LARGE', ({ items, detail }) => {
    let error: unknown;
    try {
      assertTransactionFits(items());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).code).toBe('PAYLOAD_TOO_LARGE');
    expect((error as PayloadTooLargeError).details).toMatchObject(detail);
    expect((error as PayloadTooLargeError).text.vi).toContain('Không có gì được lưu');
  });

  it('R-DOS-5: transact refuses it before the store: nothing is written', async () => {
    const writes = Array.from({ length: 11 }, () => record(380 * KB));
    await expect(transact(writes)).rejects.toBeInstanceOf(PayloadTooLargeError);
    for (const write of writes) {
      const key = (write.item.Put?.Item ?? {}) as { pk: string; sk: string };
      expect(await getItem({ pk: key.pk, sk: key.sk })).toBeUndefined();
    }
    // The same writes, fewer of them, are stored: the refusal is the budget's, not the store's.
    await transact(writes.slice(0, 2));
    const first = (writes[0]?.item.Put?.Item ?? {}) as { pk: string; sk: string };
    expect(await getItem({ pk: first.pk, sk: first.sk })).toBeDefined();
  });
});
