// R-I18N-1: the texts people read name things as people do. Every Vietnamese and English text written in
// domain/ and functions/ (the `vi:` / `en:` members of messages, reasons and notifications) is scanned: no
// rule ids (they stay in code comments), no raw status or decision codes, no interpolated internal ids.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionConflict } from '#domain/errors.ts';
import { coded, renderText, TEXTS, type TextCode, type TextParams } from '#domain/texts.ts';
import { ROOT } from '../support/client.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Text {
  where: string;
  lang: 'vi' | 'en';
  text: string;
}

/** The string and template literals given as `vi:` or `en:`, with where they are. */
function texts(): Text[] {
  const found: Text[] = [];
  for (const file of [...sources(join(ROOT, 'domain')), ...sources(join(ROOT, 'functions'))]) {
    const source = readFileSync(file, 'utf8');
    const literal = /\b(vi|en):\s*(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*')/g;
    for (const m of source.matchAll(literal)) {
      const line = source.slice(0, m.index).split('\n').length;
      found.push({ where: `${relative(ROOT, file)}:${line}`, lang: m[1] as 'vi' | 'en', text: m[2] ?? '' });
    }
  }
  return found;
}

const CODES = [
  'draft',
  'submitted',
  'returned',
  'closed',
  'withdrawn',
  'expired',
  'recommended',
  'rejected',
  'awarded',
  'not_awarded',
  'pending',
  'verified',
  'recommend',
  'reject',
  'return',
];
/** Letters only Vietnamese has: an English text shows none (names of units and rounds aside). */
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const QUOTED_CODE = new RegExp(`["“](${CODES.join('|')})["”]`);
/**
 * A status, round or campaign id put into a sentence as it is stored. An id may only be echoed as what it
 * is — the code the caller sent ("có mã “annual-2025”", "the id “annual-2025”") — never as a name.
 */
const RAW_INTERPOLATION = /(?<!(mã|id) “)\$\{[\w.]*\b(status|roundId|campaignId)\}/;

describe('R-I18N-1: texts people read', () => {
  const all = texts();

  it('finds the texts it scans', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  it('carry no rule ids', () => {
    const offending = all.filter((t) => /R-[A-Z]+-\d/.test(t.text)).map((t) => `${t.where}: ${t.text}`);
    expect(offending).toEqual([]);
  });

  it('show no raw status or decision codes', () => {
    const offending = all
      .filter((t) => QUOTED_CODE.test(t.text) || RAW_INTERPOLATION.test(t.text))
      .map((t) => `${t.where}: ${t.text}`);
    expect(offending).toEqual([]);
  });

  it('VERSION_CONFLICT says the object changed since it was read, blaming no one', () => {
    const { text } = versionConflict();
    expect(text.vi).toContain('đã thay đổi kể từ lần đọc trước');
    expect(text.en).toContain('changed since it was read');
    expect(text.vi).not.toContain('người khác');
    expect(text.en).not.toMatch(/someone else/i);
  });
});

describe('R-I18N-1: stored texts', () => {
  const reminder = { round: 'Khen thưởng năm 2025', days: 3, dueAt: '2025-12-29T17:00:00.000Z' };
  const due = { round: 'Khen thưởng năm 2025', dueAt: '2025-12-29T17:00:00.000Z' };
  const SAMPLES: { [C in TextCode]: TextParams<C> } = {
    submission_none: reminder,
    submission_draft: reminder,
    submission_returned: reminder,
    movement_report_due: { year: 2025, days: 3, dueAt: reminder.dueAt },
    appraisal_report_due: reminder,
    dossier_expired: due,
    appraisal_overdue: due,
    document_size_mismatch: { observed: 10, declared: 12 },
    document_type_mismatch: { observed: 'image/png', declared: 'application/pdf' },
    document_checksum_mismatch: {},
    document_content_mismatch: { type: 'application/pdf', seen: 'png' },
    document_incomplete: { type: 'application/pdf', missing: 'pdf_eof' },
    document_not_office: {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      part: 'word/',
    },
    document_unverifiable: { type: 'text/html' },
    document_too_late: { dossierStatus: 'submitted' },
    report_document_too_late: { reportStatus: 'submitted' },
    expired_by_sweep: { dueAt: reminder.dueAt },
  };

  it.each(Object.keys(TEXTS) as TextCode[])(
    '%s renders in both languages without codes or rule ids',
    (code) => {
      const params = SAMPLES[code];
      const text = coded(code, params as never);
      const vi = renderText(text, 'vi');
      const en = renderText(text, 'en');
      expect(vi).not.toBe(en);
      expect(vi).not.toMatch(/undefined/);
      expect(en).not.toMatch(/undefined/);
      expect(en.replace(/“[^”]*”/g, '')).not.toMatch(VIETNAMESE_LETTERS);
      for (const rendered of [vi, en]) {
        expect(rendered).not.toMatch(/R-[A-Z]+-\d/);
        expect(rendered).not.toMatch(QUOTED_CODE);
        expect(rendered).not.toContain('2025-12-29');
      }
      if ('dueAt' in params) {
        expect(vi).toContain('00:00 ngày 30/12/2025 (giờ Việt Nam)');
        expect(en).toContain('30/12/2025 00:00 (Vietnam time, UTC+7)');
      }
      // What is stored holds no sentence of its own: a code and plain values.
      expect(JSON.parse(JSON.stringify(text))).toEqual({ code, params });
    },
  );

  it('records written before keep rendering: both languages, or one string', () => {
    expect(renderText({ vi: 'Tệp bị từ chối', en: 'File rejected' }, 'en')).toBe('File rejected');
    expect(renderText({ vi: 'Tệp bị từ chối', en: 'File rejected' }, 'vi')).toBe('Tệp bị từ chối');
    expect(renderText('Quá hạn / deadline passed', 'en')).toBe('Quá hạn / deadline passed');
    expect(renderText(undefined, 'vi')).toBeUndefined();
  });
});
