// The S3 clients, created once per container: one for the server's own reads, one that signs URLs for
// the address clients reach (they differ only in local setups).

import { S3Client } from '@aws-sdk/client-s3';
import { AWS_REGION, S3_ENDPOINT, S3_PUBLIC_ENDPOINT } from '../config.ts';

const s3Options = {
  region: AWS_REGION,
  // The checksum is declared by the client and signed into the URL; the SDK must not add its own.
  requestChecksumCalculation: 'WHEN_REQUIRED' as const,
  responseChecksumValidation: 'WHEN_REQUIRED' as const,
};

export const s3 = new S3Client({
  ...s3Options,
  ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true } : {}),
});

/** Signs URLs for the address clients reach (differs from the server's only in local setups). */
export const s3Presign =
  S3_PUBLIC_ENDPOINT && S3_PUBLIC_ENDPOINT !== S3_ENDPOINT
    ? new S3Client({ ...s3Options, endpoint: S3_PUBLIC_ENDPOINT, forcePathStyle: true })
    : s3;
