// R-MAIL-1: the claim of one e-mail (notification, address) against DynamoDB Local — a success is final,
// a transient failure may be claimed again at once, a refusal is final, and a claim whose sender died
// may be taken again only after its lease.

import { describe, expect, it } from 'vitest';
import {
  CLAIM_LEASE_MS,
  claimMail,
  getMailClaim,
  markMailFailed,
  markMailRejected,
  markMailSent,
} from '#functions/store/mail-claims.ts';
import { uniqueId } from '../support/fixtures.ts';

const T0 = new Date('2026-12-01T00:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('R-MAIL-1: mail claims', () => {
  it('one claim wins among concurrent ones; once sent it is never claimed again', async () => {
    const id = uniqueId('n');
    const results = await Promise.all(Array.from({ length: 5 }, () => claimMail(id, 'a@x.vn', T0)));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.filter((r) => !r.claimed && r.why === 'busy')).toHaveLength(4);
    await markMailSent(id, 'a@x.vn', T0, 'm-1');
    expect(await claimMail(id, 'a@x.vn', later(CLAIM_LEASE_MS * 10))).toEqual({
      claimed: false,
      why: 'done',
      state: 'sent',
    });
    expect(await getMailClaim(id, 'a@x.vn')).toMatchObject({ state: 'sent', messageId: 'm-1', attempts: 1 });
    // Another address of the same notification is a claim of its own.
    expect(await claimMail(id, 'b@x.vn', T0)).toMatchObject({ claimed: true });
  });

  it('a transient failure releases the claim at once; a refused address is final', async () => {
    const id = uniqueId('n');
    expect(await claimMail(id, 'a@x.vn', T0)).toEqual({ claimed: true, attempt: 1 });
    await markMailFailed(id, 'a@x.vn', 'ECONNREFUSED');
    expect(await getMailClaim(id, 'a@x.vn')).toMatchObject({ state: 'failed', reason: 'ECONNREFUSED' });
    expect(await claimMail(id, 'a@x.vn', T0)).toEqual({ claimed: true, attempt: 2 });
    await markMailRejected(id, 'a@x.vn', '550 mailbox unavailable');
    expect(await claimMail(id, 'a@x.vn', later(CLAIM_LEASE_MS * 10))).toMatchObject({
      claimed: false,
      why: 'done',
      state: 'rejected',
    });
  });

  it('a claim whose sender never reported is taken again only after its lease; the late sender’s outcome then loses', async () => {
    const id = uniqueId('n');
    expect(await claimMail(id, 'a@x.vn', T0)).toMatchObject({ claimed: true });
    expect(await claimMail(id, 'a@x.vn', later(CLAIM_LEASE_MS - 1))).toMatchObject({
      claimed: false,
      why: 'busy',
    });
    expect(await claimMail(id, 'a@x.vn', later(CLAIM_LEASE_MS + 1))).toEqual({ claimed: true, attempt: 2 });
    await markMailSent(id, 'a@x.vn', later(CLAIM_LEASE_MS + 2), 'm-2');
    // The first sender reports a failure late: the recorded success stands.
    await markMailFailed(id, 'a@x.vn', 'timeout');
    expect(await getMailClaim(id, 'a@x.vn')).toMatchObject({ state: 'sent', messageId: 'm-2' });
  });
});
