// Routes of the local server only (never deployed): development tokens, the on-demand sweep, and the
// local mail catcher's inbox.

import { ValidationError } from '#domain/errors.ts';
import { type Impl, lambdaHandler, on } from '#functions/pipeline/handler.ts';
import * as routes from '#functions/routes/dev.ts';
import { getUnit } from '#functions/store/units.ts';
import { issueDevToken } from './dev-auth.ts';
import { caughtMail } from './mail-catcher.ts';
import { deliverPendingMail } from './mail-relay.ts';

const devToken: Impl<typeof routes.devToken> = async ({ body, now }) => {
  if (body.role === 'unit_officer' && !body.unitId) {
    throw new ValidationError({ vi: 'Cán bộ đơn vị cần unitId.', en: 'A unit officer needs a unitId.' }, [
      {
        path: 'body.unitId',
        message: { vi: 'bắt buộc với unit_officer', en: 'required for unit_officer' },
      },
    ]);
  }
  if (body.unitId && !(await getUnit(body.unitId))) {
    throw new ValidationError({ vi: 'Đơn vị không tồn tại.', en: 'Unknown unit.' }, [
      { path: 'body.unitId', message: { vi: 'không tồn tại', en: 'does not exist' } },
    ]);
  }
  // One stable subject per role and unit, so audit records and Idempotency-Keys follow the person.
  const sub = body.sub ?? `dev-${body.role}-${body.unitId ?? 'province'}`;
  return { body: await issueDevToken({ role: body.role, unitId: body.unitId, sub, now }) };
};

const devSweep: Impl<typeof routes.devSweep> = async ({ body }) => {
  const { runSweep } = await import('#functions/jobs/sweep.ts');
  const report = await runSweep(new Date(body.at));
  // Under `npm start`, the e-mails of what it published are in the local inbox when this answers.
  await deliverPendingMail();
  return { body: report };
};

const devMail: Impl<typeof routes.devMail> = async () => ({ body: { items: caughtMail() } });

export const handler = lambdaHandler([
  on(routes.devToken, devToken),
  on(routes.devSweep, devSweep),
  on(routes.devMail, devMail),
]);
