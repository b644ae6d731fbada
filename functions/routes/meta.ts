// The routes of the meta group: health, the OpenAPI document and the API explorer. Its function
// (functions/http/meta.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';

export const health = defineRoute({
  id: 'health',
  method: 'GET',
  path: '/health',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'Liveness check',
  response: s.HealthOut,
});

export const openapi = defineRoute({
  id: 'openapi',
  method: 'GET',
  path: '/openapi.json',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'This API as an OpenAPI 3.1 document',
});

export const docs = defineRoute({
  id: 'docs',
  method: 'GET',
  path: '/docs',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'Interactive API explorer',
  responseContentType: 'text/html',
});

export const docsAsset = defineRoute({
  id: 'docsAsset',
  method: 'GET',
  path: '/docs/{asset}',
  group: 'meta',
  auth: 'public',
  tag: 'meta',
  summary: 'Static files of the API explorer',
  params: s.DocsAssetParams,
  responseContentType: ['text/css', 'application/javascript', 'image/png'],
});
