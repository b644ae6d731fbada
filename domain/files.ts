// Uploaded files (R-DOC-1, R-DOC-2): which declarations are accepted, which document slots exist, how an
// uploaded object is judged against its declaration (size, SHA-256, leading bytes of the declared type)
// and how a client's file name is made safe to show and to offer as a download name. Pure: the caller
// reads the object and hands over what it saw.

import { type ErrorItem, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.ts';
import { formatBytes } from './format.ts';
import { DOCUMENT_KIND_LABELS } from './labels.ts';
import type { DocumentKind, DocumentRules, DocumentStatus, LocalizedText } from './types.ts';

// ---- content types ----

const PDF = 'application/pdf';
const JPEG = 'image/jpeg';
const PNG = 'image/png';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DOC = 'application/msword';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface FileType {
  label: LocalizedText;
  /** The first is the one appended to a download name that lacks a fitting extension. */
  extensions: readonly string[];
}

/** The types this module can verify (SPEC R-DOC-1); a campaign allows a subset of them. */
export const FILE_TYPES: Readonly<Record<string, FileType>> = {
  [PDF]: { label: { vi: 'PDF', en: 'PDF' }, extensions: ['.pdf'] },
  [JPEG]: { label: { vi: 'ảnh JPEG', en: 'JPEG image' }, extensions: ['.jpg', '.jpeg'] },
  [PNG]: { label: { vi: 'ảnh PNG', en: 'PNG image' }, extensions: ['.png'] },
  [DOCX]: { label: { vi: 'văn bản Word (DOCX)', en: 'Word document (DOCX)' }, extensions: ['.docx'] },
  [DOC]: {
    label: { vi: 'văn bản Word 97–2003 (DOC)', en: 'Word 97–2003 document (DOC)' },
    extensions: ['.doc'],
  },
  [XLSX]: { label: { vi: 'bảng tính Excel (XLSX)', en: 'Excel workbook (XLSX)' }, extensions: ['.xlsx'] },
};

/** `Application/PDF; charset=x` → `application/pdf`: the form that is signed into the upload URL. */
export function normalizeContentType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export interface FileDeclaration {
  contentType: string;
  size: number;
}

/**
 * R-DOC-1: the declared type must be allowed by the campaign (and verifiable here), the size within the
 * campaign's limit. 415 / 413 otherwise.
 */
export function assertDeclarable(rules: DocumentRules, declaration: FileDeclaration): void {
  const type = normalizeContentType(declaration.contentType);
  if (!rules.allowedContentTypes.includes(type) || FILE_TYPES[type] === undefined) {
    const allowed = rules.allowedContentTypes.filter((t) => FILE_TYPES[t] !== undefined);
    throw new UnsupportedMediaTypeError(
      {
        vi: `Loại tệp "${declaration.contentType}" không được chấp nhận. Chỉ nhận: ${allowed.map((t) => FILE_TYPES[t]?.label.vi).join(', ')}.`,
        en: `Files of type "${declaration.contentType}" are not accepted. Accepted: ${allowed.map((t) => FILE_TYPES[t]?.label.en).join(', ')}.`,
      },
      [],
      { allowedContentTypes: allowed },
    );
  }
  if (declaration.size > rules.maxFileBytes) {
    const limit = { vi: formatBytes(rules.maxFileBytes, 'vi'), en: formatBytes(rules.maxFileBytes, 'en') };
    throw new PayloadTooLargeError(
      {
        vi: `Tệp (${formatBytes(declaration.size, 'vi')}) lớn hơn mức tối đa ${limit.vi}.`,
        en: `The file (${formatBytes(declaration.size, 'en')}) exceeds the maximum of ${limit.en}.`,
      },
      [],
      { maxFileBytes: rules.maxFileBytes },
    );
  }
}

// ---- document slots (R-DOS-2) ----

/** Kinds that belong to the dossier as a whole: never attached to a nomination. */
export const DOSSIER_LEVEL_KINDS: readonly DocumentKind[] = ['proposal_letter', 'council_minutes'];

/**
 * R-DOS-2: an achievement report belongs to one nomination (báo cáo thành tích of each nominee);
 * evidence may; the dossier-level documents may not. Returns the problem, if any.
 */
export function slotProblem(kind: DocumentKind, nominationId: string | undefined): ErrorItem | undefined {
  const label = DOCUMENT_KIND_LABELS[kind];
  if (kind === 'achievement_report' && nominationId === undefined) {
    return {
      path: 'body.nominationId',
      message: {
        vi: `bắt buộc với ${label.vi}: cho biết báo cáo thuộc đề nghị khen thưởng nào`,
        en: `required for an ${label.en}: name the nomination it reports on`,
      },
    };
  }
  if (DOSSIER_LEVEL_KINDS.includes(kind) && nominationId !== undefined) {
    return {
      path: 'body.nominationId',
      message: {
        vi: `${label.vi} thuộc cả hồ sơ, không gắn với một đề nghị khen thưởng`,
        en: `a ${label.en} belongs to the whole dossier, not to a nomination`,
      },
    };
  }
  return undefined;
}

/** A version of a document as a dossier lists it: every upload of a slot stays listed. */
// ---- judging an uploaded object (R-DOC-1) ----

/** What the reader keeps of an object: its first and last bytes, and its length. */
export interface FileSample {
  head: Uint8Array;
  tail: Uint8Array;
  size: number;
}

/** How many leading and trailing bytes a reader should keep for judgeUpload. */
export const SAMPLE_HEAD_BYTES = 64 * 1024;
export const SAMPLE_TAIL_BYTES = 256 * 1024;

export interface Declaration {
  contentType: string;
  size: number;
  /** Base64 of the SHA-256 digest, as declared. */
  sha256: string;
}

export interface Observation {
  /** The object's length as stored. */
  size: number;
  /** The Content-Type stored with the object, when known. */
  contentType?: string | undefined;
  /** Base64 SHA-256 of the bytes read and the sample; absent when the size already differed. */
  sha256?: string | undefined;
  sample?: FileSample | undefined;
}

/**
 * R-I18N-1: why an upload was rejected, stored as a code with parameters and rendered per reader by the
 * catalog of stored texts (domain/texts.ts).
 */
export type DocumentReason =
  | { code: 'document_size_mismatch'; params: { observed: number; declared: number } }
  | { code: 'document_type_mismatch'; params: { observed: string; declared: string } }
  | { code: 'document_checksum_mismatch'; params: Record<string, never> }
  | { code: 'document_content_mismatch'; params: { type: string; seen: Sniffed } }
  | { code: 'document_incomplete'; params: { type: string; missing: MissingEnd } }
  | { code: 'document_not_office'; params: { type: string; part: string } }
  | { code: 'document_unverifiable'; params: { type: string } };
export type DocumentReasonParams<C extends DocumentReason['code']> = Extract<
  DocumentReason,
  { code: C }
>['params'];

export type Verdict = { status: 'verified' } | { status: 'rejected'; reason: DocumentReason };

const reject = (reason: DocumentReason): Verdict => ({ status: 'rejected', reason });

/** R-DOC-1: size, stored type, SHA-256 and leading bytes must all match the declaration. */
export function judgeUpload(declared: Declaration, observed: Observation): Verdict {
  if (observed.size !== declared.size) {
    return reject({
      code: 'document_size_mismatch',
      params: { observed: observed.size, declared: declared.size },
    });
  }
  const type = normalizeContentType(declared.contentType);
  if (observed.contentType !== undefined && normalizeContentType(observed.contentType) !== type) {
    return reject({
      code: 'document_type_mismatch',
      params: { observed: observed.contentType, declared: declared.contentType },
    });
  }
  if (observed.sha256 === undefined || observed.sample === undefined) {
    throw new Error('judgeUpload: the content must be read when the size matches');
  }
  if (observed.sha256 !== declared.sha256) return reject({ code: 'document_checksum_mismatch', params: {} });
  const signature = signatureProblem(type, observed.sample);
  return signature ? reject(signature) : { status: 'verified' };
}

// ---- leading bytes ("magic numbers") ----

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

const MAGIC = {
  pdf: ascii('%PDF-'),
  png: bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  jpeg: bytes(0xff, 0xd8, 0xff),
  zip: bytes(0x50, 0x4b, 0x03, 0x04),
  ole2: bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
  exe: ascii('MZ'),
  elf: bytes(0x7f, 0x45, 0x4c, 0x46),
  gif: ascii('GIF8'),
  script: ascii('#!'),
};
/** PNG's last chunk: length 0, "IEND", its CRC. */
const PNG_IEND = bytes(0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82);
const PDF_EOF = ascii('%%EOF');
/** A PDF reader looks for %%EOF within the last 1024 bytes. */
const PDF_EOF_WINDOW = 1024;

const startsWith = (data: Uint8Array, prefix: Uint8Array, at = 0) =>
  data.length >= at + prefix.length && prefix.every((b, i) => data[at + i] === b);
const endsWith = (data: Uint8Array, suffix: Uint8Array) =>
  startsWith(data, suffix, data.length - suffix.length);

function indexOf(data: Uint8Array, needle: Uint8Array, from = 0): number {
  for (let i = Math.max(0, from); i + needle.length <= data.length; i++) {
    if (startsWith(data, needle, i)) return i;
  }
  return -1;
}

/** What the leading bytes may show, named for a reason a person can act on. */
export const SNIFFED_LABELS = {
  pdf: { vi: 'một tệp PDF', en: 'a PDF file' },
  png: { vi: 'một ảnh PNG', en: 'a PNG image' },
  jpeg: { vi: 'một ảnh JPEG', en: 'a JPEG image' },
  zip: { vi: 'một tệp nén ZIP', en: 'a ZIP archive' },
  ole2: { vi: 'một tệp Office 97–2003', en: 'an Office 97–2003 file' },
  exe: { vi: 'một chương trình Windows (EXE/DLL)', en: 'a Windows program (EXE/DLL)' },
  elf: { vi: 'một chương trình Linux (ELF)', en: 'a Linux program (ELF)' },
  gif: { vi: 'một ảnh GIF', en: 'a GIF image' },
  script: { vi: 'một tập lệnh (script)', en: 'a script' },
  unknown: { vi: 'một loại tệp không xác định', en: 'an unknown kind of file' },
} as const satisfies Record<string, LocalizedText>;
export type Sniffed = keyof typeof SNIFFED_LABELS;

/** What the leading bytes look like. */
function sniff(head: Uint8Array): Sniffed {
  const kinds = ['pdf', 'png', 'jpeg', 'zip', 'ole2', 'exe', 'elf', 'gif', 'script'] as const;
  return kinds.find((kind) => startsWith(head, MAGIC[kind])) ?? 'unknown';
}

/** What an incomplete file lacks at its end. */
export const MISSING_END_LABELS = {
  pdf_eof: { vi: 'thiếu dấu kết thúc %%EOF', en: 'the %%EOF end marker is missing' },
  png_iend: { vi: 'thiếu khối kết thúc IEND', en: 'the IEND end chunk is missing' },
  zip_directory: {
    vi: 'thiếu phần mục lục cuối tệp nén',
    en: 'the end of its ZIP central directory is missing',
  },
} as const satisfies Record<string, LocalizedText>;
export type MissingEnd = keyof typeof MISSING_END_LABELS;

/** The declared type's name, for a reason: "tài liệu PDF" / "a PDF document". */
export const fileTypeLabel = (type: string): LocalizedText =>
  FILE_TYPES[type]?.label ?? { vi: type, en: type };

const mismatch = (type: string, head: Uint8Array): DocumentReason => ({
  code: 'document_content_mismatch',
  params: { type, seen: sniff(head) },
});

const truncated = (type: string, missing: MissingEnd): DocumentReason => ({
  code: 'document_incomplete',
  params: { type, missing },
});

/** R-DOC-1: the leading (and, where the format has one, trailing) bytes of the declared type. */
export function signatureProblem(contentType: string, sample: FileSample): DocumentReason | undefined {
  const type = normalizeContentType(contentType);
  const { head, tail } = sample;
  switch (type) {
    case PDF:
      if (!startsWith(head, MAGIC.pdf)) return mismatch(type, head);
      if (indexOf(tail.subarray(Math.max(0, tail.length - PDF_EOF_WINDOW)), PDF_EOF) < 0)
        return truncated(type, 'pdf_eof');
      return undefined;
    case PNG:
      if (!startsWith(head, MAGIC.png)) return mismatch(type, head);
      if (!endsWith(tail, PNG_IEND)) return truncated(type, 'png_iend');
      return undefined;
    case JPEG:
      return startsWith(head, MAGIC.jpeg) ? undefined : mismatch(type, head);
    case DOC:
      return startsWith(head, MAGIC.ole2) ? undefined : mismatch(type, head);
    case DOCX:
    case XLSX:
      return ooxmlProblem(type, sample);
    default:
      return { code: 'document_unverifiable', params: { type: contentType } };
  }
}

// ---- ZIP containers (DOCX, XLSX) ----

const ZIP_EOCD = bytes(0x50, 0x4b, 0x05, 0x06);
const ZIP_CENTRAL = bytes(0x50, 0x4b, 0x01, 0x02);
const EOCD_MIN = 22;
const MAX_ZIP_COMMENT = 0xffff;

const u16 = (d: Uint8Array, at: number) => (d[at] ?? 0) | ((d[at + 1] ?? 0) << 8);
const u32 = (d: Uint8Array, at: number) => (u16(d, at) | (u16(d, at + 2) << 16)) >>> 0;
const text = (d: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...d.subarray(at, Math.min(d.length, at + length)));

/**
 * The entry names of a ZIP archive from its central directory, when the directory lies within the kept
 * tail; `undefined` when the end-of-central-directory record is missing (truncated or not a ZIP).
 */
export function zipEntryNames(sample: FileSample): string[] | undefined {
  const { tail, size } = sample;
  const tailStart = size - tail.length;
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN; i >= Math.max(0, tail.length - EOCD_MIN - MAX_ZIP_COMMENT); i--) {
    if (startsWith(tail, ZIP_EOCD, i)) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  const names: string[] = [];
  const start = cdOffset - tailStart;
  if (cdOffset === 0xffffffff || start < 0 || start + cdSize > eocd) {
    // ZIP64 or a directory larger than the kept tail: fall back to the local headers at the start.
    return localEntryNames(sample.head);
  }
  for (let at = start; at < start + cdSize && startsWith(tail, ZIP_CENTRAL, at); ) {
    const nameLength = u16(tail, at + 28);
    names.push(text(tail, at + 46, nameLength));
    at += 46 + nameLength + u16(tail, at + 30) + u16(tail, at + 32);
  }
  return names;
}

/** Best effort: the names of the local file headers found in the leading bytes. */
function localEntryNames(head: Uint8Array): string[] {
  const names: string[] = [];
  for (let at = indexOf(head, MAGIC.zip); at >= 0; at = indexOf(head, MAGIC.zip, at + 4)) {
    names.push(text(head, at + 30, u16(head, at + 26)));
  }
  return names;
}

function ooxmlProblem(type: string, sample: FileSample): DocumentReason | undefined {
  if (!startsWith(sample.head, MAGIC.zip)) return mismatch(type, sample.head);
  const names = zipEntryNames(sample);
  if (names === undefined) return truncated(type, 'zip_directory');
  const part = type === DOCX ? 'word/' : 'xl/';
  if (!names.includes('[Content_Types].xml') || !names.some((n) => n.startsWith(part))) {
    return { code: 'document_not_office', params: { type, part } };
  }
  return undefined;
}

// ---- file names ----

const MAX_FILE_NAME = 150;
/** Characters unsafe in a file name on some system, and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * R-DOC-2: the client's file name is metadata only. Keeps the last path segment, NFC, without control,
 * bidi-override or reserved characters, trimmed of dots and spaces, at most 150 characters (keeping the
 * extension); `tai-lieu` when nothing is left.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (clean.replace(/_/g, '') === '') clean = 'tai-lieu';
  const chars = [...clean];
  if (chars.length <= MAX_FILE_NAME) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return [...clean.slice(0, clean.length - ext.length)].slice(0, MAX_FILE_NAME - ext.length).join('') + ext;
}

/** The name offered on download: sanitised, and ending with an extension of the verified type. */
export function downloadFileName(name: string, contentType: string): string {
  const clean = sanitizeFileName(name);
  const extensions = FILE_TYPES[normalizeContentType(contentType)]?.extensions ?? [];
  const lower = clean.toLowerCase();
  if (extensions.length === 0 || extensions.some((e) => lower.endsWith(e))) return clean;
  return `${clean}${extensions[0]}`;
}

/** RFC 5987 value characters: everything else is percent-encoded (UTF-8). */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** ASCII fallback for old clients: Vietnamese letters without their marks, other characters as `_`. */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
}

/**
 * `attachment; filename="Bao cao.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf` (RFC 6266): browsers
 * use the UTF-8 name, older clients the ASCII one.
 */
export function contentDisposition(name: string, contentType: string): string {
  const file = downloadFileName(name, contentType);
  return `attachment; filename="${asciiFileName(file)}"; filename*=UTF-8''${encodeRfc5987(file)}`;
}

/**
 * A document as declared, before its upload (R-DOC-1): pending until the object is verified, the client's
 * file name kept as metadata only (R-DOC-2, sanitised), stamped as a new record. The owner's fields (the
 * dossier's or the movement report's) and the object key come from the caller.
 */
export function declaredDocument<K extends string>(
  declaration: { kind: K; fileName: string; size: number; sha256: string },
  placed: { documentId: string; contentType: string; objectKey: string },
  now: Date,
) {
  const at = now.toISOString();
  return {
    ...placed,
    kind: declaration.kind,
    fileName: sanitizeFileName(declaration.fileName),
    size: declaration.size,
    sha256: declaration.sha256,
    status: 'pending' as DocumentStatus,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
