// The API explorer: swagger-ui from the swagger-ui-dist package, served from the function's own files
// (no CDN). The list of files is the one the CDK stack copies into the bundle.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '#domain/errors.ts';

/** The files GET /docs/{asset} serves, with their content types. */
export const SWAGGER_UI_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** The same files, as the deployed bundle must hold them in its swagger-ui/ folder. */
export const SWAGGER_UI_FILES = Object.keys(SWAGGER_UI_ASSETS);

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

export async function readAsset(name: string): Promise<Buffer> {
  for (const dir of assetDirectories()) {
    try {
      return await readFile(join(dir, name));
    } catch {
      // try the next place
    }
  }
  throw new NotFoundError({ vi: 'Không tìm thấy tệp.', en: 'File not found.' });
}

/** The explorer page, pointed at this API's /openapi.json. */
export const PAGE = `<!doctype html>
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
