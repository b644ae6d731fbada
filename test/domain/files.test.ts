import { renderText } from '#domain/texts.ts';
import { describe, expect, it } from 'vitest';
import { PLAN_1109 } from '#domain/campaign.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '#domain/errors.ts';
import {
  asciiFileName,
  assertDeclarable,
  contentDisposition,
  type Declaration,
  downloadFileName,
  type FileSample,
  judgeUpload,
  normalizeContentType,
  declaredDocument,
  sanitizeFileName,
  signatureProblem,
  slotProblem,
  zipEntryNames,
} from '#domain/files.ts';
import {
  docxLike,
  jpegLike,
  minimalPdf,
  oleLike,
  onePixelPng,
  sha256Base64,
  windowsExe,
  xlsxLike,
  zipOf,
} from '../support/files.ts';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const sample = (data: Buffer): FileSample => ({
  head: data.subarray(0, 65536),
  tail: data.subarray(-262144),
  size: data.length,
});
const declaration = (data: Buffer, contentType: string): Declaration => ({
  contentType,
  size: data.length,
  sha256: sha256Base64(data),
});
/** What the reader would observe of `data` stored with `contentType`. */
const observed = (data: Buffer, contentType?: string) => ({
  size: data.length,
  contentType,
  sha256: sha256Base64(data),
  sample: sample(data),
});

describe('R-DOC-1: declarations', () => {
  const rules = PLAN_1109.documents;

  it.each([PDF, 'image/jpeg', 'image/png', DOCX, 'application/msword', XLSX])(
    'R-DOC-1: %s is accepted',
    (contentType) => {
      expect(() => assertDeclarable(rules, { contentType, size: 1000 })).not.toThrow();
    },
  );

  it('R-DOC-1: a content type is compared in its normal form', () => {
    expect(normalizeContentType(' Application/PDF; charset=binary ')).toBe(PDF);
    expect(() => assertDeclarable(rules, { contentType: 'Application/PDF', size: 1 })).not.toThrow();
  });

  it.each(['application/x-msdownload', 'text/html', 'image/svg+xml', 'application/zip'])(
    'R-DOC-1: %s is refused as an unsupported media type',
    (contentType) => {
      expect(() => assertDeclarable(rules, { contentType, size: 10 })).toThrow(UnsupportedMediaTypeError);
    },
  );

  it('R-DOC-1: a type this server knows but the campaign does not allow is refused', () => {
    const onlyPdf = { ...rules, allowedContentTypes: [PDF] };
    expect(() => assertDeclarable(onlyPdf, { contentType: 'image/png', size: 10 })).toThrow(
      UnsupportedMediaTypeError,
    );
  });

  it('R-DOC-1: 25 MB is the limit (campaign data), inclusive', () => {
    expect(() => assertDeclarable(rules, { contentType: PDF, size: 25 * 1024 * 1024 })).not.toThrow();
    expect(() => assertDeclarable(rules, { contentType: PDF, size: 25 * 1024 * 1024 + 1 })).toThrow(
      PayloadTooLargeError,
    );
    const small = { ...rules, maxFileBytes: 1024 };
    expect(() => assertDeclarable(small, { contentType: PDF, size: 1025 })).toThrow(
      /exceeds the maximum of 1 KB/,
    );
  });
});

describe('R-DOS-2: document slots', () => {
  it.each([
    ['achievement_report', undefined, 'required'],
    ['achievement_report', 'n-1', undefined],
    ['evidence', undefined, undefined],
    ['evidence', 'n-1', undefined],
    ['proposal_letter', undefined, undefined],
    ['proposal_letter', 'n-1', 'whole dossier'],
    ['council_minutes', 'n-1', 'whole dossier'],
  ] as const)('R-DOS-2: %s with nomination %s → %s', (kind, nominationId, problem) => {
    const found = slotProblem(kind, nominationId);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found?.message.en).toContain(problem);
  });
});

