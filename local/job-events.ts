// The events AWS hands the job functions: an S3 ObjectCreated notification for the upload verifier and an
// EventBridge scheduled event for the sweep. One builder for the tests, the test of the shipped bundles and
// the bench, so all of them speak what AWS sends.

import { randomUUID } from 'node:crypto';
import type { S3Event, ScheduledEvent } from 'aws-lambda';

/** The S3 object-created event for one key of a bucket, as S3 sends it to the upload verifier. */
export const s3Event = (key: string, bucket: string): S3Event => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'ap-southeast-1',
      eventTime: new Date().toISOString(),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'local' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'verify-upload',
        bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
        // S3 URL-encodes keys in events.
        object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 0, eTag: '', sequencer: '0' },
      },
    },
  ],
});

/** The event an EventBridge schedule rule sends at `time` (an ISO instant, whole seconds as AWS writes it). */
export const scheduledEvent = (time: Date | string, rule = 'daily-sweep'): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: 'ap-southeast-1',
  resources: [`arn:aws:events:ap-southeast-1:123456789012:rule/${rule}`],
  detail: {},
});
