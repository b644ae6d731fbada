// The document bucket (R-DOC-1, R-DOC-2): object keys made by the server, presigned uploads bound to the
// declared type, size and SHA-256, presigned downloads, and a bounded read of an uploaded object for
// its verification. Files never pass through a Lambda's memory whole: the reader hashes the stream and
// keeps only its first and last bytes.

import { createHash } from 'node:crypto';
import { type FileSample, SAMPLE_HEAD_BYTES, SAMPLE_TAIL_BYTES } from '#domain/files.ts';
import { bucket, bucketForClients } from '../clients/s3.ts';
import { call } from './db.ts';

/** SPEC R-DOC-1: at most 15 minutes to upload. */
export const UPLOAD_URL_SECONDS = 15 * 60;
/** Download links are short-lived: 5 minutes. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

// Object keys are made and read by object-keys.ts (pure, shared with the CDK stacks); its callers import
// them from here with the rest of the bucket's operations.
export {
  type ObjectKeyParts,
  objectKeyOf,
  parseObjectKey,
  parseReportObjectKey,
  type ReportObjectKeyParts,
  reportObjectKeyOf,
} from './object-keys.ts';

export interface UploadTicket {
  url: string;
  /** Headers the client must send with its PUT, exactly: they are signed into the URL. */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * A presigned PUT bound to the declared type, size and checksum: S3 refuses any other Content-Type or
 * Content-Length (signed headers) and any bytes whose SHA-256 differs (x-amz-checksum-sha256).
 */
export async function presignUpload(args: {
  key: string;
  contentType: string;
  size: number;
  sha256: string;
  now: Date;
}): Promise<UploadTicket> {
  const url = await bucketForClients.presign(
    {
      method: 'PUT',
      key: args.key,
      query: { 'x-id': 'PutObject' },
      headers: {
        'content-type': args.contentType,
        'content-length': String(args.size),
        'x-amz-checksum-sha256': args.sha256,
      },
    },
    {
      expiresIn: UPLOAD_URL_SECONDS,
      signingDate: args.now,
      signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    },
  );
  return {
    url,
    headers: {
      'content-type': args.contentType,
      'content-length': String(args.size),
      'x-amz-checksum-sha256': args.sha256,
    },
    expiresAt: new Date(args.now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/** A presigned GET that makes the browser save the file under its (sanitised) name. */
export async function presignDownload(args: {
  key: string;
  contentType: string;
  contentDisposition: string;
  now: Date;
}): Promise<{ url: string; expiresAt: string }> {
  const url = await bucketForClients.presign(
    {
      method: 'GET',
      key: args.key,
      query: {
        'response-content-disposition': args.contentDisposition,
        'response-content-type': args.contentType,
        'x-id': 'GetObject',
      },
    },
    { expiresIn: DOWNLOAD_URL_SECONDS, signingDate: args.now },
  );
  return { url, expiresAt: new Date(args.now.getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString() };
}

export type Inspection =
  | { found: false }
  | {
      found: true;
      size: number;
      contentType: string | undefined;
      /** Present when the stored size equals the expected one: the whole object was read. */
      content?: { sha256: string; sample: FileSample };
    };

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isMissing = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey' || statusOf(error) === 404;
};

/**
 * Reads what verification needs of an object: HEAD for existence, size and type; when the size is the
 * expected one, a GET of that exact version (If-Match on its ETag), capped at expected size + 1 byte,
 * hashed as it streams. A changed object between the two is read again once.
 */
export async function inspectObject(key: string, expectedSize: number, attempts = 2): Promise<Inspection> {
  let head: Headers;
  try {
    head = (await call(() => bucket.send({ method: 'HEAD', key }))).headers;
  } catch (error) {
    if (isMissing(error)) return { found: false };
    throw error;
  }
  const size = Number(head.get('content-length') ?? 0);
  const found = { found: true as const, size, contentType: head.get('content-type') ?? undefined };
  if (size !== expectedSize) return found;
  const etag = head.get('etag');
  try {
    const object = await call(() =>
      bucket.send(
        { method: 'GET', key },
        { range: `bytes=0-${expectedSize}`, ...(etag ? { 'if-match': etag } : {}) },
      ),
    );
    const read = await digest(object.body ?? undefined, expectedSize + 1);
    return { ...found, size: read.size, content: { sha256: read.sha256, sample: read.sample } };
  } catch (error) {
    const changed =
      isMissing(error) || statusOf(error) === 412 || (error as Error).name === 'PreconditionFailed';
    if (changed && attempts > 1) return inspectObject(key, expectedSize, attempts - 1);
    if (isMissing(error)) return { found: false };
    throw error;
  }
}

/** SHA-256 (base64) of a stream read up to `cap` bytes, with its first and last bytes. */
async function digest(body: AsyncIterable<Uint8Array> | undefined, cap: number) {
  const hash = createHash('sha256');
  const headChunks: Uint8Array[] = [];
  let headLength = 0;
  const tailChunks: Uint8Array[] = [];
  let tailLength = 0;
  let size = 0;
  if (body) {
    for await (const raw of body) {
      const chunk = raw.subarray(0, Math.max(0, cap - size));
      if (chunk.length === 0) break;
      size += chunk.length;
      hash.update(chunk);
      if (headLength < SAMPLE_HEAD_BYTES) {
        const part = chunk.subarray(0, SAMPLE_HEAD_BYTES - headLength);
        headChunks.push(part);
        headLength += part.length;
      }
      tailChunks.push(chunk);
      tailLength += chunk.length;
      while (tailChunks.length > 1 && tailLength - (tailChunks[0]?.length ?? 0) >= SAMPLE_TAIL_BYTES) {
        tailLength -= tailChunks.shift()?.length ?? 0;
      }
      if (size >= cap) break;
    }
    // Stop the download if the loop ended early; the socket is not reused half-read.
    await (body as { cancel?: () => Promise<void> }).cancel?.().catch(() => undefined);
  }
  const tail = Buffer.concat(tailChunks);
  return {
    size,
    sha256: hash.digest('base64'),
    sample: {
      head: Buffer.concat(headChunks),
      tail: tail.subarray(Math.max(0, tail.length - SAMPLE_TAIL_BYTES)),
      size,
    },
  };
}

/**
 * The answer to a document's declaration (a dossier's or a movement report's): the presigned PUT bound to
 * its type, size and checksum (R-DOC-1), and the document as its reader sees it.
 */
export async function uploadTicketFor<S>(
  document: { documentId: string; objectKey: string; contentType: string; size: number; sha256: string },
  shown: S,
  now: Date,
) {
  const ticket = await presignUpload({
    key: document.objectKey,
    contentType: document.contentType,
    size: document.size,
    sha256: document.sha256,
    now,
  });
  return {
    documentId: document.documentId,
    uploadUrl: ticket.url,
    uploadHeaders: ticket.headers,
    expiresAt: ticket.expiresAt,
    document: shown,
  };
}
