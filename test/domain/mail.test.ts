// R-MAIL-1: the Vietnamese e-mail of a notification, from its structured fields, and who receives it.

import { describe, expect, it } from 'vitest';
import {
  daysLeft,
  type MailableNotification,
  recipientsOf,
  renderNotificationMail,
  vietnameseDeadline,
} from '#domain/mail.ts';

const D = '2025-12-29T17:00:00.000Z'; // 30/12/2025 00:00 ICT
const reminder: MailableNotification = {
  notificationId: `submission_reminder:annual-2025:so-tu-phap:7:${D}`,
  kind: 'submission_reminder',
  roundId: 'annual-2025',
  unitId: 'so-tu-phap',
  dueAt: D,
  daysBefore: 7,
  createdAt: '2025-12-23T00:00:00.000Z',
};
const context = {
  roundName: 'Khen thưởng năm 2025',
  unitName: 'Sở Tư pháp',
  appUrl: 'https://khenthuong.example.vn',
};

describe('R-MAIL-1: rendering', () => {
  it('writes the deadline as a Vietnamese date and time in ICT', () => {
    expect(vietnameseDeadline(D)).toBe('00:00 ngày 30/12/2025');
    expect(vietnameseDeadline('2025-10-29T17:00:00Z')).toBe('00:00 ngày 30/10/2025');
    expect(vietnameseDeadline('2026-01-01T03:30:00Z')).toBe('10:30 ngày 01/01/2026');
  });

  it('counts the days left: the reminder offset, else from when it was made, 0 once passed', () => {
    expect(daysLeft(reminder)).toBe(7);
    expect(daysLeft({ dueAt: D, createdAt: '2025-12-27T00:00:00Z' })).toBe(3);
    expect(daysLeft({ dueAt: D, createdAt: '2025-12-30T00:00:00Z' })).toBe(0);
  });

  it('a submission reminder: subject and bodies name the round, the deadline, the days left and the link', () => {
    const mail = renderNotificationMail(reminder, context);
    expect(mail.subject).toBe(
      '[Nhắc hạn] Hồ sơ đề nghị khen thưởng đợt “Khen thưởng năm 2025”: còn 7 ngày (hạn 00:00 ngày 30/12/2025)',
    );
    expect(mail.text).toContain('Kính gửi: Sở Tư pháp,');
    expect(mail.text).toContain('Hạn nộp: trước 00:00 ngày 30/12/2025 (giờ Việt Nam), còn 7 ngày.');
    expect(mail.text).toContain('Số ngày còn lại: 7 ngày');
    expect(mail.text).toContain('Truy cập hệ thống: https://khenthuong.example.vn');
    expect(mail.html).toContain('<a href="https://khenthuong.example.vn">');
    expect(mail.html).toContain('00:00 ngày 30/12/2025');
    // R-I18N-1: labels, never internal codes.
    for (const text of [mail.subject, mail.text, mail.html]) {
      expect(text).not.toContain('annual-2025');
      expect(text).not.toContain('so-tu-phap');
      expect(text).not.toContain('submission_reminder');
    }
  });

  it("R-REP-1: a movement report reminder names the report's year, not a round", () => {
    const mail = renderNotificationMail(
      {
        ...reminder,
        notificationId: `report_reminder:annual-2025:so-tu-phap:7:${D}`,
        kind: 'report_reminder',
      },
      context,
    );
    expect(mail.subject).toBe(
      '[Nhắc hạn] Báo cáo kết quả phong trào thi đua năm 2025: còn 7 ngày (hạn 00:00 ngày 30/12/2025)',
    );
    expect(mail.text).toContain('Đơn vị chưa nộp báo cáo kết quả thực hiện phong trào thi đua năm 2025.');
    expect(mail.subject).not.toContain('Khen thưởng năm 2025');
  });

  it('an expiry and an overdue appraisal say the deadline has passed; a role is greeted by its label', () => {
    const expired = renderNotificationMail(
      { ...reminder, kind: 'dossier_expired', daysBefore: undefined, createdAt: '2025-12-30T00:00:00Z' },
      context,
    );
    expect(expired.subject).toBe('[Quá hạn] Hồ sơ đề nghị khen thưởng đợt “Khen thưởng năm 2025” đã hết hạn');
    expect(expired.text).toContain('Số ngày còn lại: đã quá hạn');
    const overdue = renderNotificationMail(
      {
        notificationId: 'x',
        kind: 'appraisal_overdue',
        roundId: 'annual-2025',
        role: 'appraiser',
        dueAt: D,
        createdAt: '2026-01-02T00:00:00Z',
      },
      context,
    );
    expect(overdue.subject).toBe('[Quá hạn] Báo cáo thẩm định đợt “Khen thưởng năm 2025” chưa được trình');
    expect(overdue.text).toContain('Kính gửi: Bộ phận thẩm định (Sở Nội vụ),');
    expect(overdue.text).not.toContain('appraiser');
  });

  it('escapes what it puts in the HTML', () => {
    const mail = renderNotificationMail(reminder, { ...context, roundName: 'A <b> & "B"' });
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('A &#60;b&#62; &#38; &#34;B&#34;');
  });
});

describe('R-MAIL-1: recipients', () => {
  const roles = { appraiser: ['TD@snv.vn', 'td@snv.vn'], approver: ['vp@ubnd.vn'] };
  it("a unit's notification goes to its contacts, a role's to the role's list, each once", () => {
    expect(recipientsOf({ unitId: 'u' }, ['A@x.vn', 'b@x.vn', 'a@x.vn'], roles)).toEqual([
      'a@x.vn',
      'b@x.vn',
    ]);
    expect(recipientsOf({ role: 'appraiser' }, undefined, roles)).toEqual(['td@snv.vn']);
    expect(recipientsOf({ role: 'admin' }, undefined, roles)).toEqual([]);
    expect(recipientsOf({ unitId: 'u' }, undefined, roles)).toEqual([]);
  });
});
