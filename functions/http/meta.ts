// Health, the OpenAPI document and the API explorer (swagger-ui from the swagger-ui-dist package,
// served from the function's own files: no CDN).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '#domain/errors.ts';
import { STAGE } from '../config.ts';
import { buildOpenApi } from '../openapi.ts';
import * as routes from '../routes.ts';
import { type Impl, lambdaHandler, on } from '../pipeline/handler.ts';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** In a Lambda bundle the files sit in ./swagger-ui; locally they come from node_modules. */
function assetDirectories(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const dirs = [join(here, 'swagger-ui')];
  try {
    dirs.push(dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));
  } catch {
    // not installed next to this bundle
  }
  return dirs;
}

async function readAsset(name: string): Promise<Buffer> {
  for (const dir of assetDirectories()) {
    try {
      return await readFile(join(dir, name));
    } catch {
      // try the next place
    }
  }
  throw new NotFoundError({ vi: 'Không tìm thấy tệp.', en: 'File not found.' });
}

const PAGE = `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>API khen thưởng CCHC Sơn La</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
  </script>
</body>
</html>`;

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
  const type = ASSETS[params.asset];
  if (!type) throw new NotFoundError({ vi: 'Không tìm thấy tệp.', en: 'File not found.' });
  const body = await readAsset(params.asset);
  return {
    raw: { contentType: type, body: type.startsWith('image/') ? body : body.toString('utf8') },
    headers: { 'cache-control': 'public, max-age=86400' },
  };
};

export const handler = lambdaHandler([
  on(routes.health, health),
  on(routes.openapi, openapiRoute),
  on(routes.docs, docsRoute),
  on(routes.docsAsset, docsAsset),
]);