describe('R-DOC-1: judging an upload against its declaration', () => {
  it.each([
    ['a PDF', minimalPdf(), PDF],
    ['a PNG', onePixelPng(), 'image/png'],
    ['a JPEG', jpegLike(), 'image/jpeg'],
    ['a DOCX', docxLike(), DOCX],
    ['an XLSX', xlsxLike(), XLSX],
    ['a DOC', oleLike(), 'application/msword'],
  ])('R-DOC-1: %s that matches its declaration is verified', (_name, data, type) => {
    expect(judgeUpload(declaration(data, type), observed(data, type))).toEqual({ status: 'verified' });
  });

  it('R-DOC-1: a different size is rejected without reading the content', () => {
    const pdf = minimalPdf();
    const verdict = judgeUpload(declaration(pdf, PDF), { size: pdf.length - 10 });
    expect(verdict).toMatchObject({ status: 'rejected' });
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'en')).toContain(
      `${pdf.length - 10} bytes`,
    );
  });

  it('R-DOC-1: bytes whose SHA-256 differs from the declaration are rejected', () => {
    const pdf = minimalPdf('one');
    const other = minimalPdf('two');
    const verdict = judgeUpload(declaration(pdf, PDF), observed(other, PDF));
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'en')).toContain('SHA-256');
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'vi')).toContain('SHA-256');
  });

  it('R-DOC-1: an object stored under another content type is rejected', () => {
    const pdf = minimalPdf();
    const verdict = judgeUpload(declaration(pdf, PDF), observed(pdf, 'image/png'));
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'en')).toContain(
      'uploaded as "image/png"',
    );
  });

  it('R-DOC-1: a PNG declared as a PDF is rejected and the reason says what it is', () => {
    const png = onePixelPng();
    const verdict = judgeUpload(declaration(png, PDF), observed(png, PDF));
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'en')).toContain('a PNG image');
  });

  it('R-DOC-1: a Windows executable renamed .pdf is rejected', () => {
    const exe = windowsExe();
    const verdict = judgeUpload(declaration(exe, PDF), observed(exe, PDF));
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'en')).toContain('Windows program');
    expect(verdict.status === 'rejected' && renderText(verdict.reason, 'vi')).toContain(
      'chương trình Windows',
    );
  });

  it('R-DOC-1: a PDF cut short before %%EOF is rejected even when declared as cut', () => {
    const cut = minimalPdf().subarray(0, 200);
    expect(renderText(signatureProblem(PDF, sample(cut)), 'en')).toContain('%%EOF');
  });

  it('R-DOC-1: a PNG without its IEND chunk is rejected', () => {
    const png = onePixelPng();
    expect(
      renderText(signatureProblem('image/png', sample(png.subarray(0, png.length - 12))), 'en'),
    ).toContain('IEND');
  });

  it('R-DOC-1: a ZIP that is not a Word document is rejected as DOCX', () => {
    const zip = zipOf({ 'readme.txt': 'hello' });
    expect(renderText(signatureProblem(DOCX, sample(zip)), 'en')).toContain('not a Word document');
  });

  it('R-DOC-1: an XLSX declared as DOCX is rejected', () => {
    expect(renderText(signatureProblem(DOCX, sample(xlsxLike())), 'en')).toContain('word/');
  });

  it('R-DOC-1: a ZIP without its central directory is incomplete', () => {
    const docx = docxLike();
    expect(renderText(signatureProblem(DOCX, sample(docx.subarray(0, docx.length - 30))), 'en')).toContain(
      'central directory',
    );
  });

  it('R-DOC-1: the entries of a ZIP are read from its central directory', () => {
    expect(zipEntryNames(sample(docxLike()))).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
    ]);
  });

  it('R-DOC-1: a DOC must be an OLE2 compound file', () => {
    expect(renderText(signatureProblem('application/msword', sample(minimalPdf())), 'en')).toContain(
      'a PDF file',
    );
  });
});

describe('R-DOC-2: file names are metadata only', () => {
  it.each([
    ['Báo cáo thành tích.pdf', 'Báo cáo thành tích.pdf'],
    ['C:\\fakepath\\Tờ trình.pdf', 'Tờ trình.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\u001fc.pdf', 'a_b_c.pdf'],
    ['invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['  many   spaces .pdf ', 'many spaces .pdf'],
    ['...', 'tai-lieu'],
    ['<>:"|?*', 'tai-lieu'],
    ['Be\u0301o.pdf', 'Béo.pdf'],
  ])('R-DOC-2: %j is shown as %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('R-DOC-2: a long name is cut but keeps its extension', () => {
    const name = sanitizeFileName(`${'ệ'.repeat(300)}.docx`);
    expect([...name]).toHaveLength(150);
    expect(name.endsWith('.docx')).toBe(true);
  });

  it('R-DOC-2: a download name ends with an extension of the verified type', () => {
    expect(downloadFileName('hop-dong', PDF)).toBe('hop-dong.pdf');
    expect(downloadFileName('anh.JPEG', 'image/jpeg')).toBe('anh.JPEG');
    expect(downloadFileName('virus.exe', PDF)).toBe('virus.exe.pdf');
  });

  it('R-DOC-2: Content-Disposition carries an ASCII fallback and the UTF-8 name (RFC 6266)', () => {
    expect(asciiFileName('Đề nghị "khen" 100%.pdf')).toBe('De nghi _khen_ 100_.pdf');
    expect(contentDisposition('Báo cáo (bản 2).pdf', PDF)).toBe(
      `attachment; filename="Bao cao (ban 2).pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%28b%E1%BA%A3n%202%29.pdf`,
    );
  });
});

describe('a declared document (R-DOC-1, R-DOC-2)', () => {
  it('R-DOC-1: a declaration is pending, version 1, stamped now; R-DOC-2: the file name kept as sanitised metadata', () => {
    const now = new Date('2025-12-01T03:00:00.000Z');
    const doc = declaredDocument(
      {
        kind: 'proposal_letter',
        fileName: 'Tờ trình\u0000/../đề nghị.pdf',
        size: 1024,
        sha256: 'x'.repeat(44),
      },
      { documentId: 'd-1', contentType: 'application/pdf', objectKey: 'dossiers/r/u/d/d-1' },
      now,
    );
    expect(doc).toEqual({
      documentId: 'd-1',
      contentType: 'application/pdf',
      objectKey: 'dossiers/r/u/d/d-1',
      kind: 'proposal_letter',
      fileName: sanitizeFileName('Tờ trình\u0000/../đề nghị.pdf'),
      size: 1024,
      sha256: 'x'.repeat(44),
      status: 'pending',
      version: 1,
      createdAt: '2025-12-01T03:00:00.000Z',
      updatedAt: '2025-12-01T03:00:00.000Z',
    });
    expect(doc.fileName).not.toContain('/');
  });
});
