// A fault-injecting HTTP proxy in front of DynamoDB Local. DynamoDB Local runs transactions one at a time
// and never answers TransactionConflict, so the retry path of `transact()` (functions/store/db.ts) cannot
// be reached through it; this proxy answers what DynamoDB answers when two transactions touch the same item
// at once (TransactionCanceledException, reason TransactionConflict, nothing applied), or lets a write
// through and loses its answer (the connection drops after the commit).

import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';

export type Fault = 'pass' | 'conflict' | 'drop-response';

export interface DynamoProxy {
  url: string;
  /** Calls seen per DynamoDB operation, and faults injected per kind. */
  stats: { operations: Map<string, number>; injected: Map<Fault, number> };
  close(): Promise<void>;
}

/**
 * `decide` sees the operation (e.g. `TransactWriteItems`), how many times this same request (same
 * TransactItems / Item / Key, whatever the client token) was seen before, and its JSON body.
 */
export async function startDynamoProxy(
  upstream: string,
  decide: (operation: string, seenBefore: number, body: Record<string, unknown>) => Fault,
): Promise<DynamoProxy> {
  const target = new URL(upstream);
  const seen = new Map<string, number>();
  const stats = { operations: new Map<string, number>(), injected: new Map<Fault, number>() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      stats.operations.set(operation, (stats.operations.get(operation) ?? 0) + 1);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        body = {};
      }
      const { ClientRequestToken: _token, ...identity } = body;
      const fingerprint = createHash('sha256')
        .update(`${operation}\n${JSON.stringify(identity)}`)
        .digest('hex');
      const before = seen.get(fingerprint) ?? 0;
      seen.set(fingerprint, before + 1);
      const fault = decide(operation, before, body);
      if (fault !== 'pass') stats.injected.set(fault, (stats.injected.get(fault) ?? 0) + 1);

      if (fault === 'conflict') {
        const items = Array.isArray(body.TransactItems) ? body.TransactItems.length : 1;
        const reasons = Array.from({ length: items }, (_, i) =>
          i === 0
            ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
            : { Code: 'None' },
        );
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
            Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
            CancellationReasons: reasons,
          }),
        );
        return;
      }

      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': raw.length },
        },
        (upstreamRes) => {
          const parts: Buffer[] = [];
          upstreamRes.on('data', (c: Buffer) => parts.push(c));
          upstreamRes.on('end', () => {
            if (fault === 'drop-response') {
              // Committed upstream; the caller only sees its connection drop.
              req.socket.destroy();
              return;
            }
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(parts));
          });
        },
      );
      forward.on('error', () => req.socket.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
