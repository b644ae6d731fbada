/**
 * The bucket client (functions/clients/s3.ts) signs with the SDK's S3 presigner but builds requests itself:
 * its URLs must be the ones getSignedUrl makes with an S3 client, byte for byte — in AWS (virtual-hosted
 * and path-style addresses) and against a stand-in endpoint — and its answers must fail as the SDK's do.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dynamo } from '#functions/clients/dynamodb.ts';
import { Bucket } from '#functions/clients/s3.ts';
import { localS3Client } from '../../local/stores.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret/key+example',
  sessionToken: 'token',
};
const signingDate = new Date('2026-03-01T02:03:04Z');
const sha256 = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

const cases: { what: string; bucket: string; endpoint?: string }[] = [
  { what: 'in AWS, virtual-hosted', bucket: 'commendation-documents-1a2b3c' },
  { what: 'in AWS, a dotted bucket name path-style', bucket: 'commendation.documents' },
  { what: 'a stand-in endpoint, path-style', bucket: 'documents', endpoint: 'http://127.0.0.1:4569' },
];

const sdkClient = (c: (typeof cases)[number]) =>
  new S3Client({
    region: 'ap-southeast-1',
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(c.endpoint ? { endpoint: c.endpoint, forcePathStyle: true } : {}),
  } satisfies S3ClientConfig);

const ourBucket = (c: (typeof cases)[number]) =>
  new Bucket({
    bucket: c.bucket,
    region: 'ap-southeast-1',
    endpoint: c.endpoint,
    credentials,
    sha256: dynamo.config.sha256,
  });

describe('the bucket client signs as the SDK does', () => {
  for (const c of cases) {
    it(`a presigned PUT bound to type, size and checksum (${c.what})`, async () => {
      // Prepare
      const key = 'dossiers/r-2025/xa-chieng-an/01ABC/01DOC';
      const expected = await getSignedUrl(
        sdkClient(c),
        new PutObjectCommand({
          Bucket: c.bucket,
          Key: key,
          ContentType: 'application/pdf',
          ContentLength: 123_456,
          ChecksumSHA256: sha256,
        }),
        {
          expiresIn: 900,
          signingDate,
          signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
          unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
        },
      );

      // Act
      const url = await ourBucket(c).presign(
        {
          method: 'PUT',
          key,
          query: { 'x-id': 'PutObject' },
          headers: {
            'content-type': 'application/pdf',
            'content-length': '123456',
            'x-amz-checksum-sha256': sha256,
          },
        },
        {
          expiresIn: 900,
          signingDate,
          signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
          unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
        },
      );

      // Assert
      expect(url).toBe(expected);
    });

    it(`a presigned GET naming the file to save (${c.what})`, async () => {
      // Prepare
      const key = 'reports/2025/xa-chieng-an/01DOC';
      const disposition = `attachment; filename="Bao cao (2025).pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o`;
      const expected = await getSignedUrl(
        sdkClient(c),
        new GetObjectCommand({
          Bucket: c.bucket,
          Key: key,
          ResponseContentType: 'application/pdf',
          ResponseContentDisposition: disposition,
        }),
        { expiresIn: 300, signingDate },
      );

      // Act
      const url = await ourBucket(c).presign(
        {
          method: 'GET',
          key,
          query: {
            'response-content-disposition': disposition,
            'response-content-type': 'application/pdf',
            'x-id': 'GetObject',
          },
        },
        { expiresIn: 300, signingDate },
      );

      // Assert
      expect(url).toBe(expected);
    });
  }
});

describe('the bucket client against s3rver', () => {
  const endpoint = inject('s3Endpoint');
  const bucketName = inject('bucketName');
  const s3 = localS3Client(endpoint);
  const bucket = new Bucket({
    bucket: bucketName,
    region: 'ap-southeast-1',
    endpoint,
    credentials: dynamo.config.credentials,
    sha256: dynamo.config.sha256,
  });
  afterAll(() => s3.destroy());

  it('reads what a presigned PUT stored: HEAD, then a ranged GET', async () => {
    // Prepare
    const key = `test/${randomUUID()}`;
    const body = Buffer.from('%PDF-1.7 bucket client');
    const put = await bucket.presign(
      {
        method: 'PUT',
        key,
        query: { 'x-id': 'PutObject' },
        headers: { 'content-type': 'application/pdf', 'content-length': String(body.length) },
      },
      {
        expiresIn: 60,
        signingDate: new Date(),
        signableHeaders: new Set(['content-type', 'content-length']),
      },
    );
    const stored = await fetch(put, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf', 'content-length': String(body.length) },
      body,
    });
    expect(stored.status).toBe(200);

    // Act
    const head = await bucket.send({ method: 'HEAD', key });
    const part = await bucket.send({ method: 'GET', key }, { range: 'bytes=0-7' });

    // Assert
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(head.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('%PDF-1.7');
  });

  it('fails as the SDK does for a missing object: NotFound on HEAD, NoSuchKey on GET, status 404', async () => {
    // Prepare
    const key = `test/${randomUUID()}`;

    // Act
    const head = await bucket.send({ method: 'HEAD', key }).catch((e: unknown) => e);
    const get = await bucket.send({ method: 'GET', key }).catch((e: unknown) => e);

    // Assert
    expect(head).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    expect(get).toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('names a refused connection by its code, as call() maps it to a store that is not answering', async () => {
    // Prepare: a port nothing listens on any more.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const nowhere = new Bucket({ ...bucket.config, endpoint: `http://127.0.0.1:${port}` });

    // Act
    const error = await nowhere.send({ method: 'HEAD', key: 'x' }).catch((e: unknown) => e);

    // Assert
    expect(error).toMatchObject({ name: 'ECONNREFUSED' });
  });
});
