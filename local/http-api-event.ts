// The event API Gateway's HTTP API (payload format 2.0) hands a Lambda for one request, with the JWT claims
// as its JWT authorizer passes them. One builder for the local server and the test of the shipped bundles,
// so both speak what AWS sends.

import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';

export interface HttpApiRequest {
  method: string;
  /** The route's template, e.g. `/dossiers/{dossierId}`: with the method, the event's routeKey. */
  routePath: string;
  /** `$default` for a request no route takes (API Gateway's catch-all route); else from the method and path. */
  routeKey?: '$default' | undefined;
  url: URL;
  /** Path parameters as the template names them, already decoded. */
  pathParameters: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer | undefined;
  /** Claims of a token the authorizer accepted; absent on public routes (no authorizer ran). */
  claims?: Record<string, unknown> | undefined;
  requestId?: string;
  sourceIp?: string;
}

/** Query parameters as API Gateway joins repeated ones: `a=1&a=2` → `{a: "1,2"}`. */
export function queryParameters(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  return query;
}

export function httpApiEvent(request: HttpApiRequest) {
  const { method, url, headers, body, claims } = request;
  const routeKey = request.routeKey ?? `${method} ${request.routePath}`;
  const query = queryParameters(url);
  const textual = body === undefined || body.length === 0 || isUtf8(body);
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(request.pathParameters).length > 0 ? { pathParameters: request.pathParameters } : {}),
    ...(body && body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: url.hostname,
      domainPrefix: url.hostname.split('.')[0] ?? url.hostname,
      requestId: request.requestId ?? randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      // API Gateway sends `scopes: null` for a token that carries none.
      ...(claims
        ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } }
        : {}),
    },
  };
}
