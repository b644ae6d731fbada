// Whether a round is still open for appraisal and grants. POST /rounds/{id}/close (awards.ts) stamps
// `closedAt` on the round first; every appraisal and grant transaction then checks that stamp, so none
// can commit once closing has begun.

import { InvalidStateError } from '#domain/errors.ts';
import { check } from '../store/db.ts';
import { roundKey } from '../store/keys.ts';
import type { RoundRecord } from '../store/rounds.ts';

/** A round as stored once it may carry its closing stamp. */
export type ClosableRound = RoundRecord & { closedAt?: string | undefined };

export const closedAtOf = (round: RoundRecord) => (round as ClosableRound).closedAt;

export const roundClosed = (roundId: string) =>
  new InvalidStateError({
    vi: `Đợt ${roundId} đã kết thúc; không thể thẩm định hay khen thưởng thêm.`,
    en: `Round ${roundId} is closed; nothing more can be appraised or granted.`,
  });

export function assertRoundOpen(round: RoundRecord): void {
  if (closedAtOf(round)) throw roundClosed(round.roundId);
}

/** A transaction condition: the round has not been closed meanwhile. */
export const roundIsOpen = (roundId: string) =>
  check(roundKey(roundId), 'attribute_not_exists(#closed)', { names: { '#closed': 'closedAt' } }, () =>
    roundClosed(roundId),
  );
