// A local stand-in for the EventBridge API, speaking its protocol for PutEvents (AWS JSON 1.1: POST / with
// `X-Amz-Target: AWSEvents.PutEvents`, entries in, `FailedEntryCount` and one result per entry out, in
// order). It records every call as received and answers what the test tells it to: every entry accepted,
// some entries refused (a partial failure, HTTP 200), or the whole call refused (an HTTP error).

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One entry as the client sent it. */
export interface PutEventsEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  /** Epoch seconds, as the AWS JSON protocol encodes timestamps. */
  Time?: number;
  Resources?: string[];
}

export interface PutEventsCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  entries: PutEventsEntry[];
}

export type PeerAnswer =
  /** 200; entries for which `refuse` returns an error code are reported failed, the others get an id. */
  | { kind: 'accept'; refuse?: (entry: PutEventsEntry) => string | undefined }
  /** The whole call refused with this status and error type (e.g. 500 InternalException). */
  | { kind: 'error'; status: number; type: string; message: string };

export interface EventBridgePeer {
  readonly url: string;
  /** Every call received, in order. */
  readonly calls: PutEventsCall[];
  /** How the next calls are answered (every entry accepted by default). */
  answer: PeerAnswer;
  close(): Promise<void>;
}

const JSON_11 = 'application/x-amz-json-1.1';

export async function startEventBridgePeer(): Promise<EventBridgePeer> {
  const calls: PutEventsCall[] = [];
  const peer = { calls, answer: { kind: 'accept' } as PeerAnswer };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': JSON_11, 'x-amzn-requestid': randomUUID(), ...headers });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      let input: { Entries?: PutEventsEntry[] };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'invalid JSON' });
      }
      if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents')
        return reply(400, { __type: 'UnknownOperationException', message: `no operation ${target}` });
      const entries = input.Entries ?? [];
      calls.push({ method: req.method, path: req.url ?? '', headers: req.headers, entries });

      const answer = peer.answer;
      if (answer.kind === 'error')
        return reply(
          answer.status,
          { __type: answer.type, message: answer.message },
          { 'x-amzn-errortype': answer.type },
        );
      const results = entries.map((entry) => {
        const code = answer.refuse?.(entry);
        return code === undefined
          ? { EventId: randomUUID() }
          : { ErrorCode: code, ErrorMessage: `refused by the test (${code})` };
      });
      return reply(200, {
        FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
        Entries: results,
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(peer, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
