// Small pieces shared by the route implementations.

import { VersionConflictError } from '#domain/errors.ts';

export const versionConflict = () =>
  new VersionConflictError({
    vi: 'Đối tượng đã được người khác sửa. Hãy tải lại để lấy phiên bản mới rồi thử lại.',
    en: 'Someone else changed this object. Reload it to get the new version and try again.',
  });
