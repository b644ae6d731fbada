// Health, the OpenAPI document and the API explorer (functions/lib/swagger-ui.ts).

import { NotFoundError } from '#domain/errors.ts';
import { STAGE } from '../config.ts';
import { PAGE, readAsset, SWAGGER_UI_ASSETS } from '../lib/swagger-ui.ts';
import { buildOpenApi, documentedRoutes } from '../openapi.ts';
import * as routes from '../routes/meta.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

let cachedDocument: string | undefined;

const health: Impl<typeof routes.health> = async () => ({ body: { status: 'ok' } });

const openapiRoute: Impl<typeof routes.openapi> = async () => {
  cachedDocument ??= JSON.stringify(
    buildOpenApi({ includeLocalOnly: STAGE === 'local' || STAGE === 'test' }),
  );
  return { raw: { contentType: 'application/json; charset=utf-8', body: cachedDocument } };
};

const docsRoute: Impl<typeof routes.docs> = async () => ({
  raw: { contentType: 'text/html; charset=utf-8', body: PAGE },
  headers: { 'cache-control': 'public, max-age=300' },
});

const docsAsset: Impl<typeof routes.docsAsset> = async ({ params }) => {
  const type = SWAGGER_UI_ASSETS[params.asset];
  if (!type) throw new NotFoundError({ vi: 'Không tìm thấy tệp.', en: 'File not found.' });
  const body = await readAsset(params.asset);
  return {
    raw: { contentType: type, body: type.startsWith('image/') ? body : body.toString('utf8') },
    headers: { 'cache-control': 'public, max-age=86400' },
  };
};

// Also API Gateway's `$default` route: a request no route takes gets its 404/405 problem here.
export const handler = lambdaHandler(
  [
    on(routes.health, health),
    on(routes.openapi, openapiRoute),
    on(routes.docs, docsRoute),
    on(routes.docsAsset, docsAsset),
  ],
  { unmatched: documentedRoutes(STAGE === 'local' || STAGE === 'test') },
);
