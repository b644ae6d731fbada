// The audit trail of one entity, readable by whoever may read the entity's unit (SPEC §6).
// For a unit officer, the trail of another unit's entity does not exist (404), like the entity itself.

import { NotFoundError } from '#domain/errors.ts';
import { canRead } from '#domain/units.ts';
import * as routes from '../routes.ts';
import { listAudit } from '../store/audit.ts';
import { UnitDirectory } from '../store/units.ts';
import { lambdaHandler, on } from './handler.ts';
import { isProvinceWide } from './principal.ts';

const notFound = () => new NotFoundError({ vi: 'Không tìm thấy nhật ký.', en: 'No audit trail found.' });

export const handler = lambdaHandler([
  on(routes.listAudit, async ({ query, principal }) => {
    const page = await listAudit(query.entityId, query.limit, query.nextToken);
    if (isProvinceWide(principal)) return { body: page };
    const own = principal.unitId;
    if (!own) throw notFound();
    const units = new UnitDirectory();
    const items = [];
    for (const record of page.items) {
      if (!record.unitId) continue;
      await units.load(record.unitId, own);
      if (canRead({ principalUnitId: own, objectUnitId: record.unitId, lookup: units.lookup })) items.push(record);
    }
    if (items.length === 0 && !query.nextToken) throw notFound();
    return { body: { items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) } };
  }),
]);
