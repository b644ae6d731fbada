// The bucket, created once per container: one signer for the server's own reads, one that signs URLs for
// the address clients reach (they differ only in local setups).
//
// Requests are signed by the SDK's own S3 presigner (the SigV4 signer getSignedUrl uses) with the
// credentials and hash of the DynamoDB client, and sent with fetch: the S3 client itself (its model of
// every S3 operation, about 150 KB) would put the functions that touch the bucket over their bundle budget
// (SPEC §10). test/stores/bucket.test.ts checks the URLs against getSignedUrl's, byte for byte.

import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { AWS_REGION, BUCKET_NAME, S3_ENDPOINT, S3_PUBLIC_ENDPOINT } from '../config.ts';
import { dynamo } from './dynamodb.ts';

type Method = 'GET' | 'HEAD' | 'PUT';

export interface ObjectRequest {
  method: Method;
  key: string;
  /** Query parameters signed into the URL (`x-id`, `response-content-type`, …). */
  query?: Record<string, string>;
  /** Headers signed into the URL: the client must send them exactly. */
  headers?: Record<string, string>;
}

export interface PresignOptions {
  expiresIn: number;
  signingDate: Date;
  /** Headers to sign, and of those the x-amz-* ones to keep as headers rather than query parameters. */
  signableHeaders?: Set<string>;
  unhoistableHeaders?: Set<string>;
}

/** As the SDK escapes URI components (RFC 3986: also ! ' ( ) *). */
const escapeUri = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface BucketConfig {
  bucket: string;
  region: string;
  /** A stand-in endpoint (s3rver), addressed path-style; absent in AWS (virtual-hosted style). */
  endpoint?: string | undefined;
  credentials: ConstructorParameters<typeof S3RequestPresigner>[0]['credentials'];
  sha256: ConstructorParameters<typeof S3RequestPresigner>[0]['sha256'];
}

export class Bucket {
  private readonly presigner: S3RequestPresigner;
  private readonly base: URL;
  private readonly pathStyle: boolean;

  constructor(readonly config: BucketConfig) {
    this.presigner = new S3RequestPresigner({
      region: config.region,
      credentials: config.credentials,
      sha256: config.sha256,
    });
    // A bucket name with dots cannot be a subdomain under TLS: the SDK addresses it path-style too.
    this.pathStyle = config.endpoint !== undefined || config.bucket.includes('.');
    this.base = new URL(
      config.endpoint ??
        (this.pathStyle
          ? `https://s3.${config.region}.amazonaws.com`
          : `https://${config.bucket}.s3.${config.region}.amazonaws.com`),
    );
  }

  /** A URL that performs `request` until it expires (SigV4 query authentication). */
  async presign(request: ObjectRequest, options: PresignOptions): Promise<string> {
    const keyPath = request.key.split('/').map(escapeUri).join('/');
    const basePath = this.base.pathname.replace(/\/$/, '');
    const path = this.pathStyle ? `${basePath}/${this.config.bucket}/${keyPath}` : `${basePath}/${keyPath}`;
    const port = this.base.port ? Number(this.base.port) : undefined;
    const signed = await this.presigner.presign(
      {
        method: request.method,
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        ...(port !== undefined ? { port } : {}),
        path,
        query: { ...request.query },
        headers: { ...request.headers },
      },
      {
        expiresIn: options.expiresIn,
        signingDate: options.signingDate,
        ...(options.signableHeaders ? { signableHeaders: options.signableHeaders } : {}),
        ...(options.unhoistableHeaders ? { unhoistableHeaders: options.unhoistableHeaders } : {}),
      },
    );
    const query = Object.entries(signed.query ?? {})
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
      .filter((pair): pair is [string, string] => typeof pair[1] === 'string')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${escapeUri(k)}=${escapeUri(v)}`)
      .join('&');
    const host = `${signed.hostname}${signed.port !== undefined ? `:${signed.port}` : ''}`;
    return `${signed.protocol}//${host}${signed.path}${query ? `?${query}` : ''}`;
  }

  /**
   * Sends a request to the bucket (signed for a minute) and answers S3's response; connection failures
   * and 5xx answers are tried again, up to three attempts as the SDK's standard retry does. A failure is
   * thrown as the SDK throws it: its `name` (S3's error code) and `$metadata.httpStatusCode`.
   */
  async send(request: ObjectRequest, headers: Record<string, string> = {}): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const url = await this.presign(request, { expiresIn: 60, signingDate: new Date() });
      let outcome: Response | Error;
      try {
        outcome = await fetch(url, { method: request.method, headers });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        outcome = Object.assign(new Error(cause?.message ?? (error as Error).message), {
          name: cause?.code ?? 'NetworkError',
          code: cause?.code,
        });
      }
      const retry = attempt < 3 && (outcome instanceof Error || outcome.status >= 500);
      if (!retry) {
        if (outcome instanceof Error) throw outcome;
        if (outcome.ok) return outcome;
        throw await s3Error(outcome);
      }
      if (!(outcome instanceof Error)) await outcome.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * Math.random()));
    }
  }
}

/** S3's error code from the XML body (none for HEAD), else the SDK's name for the status. */
async function s3Error(response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? STATUS_NAMES[response.status] ?? 'UnknownError';
  return Object.assign(new Error(`${code} (${response.status})`), {
    name: code,
    $metadata: { httpStatusCode: response.status },
  });
}

const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  412: 'PreconditionFailed',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

const signing = { credentials: dynamo.config.credentials, sha256: dynamo.config.sha256 };

export const bucket = new Bucket({
  bucket: BUCKET_NAME,
  region: AWS_REGION,
  endpoint: S3_ENDPOINT,
  ...signing,
});

/** Signs URLs for the address clients reach (differs from the server's only in local setups). */
export const bucketForClients =
  S3_PUBLIC_ENDPOINT && S3_PUBLIC_ENDPOINT !== S3_ENDPOINT
    ? new Bucket({ bucket: BUCKET_NAME, region: AWS_REGION, endpoint: S3_PUBLIC_ENDPOINT, ...signing })
    : bucket;
