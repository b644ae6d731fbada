// The shape of one HTTP route. The route table (functions/routes.ts) is a list of these: the local
// server dispatches on it, the CDK stack creates API routes and functions from it, and the OpenAPI
// document is generated from its zod schemas.

import type * as z from 'zod/mini';
import type { Role } from '#domain/types.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One Lambda function serves each group; its handler file is functions/http/<group>.ts. */
export const FUNCTION_GROUPS = [
  'meta',
  'units',
  'index-results',
  'rounds',
  'dossiers',
  'nominations',
  'documents',
  'movement-reports',
  'appraisal',
  'awards',
  'exports',
  'audit',
  'notifications',
  'dev',
] as const;
export type FunctionGroup = (typeof FUNCTION_GROUPS)[number];

/** `csv`: an import file (CSV or an .xlsx workbook), handed to the route as bytes. */
export type BodyKind = 'json' | 'csv' | 'none';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * The media types an import file may be sent as: CSV (`text/plain` too), an .xlsx workbook, and what
 * browsers on Windows label a .csv file with. The bytes tell a workbook from a CSV file.
 */
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  XLSX_MEDIA_TYPE,
  'text/plain',
  'application/vnd.ms-excel',
] as const;

/** A schema, built once on its first call. */
export type SchemaMaker = () => z.ZodMiniType;

/** The schema a route's field makes (undefined where the route has none). */
export type SchemaOf<M> = M extends () => infer S ? S : undefined;

export interface RouteDef {
  /** Unique; also the OpenAPI operationId and the key of the implementation in the group's handler file. */
  id: string;
  method: HttpMethod;
  /** API Gateway style path template: /dossiers/{dossierId}. */
  path: string;
  group: FunctionGroup;
  /** Roles that may call the route; `public` needs no token. */
  auth: 'public' | readonly Role[];
  summary: string;
  description?: string;
  tag: string;
  /**
   * The schemas of the request's parts and of the answer, each given by its maker (functions/schemas.ts
   * `later`): the pipeline builds a route's schemas on its first request, so a cold start builds none.
   */
  params?: SchemaMaker;
  query?: SchemaMaker;
  body?: SchemaMaker;
  /** How the body is read; `json` when `body` is set, else `none`. */
  bodyKind?: BodyKind;
  /** The media types a `csv` body may be sent as (the pipeline refuses others: 415), for the documentation. */
  requestContentTypes?: readonly string[];
  /** Response schema for the documentation (never built while a function serves). */
  response?: SchemaMaker;
  /** Content type (or the types, one per kind of file) of a non-JSON response, for the documentation. */
  responseContentType?: string | readonly string[];
  successStatus?: 200 | 201 | 202 | 204;
  /** Requires If-Match with the object's version (SPEC §6). */
  ifMatch?: boolean;
  /** Accepts an Idempotency-Key header (creating POSTs, SPEC §8). */
  idempotent?: boolean;
  /** Served by the local server only, never deployed. */
  localOnly?: boolean;
}

export const defineRoute = <const R extends RouteDef>(route: R): R => route;

export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** An API Gateway path template as a regular expression with its parameter names. */
export const compileRoute = (route: Pick<RouteDef, 'path'>): { pattern: RegExp; names: string[] } => {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part);
      if (param?.[1]) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
};

/** The methods the route table serves on a concrete path (a trailing slash ignored); none: no such path. */
export function methodsOnPath(
  routes: readonly Pick<RouteDef, 'method' | 'path'>[],
  path: string,
): HttpMethod[] {
  const bare = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const methods = routes.filter((r) => compileRoute(r).pattern.test(bare)).map((r) => r.method);
  return [...new Set(methods)];
}
